package io.listguard.bulk.jobs;

import io.listguard.domain.Messages;

/** A cancel of a job that already ended (COMPLETED, FAILED or CANCELLED): nothing is changed. */
public class JobEndedException extends RuntimeException {

    public static final String CODE = "bulk.cancel.ended";

    private final BulkJob job;

    public JobEndedException(BulkJob job) {
        super(Messages.english(CODE, job.id(), job.state()));
        this.job = job;
    }

    public BulkJob job() {
        return job;
    }
}
