package io.listguard.suppression;

/** The identifier asked about is not on the suppression list. The message never holds the identifier itself. */
public class SuppressionNotFoundException extends RuntimeException {

    public SuppressionNotFoundException(String message) {
        super(message);
    }
}
