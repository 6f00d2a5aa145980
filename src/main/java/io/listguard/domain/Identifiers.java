package io.listguard.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one place where an identifier (an email, a phone, a postal address) is folded before it is checked, compared
 * or hashed, so that one person always gives the same keyed hash however their file spells them: a rented file
 * with {@code 0６ 12 34 56 78} (a fullwidth digit) or {@code claire\u200B.martin@example.org} (a zero-width space)
 * must match the suppressed {@code 06 12 34 56 78} and {@code claire.martin@example.org}.
 *
 * <p>Folding removes invisible format characters (zero-width spaces and joiners, the byte-order mark, soft hyphens,
 * bidirectional marks, embeddings, overrides and isolates: Unicode category Cf), applies Unicode NFKC (fullwidth
 * and other compatibility forms become their plain letters, digits, '@' and spaces; no-break spaces become spaces),
 * turns every decimal digit into its ASCII digit (Arabic-Indic, Devanagari... which NFKC keeps) and every dash
 * into '-'. It is idempotent. Control characters (NUL, CR, LF, tab, other C0 and C1, line and paragraph separators)
 * are not folded: {@link #firstControl} finds them so that the value is refused (see {@link RequestValidator}).
 */
public final class Identifiers {

    private Identifiers() {
    }

    /** The folded form of a value (see the class comment); null stays null. Case is kept: callers lower emails. */
    public static String fold(String value) {
        if (value == null || isPlainAscii(value)) {
            return value;
        }
        StringBuilder visible = new StringBuilder(value.length());
        value.codePoints().filter(cp -> Character.getType(cp) != Character.FORMAT).forEach(visible::appendCodePoint);
        String normal = Normalizer.normalize(visible, Normalizer.Form.NFKC);
        StringBuilder folded = new StringBuilder(normal.length());
        normal.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.DECIMAL_DIGIT_NUMBER && cp > 0x7F) {
                folded.append((char) ('0' + Character.digit(cp, 10)));
            } else if (type == Character.DASH_PUNCTUATION && cp > 0x7F) {
                folded.append('-');
            } else if (type != Character.FORMAT) {
                folded.appendCodePoint(cp);
            }
        });
        return folded.toString();
    }

    /** Folded, trimmed and in lower case: how an email is compared and hashed. */
    public static String email(String email) {
        return email == null ? null : fold(email).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The index (in chars) of the first control character of a value: C0 (NUL, tab, CR, LF...), DEL, C1, and the
     * line and paragraph separators U+2028 and U+2029, which some log viewers break lines on; -1 when there is none.
     */
    public static int firstControl(String value) {
        return firstControl(value, false);
    }

    /** @param lineBreaks true where CR and LF are legitimate (the lines of a postal address) */
    public static int firstControl(String value, boolean lineBreaks) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (lineBreaks && (c == '\r' || c == '\n')) {
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why a value holds a control character, in English for the API and the logs (code {@code identifiers.control}),
     * naming the character by its code point and position, never quoting the value; null when it holds none.
     */
    public static String controlProblem(String value) {
        return controlProblem(value, false);
    }

    /** The same, where line breaks are legitimate: a postal address's lines (a quoted multi-line cell in a CSV file). */
    public static String controlProblem(String value, boolean lineBreaks) {
        int at = firstControl(value, lineBreaks);
        return at < 0 ? null : Messages.english("identifiers.control", codePoint(value.charAt(at)), String.valueOf(at + 1));
    }

    /** The same as a coded violation at a path (identifiers.control), null when the value has no control character. */
    public static Violation controlViolation(String path, String value, boolean lineBreaks) {
        int at = firstControl(value, lineBreaks);
        return at < 0 ? null : Violation.coded(path, "identifiers.control", codePoint(value.charAt(at)), String.valueOf(at + 1));
    }

    /** A character as U+XXXX. */
    public static String codePoint(int cp) {
        return String.format(Locale.ROOT, "U+%04X", cp);
    }

    private static boolean isPlainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
