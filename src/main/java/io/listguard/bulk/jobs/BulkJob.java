package io.listguard.bulk.jobs;

import java.time.Instant;

/**
 * A bulk job as callers see it: state, progress (lines read, evaluated, rejected), rate and an estimate of the
 * time left while it runs, why it failed if it did, and the mapping profile its file was read with (null for
 * listguard's own header).
 */
public record BulkJob(String id, State state, String caller, String campaignId, String fileId, String recordsName, long recordsBytes,
                      Instant createdAt, Instant startedAt, Instant finishedAt, long linesRead, long evaluated, long rejected,
                      Double recordsPerSecond, Long secondsLeft, String error, Profile profile) {

    public enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    /** The stored mapping profile a file was read with, at the version it had when the job was submitted. */
    public record Profile(String name, int version) {
    }
}
