package io.listguard.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * Where a stored version comes from and what became of it: the version it was built on ({@code baseVersion}, null
 * for versions stored at start-up), the uploaded files that came without a recorded base (their rows must be
 * confirmed at activation), whether it was ever active, and its withdrawal, if any.
 */
public record CandidateLineage(String versionId, String baseVersion, List<String> unbasedFiles, boolean everActivated,
                               Withdrawal withdrawal) {

    /** Who withdrew a candidate, when and why: a withdrawn version cannot be activated. */
    public record Withdrawal(String by, Instant at, String reason) {
    }

    public boolean withdrawn() {
        return withdrawal != null;
    }
}
