package io.listguard.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges stored evaluations older than the retention period (default 3 years, R18), on the configured schedule.
 * Suppressions are not touched: they are kept until removed (R20). With several instances on one database, one runs
 * it: the others find the lock {@value #LOCK} taken and skip the run (ShedLock, docs/operations.md).
 */
@Component
public class RetentionJob {

    /** The ShedLock name of the purge. */
    public static final String LOCK = "audit-retention-purge";

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final AuditTrail trail;
    private final AuditProperties properties;
    private final Clock clock;

    @Autowired
    RetentionJob(AuditTrail trail, AuditProperties properties) {
        this(trail, properties, Clock.systemUTC());
    }

    RetentionJob(AuditTrail trail, AuditProperties properties, Clock clock) {
        this.trail = trail;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return the evaluations purged; empty when another instance holds the lock (the run was skipped) */
    @Scheduled(cron = "${listguard.audit.purge-cron:0 30 3 * * *}")
    @SchedulerLock(name = LOCK, lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M") // held 5 min: an instance whose clock lags does not run it again
    public Optional<Integer> purge() {
        Instant cutoff = clock.instant().atZone(ZoneOffset.UTC).minus(properties.retention()).toInstant();
        int purged = trail.purgeBefore(cutoff);
        log.info("retention: purged {} evaluation(s) made before {} (retention {})", purged, cutoff, properties.retention());
        return Optional.of(purged);
    }
}
