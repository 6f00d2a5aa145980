package io.listguard.scenario;

import java.util.List;

/**
 * One policy rule in a coverage report: a spreadsheet row (source, sheet, row) or a DRL rule (source, line).
 *
 * @param source      the policy file, e.g. policies/record-rules.xlsx or rules/regime.drl
 * @param sheet       the sheet (null for a DRL rule)
 * @param row         the spreadsheet row number (null for a DRL rule)
 * @param line        the DRL line (null for a spreadsheet row)
 * @param rule        the rule's name in the engine
 * @param ruleId      the legal rule id the row cites (R1...R22, Q-...), when it names one
 * @param exercisedBy the files of the scenarios in which it fired (empty when none did)
 */
public record CoverageEntry(String source, String sheet, Integer row, Integer line, String rule, String ruleId, List<String> exercisedBy) {

    public CoverageEntry {
        exercisedBy = exercisedBy == null ? List.of() : List.copyOf(exercisedBy);
    }

    /** "policies/record-rules.xlsx, sheet Records, row 15 (R5)" or "rules/regime.drl, line 12". */
    public String location() {
        return location(io.listguard.domain.Messages.ENGLISH);
    }

    /** The same in a language: "policies/record-rules.xlsx, feuille Records, ligne 15 (R5)". */
    public String location(java.util.Locale locale) {
        String where = sheet != null
                ? io.listguard.domain.Messages.text(locale, "scenario.where.row", source, sheet, String.valueOf(row))
                : line == null ? io.listguard.domain.Messages.text(locale, "scenario.where.rule", source, io.listguard.domain.Messages.ruleName(locale, rule))
                : io.listguard.domain.Messages.text(locale, "scenario.where.ruleLine", source, io.listguard.domain.Messages.ruleName(locale, rule), String.valueOf(line));
        return ruleId == null ? where : where + " (" + ruleId + ")";
    }
}
