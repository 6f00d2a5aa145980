package io.listguard.bulk.jobs;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How jobs are shared between instances (properties {@code listguard.bulk.jobs.*}, defaults shown in
 * application.properties). A running job's owner heartbeats its execution every {@code heartbeat}; after
 * {@code missedHeartbeats} missed ones (db-scheduler's least is 4) any live instance revives it: its dead-execution
 * check runs every {@code 2 x heartbeat}, so a killed owner's job is taken up within {@code heartbeat x
 * (missedHeartbeats + 2)} plus one {@code polling}, 7 s with the defaults (heartbeat 1 s, 4 missed, polling 1 s). {@code threads}
 * jobs run at a time per instance (each one on every core); a job commits a checkpoint every {@code checkpointEvery};
 * a graceful shutdown waits up to {@code shutdownWait} for the running job to checkpoint and be released. An error
 * that is not the input's (the database, the disk) is retried after {@code retryAfter}, {@code maxRetries} times.
 * The sweep of ended jobs' files runs every {@code sweepEvery} (and at start-up); a job directory without a job is
 * deleted once older than {@code orphanAfter}.
 */
@Component
public record JobSettings(Duration heartbeat, int missedHeartbeats, Duration polling, int threads, Duration checkpointEvery,
                          Duration shutdownWait, Duration retryAfter, int maxRetries, Duration orphanAfter) {

    public JobSettings(@Value("${listguard.bulk.jobs.heartbeat:PT1S}") Duration heartbeat,
                       @Value("${listguard.bulk.jobs.missed-heartbeats:4}") int missedHeartbeats,
                       @Value("${listguard.bulk.jobs.polling:PT1S}") Duration polling,
                       @Value("${listguard.bulk.jobs.threads:1}") int threads,
                       @Value("${listguard.bulk.jobs.checkpoint-every:PT2S}") Duration checkpointEvery,
                       @Value("${listguard.bulk.jobs.shutdown-wait:PT30S}") Duration shutdownWait,
                       @Value("${listguard.bulk.jobs.retry-after:PT30S}") Duration retryAfter,
                       @Value("${listguard.bulk.jobs.max-retries:5}") int maxRetries,
                       @Value("${listguard.bulk.jobs.orphan-after:PT1H}") Duration orphanAfter) {
        this.heartbeat = heartbeat;
        this.missedHeartbeats = Math.max(4, missedHeartbeats); // db-scheduler's least
        this.polling = polling;
        this.threads = Math.max(1, threads);
        this.checkpointEvery = checkpointEvery;
        this.shutdownWait = shutdownWait;
        this.retryAfter = retryAfter;
        this.maxRetries = Math.max(0, maxRetries);
        this.orphanAfter = orphanAfter;
    }

    /** The defaults, for a test or a tool that builds the jobs by hand. */
    public static JobSettings defaults() {
        return new JobSettings(Duration.ofSeconds(1), 4, Duration.ofSeconds(1), 1, Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(30), 5, Duration.ofHours(1));
    }
}
