package io.listguard.evaluation;

import io.listguard.domain.FindingScope;
import io.listguard.domain.Severity;

/**
 * Something the policy says about the campaign or the file as a whole. Code, severity, message and legal
 * reference all come from the policy row that raised it.
 */
public record Finding(String code, Severity severity, FindingScope scope, String message, String legalRef, RuleRef rule) {
}
