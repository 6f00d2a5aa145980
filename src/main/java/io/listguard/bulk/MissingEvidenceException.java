package io.listguard.bulk;

import io.listguard.domain.Messages;
import io.listguard.evaluation.NeededEvidence;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A CSV records file whose header lacks a column the campaign's rules need (issue 12, item 3), not declared absent:
 * the whole file is refused before any line is evaluated, naming each column, the rule that needs it with its legal
 * reference, and how to declare the evidence absent.
 */
public class MissingEvidenceException extends BulkFormatException {

    public static final String CODE = "bulk.evidence.missingColumns";

    private final List<String> columns;
    private final List<NeededEvidence> needs;

    /** {@code columns.get(i)} is the column of {@code needs.get(i)}. */
    MissingEvidenceException(List<String> columns, List<NeededEvidence> needs) {
        super(CODE, columns, locale -> text(locale, columns, needs));
        this.columns = List.copyOf(columns);
        this.needs = List.copyOf(needs);
    }

    /** The missing columns, e.g. {@code opted_out}. */
    public List<String> columns() {
        return columns;
    }

    /** The evidence the columns hold, each with the rule that needs it. */
    public List<NeededEvidence> needs() {
        return needs;
    }

    /** The field names to declare absent, e.g. {@code optedOut}. */
    public List<String> fields() {
        return needs.stream().map(n -> n.evidence().field()).toList();
    }

    private static String text(Locale locale, List<String> columns, List<NeededEvidence> needs) {
        StringBuilder why = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            NeededEvidence need = needs.get(i);
            why.append(i == 0 ? "" : "; ").append(columns.get(i)).append(" (").append(need.rule().ruleId()).append(", ").append(need.legalRef() == null ? "" : need.legalRef().in(locale))
                    .append(')');
        }
        List<String> fields = needs.stream().map(n -> n.evidence().field()).toList();
        return Messages.text(locale, CODE, String.join(", ", columns), why.toString(),
                fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ")), String.join(",", fields));
    }
}
