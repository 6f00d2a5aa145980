package io.listguard.bulk.mapping;

import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import java.util.List;
import java.util.Locale;

/**
 * One problem of a mapping profile: where it is (a JSON path such as {@code fields.opted_out.values}, {@code $} for
 * the whole document), its message code and the code's arguments, rendered in French or English by {@link Messages}.
 */
public record ProfileProblem(String path, String code, List<String> args) {

    public ProfileProblem {
        args = List.copyOf(args);
    }

    public static ProfileProblem of(String path, String code, Object... args) {
        return new ProfileProblem(path, code, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }

    public String message(Locale locale) {
        return Messages.text(locale, code, args.toArray());
    }

    /** English, as the API's and the CLI's texts are. */
    public String message() {
        return Messages.english(code, args);
    }

    /** As a request violation: the path and the English message. */
    public Violation violation() {
        return new Violation(path, message());
    }

    @Override
    public String toString() {
        return path + ": " + message();
    }
}
