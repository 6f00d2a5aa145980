package io.listguard.bulk.jobs;

import java.time.Instant;

/**
 * A bulk job as callers see it: state, progress (lines read, evaluated, rejected), rate and an estimate of the
 * time left while it runs, why it failed if it did, and the mapping profile its file was read with (null for
 * listguard's own header). Several instances share the jobs: {@code owner} is the instance running it (null while
 * queued), {@code heartbeatAt} when that instance last committed a checkpoint of it, {@code resumes} how many times
 * it was taken up again from its last checkpoint (after a restart or a dead instance); {@code policyVersion} the
 * version it runs under to the end; a cancel names who asked for it and why.
 */
public record BulkJob(String id, State state, String caller, String campaignId, String fileId, String recordsName, long recordsBytes,
                      Instant createdAt, Instant startedAt, Instant finishedAt, long linesRead, long evaluated, long rejected,
                      Double recordsPerSecond, Long secondsLeft, String error, Profile profile, String owner, Instant heartbeatAt,
                      int resumes, String policyVersion, Cancel cancel) {

    /** Why the job failed, in a language: stored by message codes ({@link io.listguard.lifecycle.StoredTexts}). */
    public String error(java.util.Locale locale) {
        return io.listguard.lifecycle.StoredTexts.render(locale, error);
    }

    public enum State {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

        /** COMPLETED, FAILED or CANCELLED: nothing more happens to the job. */
        public boolean ended() {
            return this == COMPLETED || this == FAILED || this == CANCELLED;
        }
    }

    /** The stored mapping profile a file was read with, at the version it had when the job was submitted. */
    public record Profile(String name, int version) {
    }

    /** A cancel asked for: by whom and why (the job is CANCELLED once its owner has stopped it). */
    public record Cancel(String requestedBy, String reason) {
    }
}
