package io.listguard.lifecycle;

import io.listguard.policy.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** Uploaded policy files (from the API or the console) as policy sources, named as the policy directories name them. */
public final class PolicyUploads {

    private PolicyUploads() {
    }

    public static List<PolicySource> sources(List<MultipartFile> files) {
        List<PolicySource> sources = new ArrayList<>();
        for (MultipartFile file : files) {
            if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                continue; // a file input left empty in a browser form
            }
            if (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
                throw new io.listguard.domain.InvalidArgumentException("api.policies.noFileName");
            }
            try {
                sources.add(new PolicySource(PolicySource.canonicalName(file.getOriginalFilename()), file.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (sources.isEmpty()) {
            throw new io.listguard.domain.InvalidArgumentException("api.policies.noFiles");
        }
        return sources;
    }
}
