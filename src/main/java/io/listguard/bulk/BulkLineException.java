package io.listguard.bulk;

import io.listguard.domain.Messages;
import java.util.Locale;

/**
 * A records file refused as a whole for what one of its lines holds (found by {@link RecordSource#precheck} before
 * the file is accepted): its message code and the line (from 1, as an editor counts), nothing of the line's content.
 */
public class BulkLineException extends BulkFormatException {

    public static final String LONE_CR_IN_QUOTES = "bulk.csv.carriageReturnInQuotesAt";

    private final String code;
    private final long line;

    BulkLineException(String code, long line) {
        super(Messages.english(code, String.valueOf(line)));
        this.code = code;
        this.line = line;
    }

    public String code() {
        return code;
    }

    public long line() {
        return line;
    }

    public String message(Locale locale) {
        return Messages.text(locale, code, String.valueOf(line));
    }
}
