package io.listguard.evaluation;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy version evaluations run under: one immutable {@link Evaluator}, swapped whole when another version
 * is activated, so that an evaluation always runs under exactly one version (it reads {@link #current()} once).
 * The one place everyone reads it from (the evaluation service, bulk jobs, the API, the console); the policy
 * lifecycle owns it and is the only one to {@link #activate} (io.listguard.lifecycle.PolicyLifecycle).
 */
public final class ActivePolicy {

    private final AtomicReference<Evaluator> current = new AtomicReference<>();

    /** Nothing active yet: the lifecycle activates the start-up version. */
    public ActivePolicy() {
    }

    /** A fixed policy (a test, a CLI). */
    public ActivePolicy(Evaluator initial) {
        current.set(Objects.requireNonNull(initial));
    }

    /** The active version's evaluator. */
    public Evaluator current() {
        Evaluator evaluator = current.get();
        if (evaluator == null) {
            throw new IllegalStateException("no policy version is active yet");
        }
        return evaluator;
    }

    /** Makes another compiled policy the active one and returns the previous one (null at start-up); evaluations already running finish under it. */
    public Evaluator activate(Evaluator next) {
        return current.getAndSet(Objects.requireNonNull(next));
    }
}
