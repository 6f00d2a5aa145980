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

    /** Every violation, "path: message", said by code where it has one (a stored refusal that reads in French too). */
    public io.listguard.domain.CodedText text() {
        List<Object> each = violations.stream().map(v -> v.code() == null ? (Object) v.located(io.listguard.domain.Messages.ENGLISH)
                : io.listguard.domain.CodedText.of("violation.located", v.path(), new io.listguard.domain.CodedText(v.code(), v.args()))).toList();
        io.listguard.domain.CodedText joined = io.listguard.domain.CodedText.of("violation.list", each.get(0));
        for (Object next : each.subList(1, each.size())) {
            joined = io.listguard.domain.CodedText.of("violation.more", joined, next);
        }
        return joined;
    }
}
