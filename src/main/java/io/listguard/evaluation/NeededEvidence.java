package io.listguard.evaluation;

import io.listguard.domain.PolicyText;
import io.listguard.rules.Evidence;

/**
 * Evidence a campaign's rules need its records file to hold, as a rule of the campaign stage declared it
 * ({@code rules/evidence.drl}): which rule, citing which legal rule ({@link RuleRef#ruleId()}) and reference.
 */
public record NeededEvidence(Evidence evidence, RuleRef rule, PolicyText legalRef) {
}
