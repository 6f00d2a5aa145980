package io.listguard.policy;

import org.kie.api.KieBase;

/**
 * The one way out of this package to a compiled policy's KieBase, for the evaluation internals
 * ({@code io.listguard.evaluation.internal}) that open sessions over it. No other package may call it
 * (RuleContractTest): everything else sees a {@link CompiledPolicy} without the KIE API.
 */
public final class RuleBaseAccess {

    private RuleBaseAccess() {
    }

    public static KieBase kieBase(CompiledPolicy policy) {
        return policy.kieBase();
    }
}
