package io.listguard.bulk.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** A mapping profile that cannot be used, with every one of its problems (never only the first). */
public class InvalidProfileException extends RuntimeException {

    private final List<ProfileProblem> problems;

    public InvalidProfileException(List<ProfileProblem> problems) {
        super(problems.size() + " problem(s) in the mapping profile: "
                + problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ProfileProblem> problems() {
        return problems;
    }
}
