package io.listguard.bulk;

/** A records file that cannot be read at all (missing required column, unknown format): nothing is evaluated. */
public class BulkFormatException extends RuntimeException {

    public BulkFormatException(String message) {
        super(message);
    }
}
