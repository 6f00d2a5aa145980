package io.listguard.policy;

import io.listguard.domain.Messages;

/**
 * One thing wrong (or worth a warning) in a policy file, located as precisely as the file allows: a spreadsheet
 * cell (A1 style) with its text, or a DRL line. The message is written for the person who edits that file.
 */
public record PolicyProblem(String source, String sheet, String cell, Integer line, String cellText, String message, String code,
                            java.util.List<String> args) {

    public PolicyProblem {
        args = args == null ? java.util.List.of() : java.util.List.copyOf(args);
    }

    public PolicyProblem(String source, String sheet, String cell, Integer line, String cellText, String message) {
        this(source, sheet, cell, line, cellText, message, null, null);
    }

    public PolicyProblem(String source, String sheet, String cell, Integer line, String message) {
        this(source, sheet, cell, line, null, message);
    }

    /**
     * A problem with a message code ({@link Messages}): {@code message} is its English text, {@link #message(Locale)}
     * renders it in French or English. Arguments are rendered as text; a part of an argument that is itself worded
     * differently in each language (a month, "from 2026-01-01") is written {@link #inline}, and rendered with it.
     */
    public static PolicyProblem coded(String source, String sheet, String cell, String cellText, String code, Object... args) {
        java.util.List<String> texts = java.util.Arrays.stream(args).map(String::valueOf).toList();
        return new PolicyProblem(source, sheet, cell, null, cellText, render(Messages.ENGLISH, code, texts), code, texts);
    }

    /** Within an argument, a code with its own arguments: {@code ⟦code|arg|arg⟧}, rendered in the reader's language. */
    private static final java.util.regex.Pattern INLINE = java.util.regex.Pattern.compile("⟦([A-Za-z0-9_.]+)((?:\\|[^|⟦⟧]*)*)⟧");

    /**
     * A piece of an argument worded in the reader's language, e.g. {@code inline("policy.month.2")} ("février",
     * "February") or {@code inline("policy.analysis.from", "2026-01-01")}. Its arguments must not hold | ⟦ ⟧.
     */
    public static String inline(String code, Object... args) {
        StringBuilder token = new StringBuilder("⟦").append(code);
        for (Object arg : args) {
            String text = String.valueOf(arg);
            // an argument that is itself a piece ({@link #inline}) is kept whole, and rendered first
            token.append('|').append(isInline(text) ? text : text.replaceAll("[|⟦⟧]", " "));
        }
        return token.append('⟧').toString();
    }

    private static int depth(String text, int end) {
        int depth = 0;
        for (int i = 0; i < end; i++) {
            depth += text.charAt(i) == '⟦' ? 1 : text.charAt(i) == '⟧' ? -1 : 0;
        }
        return depth;
    }

    private static boolean isInline(String text) {
        return text.length() > 2 && text.charAt(0) == '⟦' && text.charAt(text.length() - 1) == '⟧';
    }

    /**
     * A text with its {@link #inline} pieces rendered in a language (innermost first, so that a piece may hold
     * pieces): a problem's argument, or a text the system stored with pieces (a version's comment, a reason).
     */
    public static String resolved(java.util.Locale locale, String arg) {
        String text = arg;
        for (int pass = 0; pass < 8 && text != null && text.indexOf('⟦') >= 0; pass++) {
            java.util.regex.Matcher m = INLINE.matcher(text);
            StringBuilder out = new StringBuilder();
            boolean found = false;
            while (m.find()) {
                found = true;
                Object[] inner = m.group(2).isEmpty() ? new Object[0] : m.group(2).substring(1).split("\\|", -1);
                String rendered = Messages.text(locale, m.group(1), inner);
                boolean nested = depth(text, m.start()) > 0; // within a piece: its | would split that piece's arguments
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(nested ? rendered.replaceAll("[|⟦⟧]", " ") : rendered));
            }
            if (!found) {
                break;
            }
            text = m.appendTail(out).toString();
        }
        return text;
    }

    private static String render(java.util.Locale locale, String code, java.util.List<String> args) {
        return Messages.text(locale, code, args.stream().map(a -> resolved(locale, a)).toArray());
    }

    /** A coded problem at a line of a file (a DRL file), or in the whole file when {@code line} is null. */
    public static PolicyProblem codedAt(String source, Integer line, String code, Object... args) {
        java.util.List<String> texts = java.util.Arrays.stream(args).map(String::valueOf).toList();
        return new PolicyProblem(source, null, null, line, null, render(Messages.ENGLISH, code, texts), code, texts);
    }

    /** The message in a language: the code's text when the problem has a code, the English message otherwise. */
    public String message(java.util.Locale locale) {
        return code == null ? message : render(locale, code, args);
    }

    public static PolicyProblem inCell(String source, String sheet, String cell, String cellText, String message) {
        return new PolicyProblem(source, sheet, cell, null, cellText, message);
    }

    public static PolicyProblem inFile(String source, Integer line, String message) {
        return new PolicyProblem(source, null, null, line, null, message);
    }

    /** "policies/record-rules.xlsx, sheet Records, cell F12: ...", in English (logs, exceptions). */
    public String describe() {
        return describe(Messages.ENGLISH);
    }

    /**
     * Where the problem is and what it is, in a language: "policies/record-rules.xlsx, feuille Enregistrements,
     * cellule F12 : ..." in French, "policies/record-rules.xlsx, sheet Records, cell F12: ..." in English.
     */
    public String describe(java.util.Locale locale) {
        return where(locale) + Messages.text(locale, "policy.where.separator") + message(locale);
    }

    /** Only where the problem is: "policies/record-rules.xlsx, feuille Enregistrements, cellule F12". */
    public String where(java.util.Locale locale) {
        StringBuilder where = new StringBuilder(source);
        if (sheet != null) {
            where.append(Messages.text(locale, "policy.where.sheet", sheet));
        }
        if (cell != null) {
            where.append(Messages.text(locale, "policy.where.cell", cell));
        }
        if (line != null) {
            where.append(Messages.text(locale, "policy.where.line", String.valueOf(line)));
        }
        return where.toString();
    }
}
