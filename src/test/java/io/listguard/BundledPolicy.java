package io.listguard;

import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import java.nio.file.Path;

/** The bundled policies (rules/ and policies/ of this repository), compiled once per test JVM. */
public final class BundledPolicy {

    private static volatile Evaluator evaluator;

    private BundledPolicy() {
    }

    public static PolicySet policySet() {
        return PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
    }

    public static Evaluator evaluator() {
        if (evaluator == null) {
            synchronized (BundledPolicy.class) {
                if (evaluator == null) {
                    CompiledPolicy policy = new PolicyCompiler().compile(policySet(), "test");
                    evaluator = new Evaluator(policy);
                }
            }
        }
        return evaluator;
    }
}
