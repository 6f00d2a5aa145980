package io.listguard.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The company that rents out the file, with the certifications it claims. */
public record Provider(String name, List<String> certifications, LocalDate certifiedUntil) {

    public Provider {
        certifications = certifications == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(certifications));
    }
}
