package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.domain.Messages;
import io.listguard.xlsx.XlsxArchive;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How to read one records file: its charset (a BOM overrides it), the CSV separator (null: the profile's, else told
 * from the header line), the mapping profile (null: listguard's own header), the sheet of an XLSX workbook (null: the
 * first) and the limits of an XLSX workbook's archive (null: {@link XlsxRecordSource#DEFAULT_LIMITS}), resolved from
 * the request, the CLI's options and the profile itself: CLI option, then the request's {@code format}, then the
 * profile, then the default.
 */
public record ReadOptions(Charset charset, Character separator, MappingProfile profile, String sheet, XlsxArchive.Limits workbookLimits) {

    public static final ReadOptions DEFAULT = new ReadOptions(StandardCharsets.UTF_8, null, null);

    /** The separators a CSV file may declare: {@code ,} {@code ;} tab and {@code |}. */
    public static final List<Character> SEPARATORS = List.of(',', ';', '\t', '|');

    /** Message code of a separator that is not one of {@link #SEPARATORS}. */
    public static final String UNKNOWN_SEPARATOR = "bulk.separator.unknown";

    public ReadOptions {
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        if (separator != null && !SEPARATORS.contains(separator)) {
            throw new IllegalArgumentException(Messages.english(UNKNOWN_SEPARATOR, String.valueOf(separator)));
        }
        workbookLimits = workbookLimits == null ? XlsxRecordSource.DEFAULT_LIMITS : workbookLimits;
    }

    public ReadOptions(Charset charset, Character separator, MappingProfile profile) {
        this(charset, separator, profile, null, null);
    }

    /** The same options for another sheet of an XLSX workbook (null: the first). */
    public ReadOptions withSheet(String name) {
        return new ReadOptions(charset, separator, profile, name, workbookLimits);
    }

    /** The same options with the limits of an XLSX workbook's archive that the service is configured with. */
    public ReadOptions withWorkbookLimits(XlsxArchive.Limits limits) {
        return new ReadOptions(charset, separator, profile, sheet, limits);
    }

    public static ReadOptions of(Charset charset) {
        return new ReadOptions(charset, null, null);
    }

    /**
     * The separator a text names: {@code ,} {@code ;} {@code |} or a tab (written as the character, {@code \t} or
     * {@code tab}); null for null. Anything else, blank included, is an {@link IllegalArgumentException} whose
     * message is that of {@link #UNKNOWN_SEPARATOR}.
     */
    public static Character separatorNamed(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() == 1 && SEPARATORS.contains(text.charAt(0))) {
            return text.charAt(0);
        }
        if (text.equals("\\t") || text.toLowerCase(Locale.ROOT).equals("tab")) {
            return '\t';
        }
        throw new IllegalArgumentException(Messages.english(UNKNOWN_SEPARATOR, shown(text)));
    }

    /** A separator as messages show it: a tab as {@code \t}, control characters as U+XXXX. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder();
        text.chars().forEach(c -> b.append(c == '\t' ? "\\t" : c < 0x20 || (c >= 0x7F && c <= 0x9F) ? io.listguard.domain.Identifiers.codePoint(c)
                : String.valueOf((char) c)));
        return b.toString();
    }
}
