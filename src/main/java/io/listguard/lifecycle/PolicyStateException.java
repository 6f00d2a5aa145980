package io.listguard.lifecycle;

import io.listguard.domain.Messages;
import java.util.List;
import java.util.Locale;

/**
 * An action the version's state forbids: activating a withdrawn version, withdrawing the active one, and the like.
 * Its text is a message code with arguments ({@link #message(Locale)}); {@link #getMessage()} is its English text.
 */
public class PolicyStateException extends RuntimeException {

    private final String versionId;
    private final String code;
    private final List<Object> args;

    public PolicyStateException(String versionId, String code, Object... args) {
        super(Messages.english(code, args));
        this.versionId = versionId;
        this.code = code;
        this.args = List.of(args);
    }

    /** A refusal with its message code, so that it reads in the caller's language. */
    public static PolicyStateException coded(String versionId, String code, Object... args) {
        return new PolicyStateException(versionId, code, args);
    }

    /** The message code and arguments. */
    public io.listguard.domain.CodedText text() {
        return io.listguard.domain.CodedText.of(code, args.toArray());
    }

    public String versionId() {
        return versionId;
    }

    /** The refusal in the reader's language (French unless English is asked for). */
    public String message(Locale locale) {
        return Messages.text(locale, code, args.toArray());
    }
}
