package io.listguard.policy;

import java.util.Locale;

/**
 * One policy file as the engine receives it: its display name (such as {@code policies/consent-regime.xlsx},
 * used in traces and errors) and its bytes.
 */
public record PolicySource(String name, byte[] content) {

    public enum Kind { DECISION_TABLE, DRL }

    public PolicySource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a policy source needs a name");
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The file name without its folder, e.g. {@code consent-regime.xlsx}. */
    public String fileName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    public Kind kind() {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xlsx")) {
            return Kind.DECISION_TABLE;
        }
        if (lower.endsWith(".drl")) {
            return Kind.DRL;
        }
        throw new IllegalArgumentException(name + " is neither a workbook (.xlsx) nor a DRL file (.drl)");
    }

    int size() {
        return content.length;
    }

    byte[] bytes() {
        return content;
    }
}
