package io.listguard.evaluation;

import io.listguard.policy.RuleOrigin;

/**
 * The rule that produced something: a spreadsheet row (source, sheet, row) or a DRL rule (source, line), with the
 * id of the legal rule it encodes (R1...R22, or Q-... for list quality) when its row names one.
 */
public record RuleRef(String name, String ruleId, String source, String sheet, Integer row, Integer line) {

    public static RuleRef of(RuleOrigin origin) {
        return new RuleRef(origin.ruleName(), origin.meta("ruleId"), origin.source(), origin.sheet(), origin.row(), origin.line());
    }
}
