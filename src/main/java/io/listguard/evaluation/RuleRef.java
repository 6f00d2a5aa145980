package io.listguard.evaluation;

import io.listguard.policy.RuleOrigin;

/** The rule that produced something: a spreadsheet row (source, sheet, row) or a DRL rule (source, line). */
public record RuleRef(String name, String source, String sheet, Integer row, Integer line) {

    public static RuleRef of(RuleOrigin origin) {
        return new RuleRef(origin.ruleName(), origin.source(), origin.sheet(), origin.row(), origin.line());
    }
}
