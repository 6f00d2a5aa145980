package io.listguard.policy;

/**
 * One thing wrong (or worth a warning) in a policy file, located as precisely as the file allows: a spreadsheet
 * cell (A1 style) with its text, or a DRL line. The message is written for the person who edits that file.
 */
public record PolicyProblem(String source, String sheet, String cell, Integer line, String cellText, String message) {

    public PolicyProblem(String source, String sheet, String cell, Integer line, String message) {
        this(source, sheet, cell, line, null, message);
    }

    public static PolicyProblem inCell(String source, String sheet, String cell, String cellText, String message) {
        return new PolicyProblem(source, sheet, cell, null, cellText, message);
    }

    public static PolicyProblem inFile(String source, Integer line, String message) {
        return new PolicyProblem(source, null, null, line, null, message);
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
