package io.listguard.domain;

/**
 * A yes/no answer as decision tables compare it. Compliance staff pick YES or NO in a drop-down; an enum
 * (rather than a boolean) keeps the cell readable and lets Drools index the condition.
 */
public enum YesNo {
    YES, NO;

    public static YesNo of(boolean value) {
        return value ? YES : NO;
    }
}
