package io.listguard.evaluation;

import io.listguard.domain.ProspectRecord;
import java.util.List;
import java.util.Set;

/**
 * The central list of people who objected to direct marketing (R20): which records of a batch are on it,
 * whatever their file says. The service looks them up by keyed hash in its database; a CLI or a test may have
 * none.
 */
@FunctionalInterface
public interface SuppressionList {

    SuppressionList NONE = records -> Set.of();

    /** The ids of the records whose email, phone or postal address is suppressed. */
    Set<String> suppressedRecordIds(List<ProspectRecord> records);

    /**
     * The records barred before the rules run: those on the list, and those of a person whose processing is
     * restricted (GDPR art. 18) where the service keeps such restrictions. One pass, one lookup per batch.
     */
    default Barred barred(List<ProspectRecord> records) {
        return Barred.suppressed(suppressedRecordIds(records));
    }

    /**
     * Record ids barred from contact before the rules: {@code suppressed}, an objection (R20, GDPR art. 21), and
     * {@code restricted}, a restriction of processing (R29, GDPR art. 18); each has its own rule and legal basis.
     */
    record Barred(Set<String> suppressed, Set<String> restricted) {

        public static final Barred NONE = new Barred(Set.of(), Set.of());

        public static Barred suppressed(Set<String> ids) {
            return new Barred(ids, Set.of());
        }
    }
}
