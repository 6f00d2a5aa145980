package io.listguard.evaluation;

import io.listguard.domain.Violation;
import java.util.List;

/** A request the evaluation cannot run: each violation names a JSON path. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the request: " + violations.get(0).path() + " " + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
