package io.listguard.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One line of a rented file: a person (or a generic business address) with what the provider knows of them. */
public record ProspectRecord(
        String id,
        RecordKind kind,
        String email,
        String phone,
        String postalAddress,
        LocalDate birthDate,
        String jobFunction,
        List<String> segments,
        List<Consent> consents,
        Boolean bloctelRegistered,
        Boolean optedOut,
        Boolean activeContractRelatedToOffer,
        LocalDate lastActivityOn,
        Integer callAttemptsLast30Days,
        LocalDate lastRefusalOn) {

    public ProspectRecord {
        segments = segments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(segments));
        consents = consents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(consents));
    }
}
