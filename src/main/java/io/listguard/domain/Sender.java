package io.listguard.domain;

/** Who the messages say they come from (R3, R22). */
public record Sender(String name, Boolean identified) {

    /** Identified means flagged so by the caller and actually named. */
    public boolean identifiedAndNamed() {
        return Boolean.TRUE.equals(identified) && name != null && !name.isBlank();
    }
}
