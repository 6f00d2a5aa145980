package io.listguard.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy set that does not compile, with every problem found (not just the first). */
public class PolicyCompilationException extends RuntimeException {

    private final List<PolicyProblem> problems;

    public PolicyCompilationException(List<PolicyProblem> problems) {
        this(List.copyOf(new java.util.LinkedHashSet<>(problems)), true);
    }

    private PolicyCompilationException(List<PolicyProblem> problems, boolean distinct) {
        super("the policies do not compile:\n" + problems.stream().map(p -> "  - " + p.describe()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
