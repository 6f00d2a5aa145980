package io.listguard.lifecycle;

/** An action the version's state forbids: activating a withdrawn version, withdrawing the active one, and the like. */
public class PolicyStateException extends RuntimeException {

    private final String versionId;

    public PolicyStateException(String versionId, String message) {
        super(message);
        this.versionId = versionId;
    }

    public String versionId() {
        return versionId;
    }
}
