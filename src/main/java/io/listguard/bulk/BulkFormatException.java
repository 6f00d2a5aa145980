package io.listguard.bulk;

import io.listguard.domain.Messages;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A records file that cannot be read at all (missing required column, unknown format, damaged compression): nothing
 * is evaluated. It carries a message code and its arguments, so that the console and the API give the refusal in
 * the reader's language ({@link #message(Locale)}); {@link #getMessage()} is the English text, for the CLI and logs.
 */
public class BulkFormatException extends RuntimeException {

    public static final String NO_HEADER = "bulk.csv.noHeader";
    public static final String HEADER_UNCLOSED_QUOTE = "bulk.csv.headerUnclosedQuote";
    public static final String BLANK_COLUMNS = "bulk.csv.blankColumns";
    public static final String DUPLICATE_COLUMN = "bulk.csv.duplicateColumn";
    public static final String MISSING_REQUIRED = "bulk.csv.missingRequired";
    public static final String UNKNOWN_FORMAT = "bulk.format.unknown";
    public static final String GZIP_DAMAGED = "bulk.gzip.damaged";
    public static final String GZIP_DAMAGED_AFTER_LINE = "bulk.gzip.damagedAfterLine";
    public static final String GZIP_BAD_HEADER = "bulk.gzip.badHeader";

    private final String code;
    private final List<String> args;
    /** The text in a language: the code's, or for a refusal of several sentences, their composition. */
    private final transient Function<Locale, String> text;
    /** The same text by codes, when it was composed of coded sentences: kept as a stored job's error ({@link #text()}). */
    private final transient io.listguard.domain.CodedText composed;

    /** A refusal of one sentence: its code in io/listguard/domain/texts_*.properties and its arguments. */
    public BulkFormatException(String code, Object... args) {
        this(code, Arrays.stream(args).map(String::valueOf).toList(), (Function<Locale, String>) null);
    }

    /**
     * A refusal whose text is composed of several coded sentences (e.g. every column a profile misses): {@code code}
     * names it as a whole, {@code text} renders it in a language.
     */
    public BulkFormatException(String code, List<String> args, Function<Locale, String> text) {
        this(code, args, text, null);
    }

    /** A refusal composed of coded sentences: {@code code} names it as a whole, {@code composed} says it. */
    public BulkFormatException(String code, List<String> args, io.listguard.domain.CodedText composed) {
        this(code, args, composed::render, composed);
    }

    private BulkFormatException(String code, List<String> args, Function<Locale, String> text, io.listguard.domain.CodedText composed) {
        super(text != null ? text.apply(Messages.ENGLISH) : Messages.english(code, args));
        this.code = code;
        this.args = List.copyOf(args);
        this.text = text;
        this.composed = composed;
    }

    /** The refusal by codes, to say it later in a reader's language; null when its text is composed otherwise. */
    public io.listguard.domain.CodedText text() {
        return composed != null ? composed : text == null ? new io.listguard.domain.CodedText(code, List.copyOf(args)) : null;
    }

    public String code() {
        return code;
    }

    /** The code's arguments, as the message fills them in. */
    public List<String> args() {
        return args;
    }

    /** The refusal in French or English. */
    public String message(Locale locale) {
        return text != null ? text.apply(locale) : Messages.text(locale, code, args.toArray());
    }

    /** For a caller that must show a refusal it only knows as an exception: its coded text when it has one. */
    public static String message(RuntimeException e, Locale locale) {
        if (e instanceof BulkFormatException refused) {
            return refused.message(locale);
        }
        if (e instanceof UnknownCharsetException charset) {
            return charset.message(locale);
        }
        return e.getMessage();
    }

    /**
     * The same refusal as the whole file would have met, when it was met reading one piece of it after its header
     * ({@link RecordBoundaries.Piece}): a line or byte past the header is numbered as in the whole file. Refusals
     * that name neither are the same.
     */
    public BulkFormatException inWholeFile(long headerLine, long dataStart, RecordBoundaries.Piece piece) {
        return this;
    }
}
