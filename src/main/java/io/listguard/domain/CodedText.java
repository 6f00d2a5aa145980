package io.listguard.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A text by its message code and arguments ({@link Messages}), rendered when the reader's language is known: an
 * exception's refusal, a scenario's failure. Arguments are texts, or numbers (grouped in the reader’s language),
 * or coded texts themselves (rendered in the same language).
 */
public record CodedText(String code, List<Object> args) implements java.io.Serializable {

    public CodedText {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public static CodedText of(String code, Object... args) {
        return new CodedText(code, Arrays.stream(args)
                .map(a -> a instanceof Number || a instanceof CodedText ? a : (Object) String.valueOf(a)).toList());
    }

    /** The text in a language. */
    public String render(Locale locale) {
        return Messages.text(locale, code, args.stream().map(a -> a instanceof CodedText t ? t.render(locale) : a).toArray());
    }

    @JsonIgnore
    public String english() {
        return render(Messages.ENGLISH);
    }

    @Override
    public String toString() {
        return english();
    }
}
