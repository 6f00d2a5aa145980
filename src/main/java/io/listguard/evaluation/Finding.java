package io.listguard.evaluation;

import io.listguard.domain.FindingScope;
import io.listguard.domain.PolicyText;
import io.listguard.domain.Severity;

/**
 * Something the policy says about the campaign or the file as a whole. Code, severity, message and legal
 * reference all come from the policy row that raised it; message and legal reference in English and French.
 */
public record Finding(String code, Severity severity, FindingScope scope, PolicyText message, PolicyText legalRef, RuleRef rule) {
}
