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
     * renders it in French or English. Arguments are rendered as text.
     */
    public static PolicyProblem coded(String source, String sheet, String cell, String cellText, String code, Object... args) {
        java.util.List<String> texts = java.util.Arrays.stream(args).map(String::valueOf).toList();
        return new PolicyProblem(source, sheet, cell, null, cellText, Messages.english(code, texts), code, texts);
    }

    /** The message in a language: the code's text when the problem has a code, the English message otherwise. */
    public String message(java.util.Locale locale) {
        return code == null ? message : Messages.text(locale, code, args.toArray());
    }

    public static PolicyProblem inCell(String source, String sheet, String cell, String cellText, String message) {
        return new PolicyProblem(source, sheet, cell, null, cellText, message);
    }

    public static PolicyProblem inFile(String source, Integer line, String message) {
        return new PolicyProblem(source, null, null, line, null, message);
    }

    /**
     * The same in a language: "policies/record-rules.xlsx, feuille Records, cellule F12 : ..." (the words come from
     * the codes problem.where.*, the message from {@link #message(java.util.Locale)}).
     */
    public String describe(java.util.Locale locale) {
        StringBuilder where = new StringBuilder(source);
        if (sheet != null) {
            where.append(Messages.text(locale, "problem.where.sheet", sheet));
        }
        if (cell != null) {
            where.append(Messages.text(locale, "problem.where.cell", cell));
        }
        if (line != null) {
            where.append(Messages.text(locale, "problem.where.line", String.valueOf(line)));
        }
        return Messages.text(locale, "problem.where", where.toString(), message(locale));
    }

    /** "policies/record-rules.xlsx, sheet Records, cell F12: ..." */
    public String describe() {
        StringBuilder where = new StringBuilder(source);
        if (sheet != null) {
            where.append(", sheet ").append(sheet);
        }
        if (cell != null) {
            where.append(", cell ").append(cell);
        }
        if (line != null) {
            where.append(", line ").append(line);
        }
        return where.append(": ").append(message).toString();
    }
}
