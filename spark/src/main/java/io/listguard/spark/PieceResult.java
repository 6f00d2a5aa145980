package io.listguard.spark;

import io.listguard.domain.CodedText;
import io.listguard.evaluation.RunTotals;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one task reports of its piece of the file: its counts (merged on the driver into the file's, the way
 * {@link RunTotals} merge), its warnings by message code, where it wrote its part files, or the refusal that stops
 * the whole file (a byte not valid in the charset, a lone CR in quotes, a damaged gzip), numbered as in the whole file.
 */
record PieceResult(int index, long linesRead, long evaluated, long rejected, long contactable, Map<String, Long> excludedBy,
                   List<CodedText> warnings, String verdicts, String errors, String refusal) implements Serializable {

    PieceResult {
        excludedBy = new TreeMap<>(excludedBy);
        warnings = List.copyOf(warnings);
    }

    /** A piece whose reading refused the file: the refusal in the job's language. */
    static PieceResult refused(int index, String refusal) {
        return new PieceResult(index, 0, 0, 0, 0, Map.of(), List.of(), null, null, refusal);
    }

    boolean isRefused() {
        return refusal != null;
    }

    /** The counts as the core merges them: records evaluated, contactable, excluded by reason, lines rejected. */
    RunTotals totals() {
        return new RunTotals(evaluated, contactable, rejected, excludedBy);
    }
}
