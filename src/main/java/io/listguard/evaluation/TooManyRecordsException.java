package io.listguard.evaluation;

/** A synchronous request over the record limit; whole files go through the bulk endpoint. */
public class TooManyRecordsException extends RuntimeException {

    private final int received;
    private final int limit;

    public TooManyRecordsException(int received, int limit) {
        super(received + " records exceed the limit of " + limit + " for a synchronous evaluation; split the file into requests of at most " + limit + " records");
        this.received = received;
        this.limit = limit;
    }

    public int received() {
        return received;
    }

    public int limit() {
        return limit;
    }
}
