package io.listguard.bulk.jobs;

import java.time.Instant;

/**
 * A bulk job as callers see it: state, progress (lines read, evaluated, rejected), rate and an estimate of the
 * time left while it runs, and why it failed if it did.
 */
public record BulkJob(String id, State state, String caller, String campaignId, String fileId, String recordsName, long recordsBytes,
                      Instant createdAt, Instant startedAt, Instant finishedAt, long linesRead, long evaluated, long rejected,
                      Double recordsPerSecond, Long secondsLeft, String error) {

    public enum State { QUEUED, RUNNING, COMPLETED, FAILED }
}
