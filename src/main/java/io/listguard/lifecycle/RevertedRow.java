package io.listguard.lifecycle;

import io.listguard.policy.PolicyDiff;
import java.util.List;

/**
 * A row of the active version that a workbook without a recorded base would change ({@code CHANGED}) or delete
 * ({@code REMOVED}), or a whole DRL or scenario file it would replace ({@code FILE}, no sheet): possibly a
 * colleague's change it undoes. {@code row} is the row in the active version, {@code candidateRow} in the upload;
 * {@code changes} the cells that differ (active text, then the upload's). {@code message} is the English text of
 * {@code code}.
 */
public record RevertedRow(String file, String sheet, String table, Integer row, Integer candidateRow, String status,
                          List<PolicyDiff.CellChange> changes, String code, List<String> args, String message) {
}
