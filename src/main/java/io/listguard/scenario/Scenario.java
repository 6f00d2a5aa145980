package io.listguard.scenario;

import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A business test of the policies, written by compliance staff beside them ({@code policies/scenarios/*.json}):
 * given a campaign, a rented file and its records (exactly as the evaluation API receives them), the policies
 * must answer what {@code expect} says.
 *
 * @param file        the scenario's file name, set by {@link ScenarioParser} (not read from the JSON)
 * @param name        a short title
 * @param description what the scenario checks and why, citing the legal rule ids (R1...R22, Q-...)
 * @param given       the evaluation request
 * @param expect      what the policies must answer
 * @param origin      where a case of a scenario workbook is written (its sheet and rows); null for a JSON file
 */
public record Scenario(String file, String name, String description, EvaluationRequest given, Expectations expect, Origin origin) {

    /** A JSON scenario: the whole file is the scenario. */
    public Scenario(String file, String name, String description, EvaluationRequest given, Expectations expect) {
        this(file, name, description, given, expect, null);
    }

    /**
     * A case of a scenario workbook ({@code policies/scenarios/scenarios.xlsx}).
     *
     * @param sheet    the sheet, e.g. Cases
     * @param caseId   the case's id, as written in its first column
     * @param firstRow the first (1-based) row of the case
     * @param lastRow  its last row
     */
    public record Origin(String sheet, String caseId, int firstRow, int lastRow) {

        /** "sheet Cases, case R6-01 (rows 12-13)". */
        public String describe() {
            return describe(io.listguard.domain.Messages.ENGLISH);
        }

        /** The same in a language: "feuille Cases, cas R6-01 (lignes 12-13)". */
        public String describe(java.util.Locale locale) {
            return firstRow == lastRow ? io.listguard.domain.Messages.text(locale, "scenario.origin.row", sheet, caseId, String.valueOf(firstRow))
                    : io.listguard.domain.Messages.text(locale, "scenario.origin.rows", sheet, caseId, String.valueOf(firstRow), String.valueOf(lastRow));
        }
    }

    /**
     * How reports name the scenario: its file for a JSON scenario, the file, sheet, case and rows for a case of a
     * workbook ("policies/scenarios/scenarios.xlsx, sheet Cases, case R6-01 (rows 12-13)").
     */
    public String label() {
        return label(io.listguard.domain.Messages.ENGLISH);
    }

    /** The same in a language (the file and the case id as written; the words of the language). */
    public String label(java.util.Locale locale) {
        String where = file != null ? file : name;
        return origin == null ? where : where + ", " + origin.describe(locale);
    }

    /**
     * What a scenario checks. Every part is optional; a part left out (null) is not checked.
     *
     * @param decision the decision
     * @param findings the finding codes: when present, the set of codes raised must be exactly this one
     *                 ([] means no finding at all)
     * @param records  record id to its exclusion codes, in any order ([] means contactable); records not listed
     *                 are not checked
     */
    public record Expectations(Decision decision, List<String> findings, Map<String, List<String>> records) {

        public Expectations {
            findings = findings == null ? null : List.copyOf(findings);
            if (records != null) {
                Map<String, List<String>> copy = new LinkedHashMap<>();
                records.forEach((id, reasons) -> copy.put(id, reasons == null ? null : Collections.unmodifiableList(new ArrayList<>(reasons))));
                records = Collections.unmodifiableMap(copy);
            }
        }

        /** True when nothing at all is expected. */
        public boolean checksNothing() {
            return decision == null && findings == null && records == null;
        }
    }
}
