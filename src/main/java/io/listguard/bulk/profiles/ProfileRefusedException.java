package io.listguard.bulk.profiles;

import io.listguard.domain.Messages;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A refused step on a stored profile (nothing changed), with its message code ({@link Messages}) so that people read
 * it in their language; {@link #getMessage()} is the English text.
 */
public abstract class ProfileRefusedException extends RuntimeException {

    private final String code;
    private final List<String> args;

    protected ProfileRefusedException(String code, Object... args) {
        super(Messages.english(code, Arrays.stream(args).map(String::valueOf).toList()));
        this.code = code;
        this.args = Arrays.stream(args).map(String::valueOf).toList();
    }

    public String code() {
        return code;
    }

    public List<String> args() {
        return args;
    }

    /** The text in a language (French unless English is asked for). */
    public String text(Locale locale) {
        return Messages.text(locale, code, args.toArray());
    }
}
