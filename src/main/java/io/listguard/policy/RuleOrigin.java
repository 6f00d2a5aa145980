package io.listguard.policy;

import java.util.Map;

/**
 * Where a rule was written: a spreadsheet row (source, sheet, row, first cell) or a DRL rule (source and line),
 * with the metadata its author attached (legal reference, rule id, confidence...), and whether it is enabled
 * (a row switched off with ENABLED false still has an origin, for coverage and analysis).
 */
public record RuleOrigin(String ruleName, String source, String sheet, Integer row, String cell, Integer line,
                         Map<String, String> metadata, boolean enabled) {

    public RuleOrigin {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public RuleOrigin(String ruleName, String source, String sheet, Integer row, String cell, Integer line, Map<String, String> metadata) {
        this(ruleName, source, sheet, row, cell, line, metadata, true);
    }

    /** A short name for verdict files: "consent-regime.xlsx:Regime:14" or "regime.drl:Rule name". */
    public String shortName() {
        String file = source.substring(source.lastIndexOf('/') + 1);
        return fromSpreadsheet() ? file + ":" + sheet + ":" + row : file + ":" + ruleName;
    }

    public boolean fromSpreadsheet() {
        return sheet != null;
    }

    public String meta(String key) {
        return metadata.get(key);
    }

    /** "policies/consent-regime.xlsx, sheet Regime, row 14" or "rules/decision.drl, line 12". */
    public String describe() {
        return fromSpreadsheet()
                ? source + ", sheet " + sheet + ", row " + row
                : source + ", rule \"" + ruleName + "\"" + (line == null ? "" : ", line " + line);
    }
}
