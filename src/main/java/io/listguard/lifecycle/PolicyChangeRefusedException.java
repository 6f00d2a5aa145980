package io.listguard.lifecycle;

import io.listguard.domain.Messages;
import java.util.List;
import java.util.Locale;

/**
 * A step of a policy change that is refused (an approval of one's own change, a schedule in the past, ...):
 * nothing changed. It has a message code ({@link Messages}), so that people read it in their language.
 */
public class PolicyChangeRefusedException extends RuntimeException {

    private final String code;
    private final List<Object> args;
    private final int status;

    /** A refusal because of the state of things (HTTP 409). */
    public PolicyChangeRefusedException(String code, Object... args) {
        this(409, code, args);
    }

    /** A refusal with its HTTP status: 409 for the state of things, 400 for a request missing something. */
    public PolicyChangeRefusedException(int status, String code, Object... args) {
        super(Messages.english(code, java.util.Arrays.stream(args).map(String::valueOf).toList()));
        this.code = code;
        this.args = List.of(args);
        this.status = status;
    }

    /** The code's arguments, as text. */
    public List<String> args() {
        return args.stream().map(String::valueOf).toList();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message(Locale locale) {
        return Messages.text(locale, code, args.toArray());
    }
}
