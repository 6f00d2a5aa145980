package io.listguard.lifecycle;

/** No stored version (or no file of that name in it). */
public class VersionNotFoundException extends RuntimeException {

    public VersionNotFoundException(String message) {
        super(message);
    }
}
