package io.listguard.cli;

import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.domain.CodedText;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.domain.Messages;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * The texts of a command in its language ({@link Cli}): by message code, numbers that are counts grouped as the
 * language groups them (12 000 in French, 12,000 in English).
 */
final class CliTexts {

    private final Locale locale;

    CliTexts(Locale locale) {
        this.locale = locale;
    }

    Locale locale() {
        return locale;
    }

    String text(String code, Object... args) {
        return Messages.text(locale, code, args);
    }

    /** A count, grouped by the language. */
    String count(long n) {
        return NumberFormat.getIntegerInstance(locale).format(n);
    }

    /** A measure with a fixed number of decimals, grouped by the language (1 234,5 / 1,234.5). */
    String decimal(double value, int decimals) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        return format.format(value);
    }

    /**
     * What went wrong, in the language when the exception has a message code (a records file, a charset, a refused
     * argument); otherwise its message, which names a file or a system error.
     */
    String describe(Throwable e) {
        if (e instanceof BulkFormatException format) {
            return format.message(locale);
        }
        if (e instanceof UnknownCharsetException charset) {
            return charset.message(locale);
        }
        if (e instanceof InvalidArgumentException coded) {
            return coded.message(locale);
        }
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return text("cli.noSuchFile", missing.getFile());
        }
        if (e instanceof java.nio.file.AccessDeniedException denied) {
            return text("cli.accessDenied", denied.getFile());
        }
        if (e instanceof tools.jackson.core.JacksonException jackson) {
            return io.listguard.domain.JsonErrors.describe(jackson).located(locale);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    String render(CodedText text) {
        return text.render(locale);
    }
}
