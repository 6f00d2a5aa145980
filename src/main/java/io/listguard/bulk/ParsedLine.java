package io.listguard.bulk;

import io.listguard.domain.CodedText;
import io.listguard.domain.Messages;
import io.listguard.domain.ProspectRecord;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One data line of a records file: a record, or why the line was rejected. Line numbers count from 1 with the header.
 * {@code consentsOmitted}: an NDJSON line without a {@code consents} key (or with null), which a record's empty list
 * cannot tell from {@code []} (issue 12, item 3: a line that says nothing of consents holds no evidence of them).
 * A rejected line's {@code problems} are its reasons by message code (issue 16), {@link #error(Locale)} in the
 * reader's language; {@code error} is the English text, as the API's errors.csv says it (it may add a parser's own
 * words to the codes' texts).
 */
public record ParsedLine(long line, ProspectRecord record, String error, boolean consentsOmitted, List<CodedText> problems) {

    public ParsedLine {
        problems = problems == null ? null : List.copyOf(problems);
    }

    static ParsedLine ok(long line, ProspectRecord record) {
        return new ParsedLine(line, record, null, false, null);
    }

    static ParsedLine ok(long line, ProspectRecord record, boolean consentsOmitted) {
        return new ParsedLine(line, record, null, consentsOmitted, null);
    }

    /** A rejected line, its English text the codes' texts joined by "; ". */
    static ParsedLine rejected(long line, List<CodedText> problems) {
        return new ParsedLine(line, null, english(problems), false, problems);
    }

    static ParsedLine rejected(long line, CodedText problem) {
        return rejected(line, List.of(problem));
    }

    /** A rejected line whose English text says more than its codes' texts (the JSON parser's own words). */
    static ParsedLine rejected(long line, String english, List<CodedText> problems) {
        return new ParsedLine(line, null, english, false, problems);
    }

    public boolean rejected() {
        return error != null;
    }

    /** Why the line is rejected, in a language (English: {@link #error()}); null for a record. */
    public String error(Locale locale) {
        if (error == null || problems == null || Messages.ENGLISH.getLanguage().equals(locale == null ? "" : locale.getLanguage())) {
            return error;
        }
        return render(problems, locale);
    }

    /** Problems joined as a line's reason: "; " between them. */
    public static String render(List<CodedText> problems, Locale locale) {
        return problems.stream().map(p -> p.render(locale)).collect(Collectors.joining("; "));
    }

    static String english(List<CodedText> problems) {
        return render(problems, Messages.ENGLISH);
    }
}
