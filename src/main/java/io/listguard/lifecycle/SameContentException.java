package io.listguard.lifecycle;

/** An upload whose content (cells, DRL, scenarios) is that of a stored version: that version is named, none is created. */
public class SameContentException extends RuntimeException {

    private final String existingVersion;

    public SameContentException(String existingVersion, String message) {
        super(message);
        this.existingVersion = existingVersion;
    }

    public String existingVersion() {
        return existingVersion;
    }
}
