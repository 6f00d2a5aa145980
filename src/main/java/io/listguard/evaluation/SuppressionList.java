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
}
