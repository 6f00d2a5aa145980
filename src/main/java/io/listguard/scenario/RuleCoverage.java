package io.listguard.scenario;

import java.util.List;

/**
 * Which rules of the policy the scenarios exercised: a rule counts as exercised when it fired in at least one
 * scenario (a row whose action is "NO", kept to record that a case was considered, counts too). Only enabled
 * rules are counted; rows switched off (ENABLED false) are listed apart. Reference-data rows (the "catalogue"
 * stage, sheet Offers) fire when a policy loads, not in evaluations, and are left out.
 *
 * @param enabledRows        enabled spreadsheet rows
 * @param exercisedRows      of which fired in at least one scenario
 * @param enabledDrlRules    enabled DRL rules
 * @param exercisedDrlRules  of which fired in at least one scenario
 * @param exercised          the rules (rows and DRL) that fired, with the scenarios that exercised them
 * @param uncoveredRows      enabled spreadsheet rows no scenario exercised
 * @param uncoveredDrlRules  enabled DRL rules no scenario exercised
 * @param disabled           rows and rules switched off: not counted
 */
public record RuleCoverage(int enabledRows, int exercisedRows, int enabledDrlRules, int exercisedDrlRules,
                           List<CoverageEntry> exercised, List<CoverageEntry> uncoveredRows,
                           List<CoverageEntry> uncoveredDrlRules, List<CoverageEntry> disabled) {

    public RuleCoverage {
        exercised = List.copyOf(exercised);
        uncoveredRows = List.copyOf(uncoveredRows);
        uncoveredDrlRules = List.copyOf(uncoveredDrlRules);
        disabled = List.copyOf(disabled);
    }

    /** "Coverage: 112 of 112 enabled rows exercised by a scenario" in a language (counts grouped by the language). */
    public String summary(java.util.Locale locale) {
        return io.listguard.domain.Messages.text(locale, "scenario.coverage", exercisedRows, enabledRows);
    }

    /** "Coverage: 112 of 112 enabled rows, 3 of 4 DRL rules exercised by a scenario" in a language. */
    public String summaryWithDrl(java.util.Locale locale) {
        return io.listguard.domain.Messages.text(locale, "scenario.coverage.drl", exercisedRows, enabledRows, exercisedDrlRules, enabledDrlRules);
    }

    /** Share of enabled spreadsheet rows exercised, in percent (100 when there is none). */
    public double rowsPercent() {
        return enabledRows == 0 ? 100.0 : 100.0 * exercisedRows / enabledRows;
    }
}
