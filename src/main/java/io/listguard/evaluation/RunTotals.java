package io.listguard.evaluation;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts of part of an evaluation: records evaluated, contactable, excluded by each reason, and lines rejected
 * before evaluation (a bulk file's malformed lines). A batch, a bulk job, a partition of a file evaluated elsewhere
 * (a Spark task) or a replay each produce one, and they merge the same way: {@link #merge} is associative and
 * commutative with {@link #EMPTY} as identity, so the parts of a file merged in any grouping and order give the
 * totals, and so the summary and decision ({@link EvaluationRun#finish()}), of the file evaluated in one run.
 * A record excluded for two reasons counts once in {@link #excluded()} and once under each reason.
 */
public record RunTotals(long records, long contactable, long rejected, Map<String, Long> excludedBy) {

    public static final RunTotals EMPTY = new RunTotals(0, 0, 0, Map.of());

    public RunTotals {
        if (records < 0 || contactable < 0 || rejected < 0 || contactable > records) {
            throw new IllegalArgumentException("impossible totals: " + records + " records, " + contactable + " contactable, " + rejected + " rejected");
        }
        excludedBy = Collections.unmodifiableMap(new TreeMap<>(excludedBy));
    }

    /** The totals of these verdicts. */
    public static RunTotals of(List<RecordVerdict> verdicts) {
        long contactable = 0;
        Map<String, Long> byReason = new TreeMap<>();
        for (RecordVerdict verdict : verdicts) {
            if (verdict.contactable()) {
                contactable++;
            } else {
                for (String reason : verdict.reasons()) {
                    byReason.merge(reason, 1L, Long::sum);
                }
            }
        }
        return new RunTotals(verdicts.size(), contactable, 0, byReason);
    }

    /** Lines refused before evaluation (malformed, or lacking needed evidence). */
    public static RunTotals rejectedLines(long rejected) {
        return new RunTotals(0, 0, rejected, Map.of());
    }

    /** Both parts together. */
    public RunTotals merge(RunTotals other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<String, Long> byReason = new TreeMap<>(excludedBy);
        other.excludedBy.forEach((reason, count) -> byReason.merge(reason, count, Long::sum));
        return new RunTotals(records + other.records, contactable + other.contactable, rejected + other.rejected, byReason);
    }

    public boolean isEmpty() {
        return records == 0 && rejected == 0 && excludedBy.isEmpty();
    }

    public long excluded() {
        return records - contactable;
    }

    /** Lines read of a file: evaluated or rejected. */
    public long linesRead() {
        return records + rejected;
    }

    /** The counts an answer gives (rejected lines are not part of it: they are a bulk job's totals). */
    public Summary summary() {
        Map<String, Integer> byReason = new TreeMap<>();
        excludedBy.forEach((reason, count) -> byReason.put(reason, Math.toIntExact(count)));
        return new Summary(Math.toIntExact(records), Math.toIntExact(contactable), Math.toIntExact(excluded()),
                Collections.unmodifiableMap(byReason));
    }
}
