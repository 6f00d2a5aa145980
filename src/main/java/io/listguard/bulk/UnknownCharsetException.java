package io.listguard.bulk;

import io.listguard.domain.Messages;
import java.util.List;
import java.util.Locale;

/** A charset name that is not one of {@link RecordCharsets#SUPPORTED}: nothing is read (message code {@code bulk.charset.unknown}). */
public class UnknownCharsetException extends RuntimeException {

    public static final String CODE = "bulk.charset.unknown";

    private final String name;

    public UnknownCharsetException(String name) {
        super(Messages.english(CODE, List.of(name, RecordCharsets.supportedNames())));
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String code() {
        return CODE;
    }

    public String message(Locale locale) {
        return Messages.text(locale, CODE, name, RecordCharsets.supportedNames());
    }
}
