package io.listguard.lifecycle;

import io.listguard.security.Actor;
import java.lang.management.ManagementFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Activations set for an instant, such as the day a law takes effect (table policy_schedule). A schedule is
 * stored, so it survives a restart; a short poll ({@code listguard.policy.schedule-poll}, default 5 s, first run
 * at start-up) carries out the due ones. Each is claimed with a conditional update (PENDING to RUNNING) before it
 * runs, so that it runs once even with several instances on one database, and a schedule whose instant passed
 * while the service was down runs at start-up. Its activation goes through the same checks as any other,
 * approvals included. Evaluations keep using the effective dates written in the workbooks.
 */
@Component
public class ScheduledActivations {

    /** The ShedLock name of the poll. */
    public static final String LOCK = "policy-schedule-poll";

    private static final Logger log = LoggerFactory.getLogger(ScheduledActivations.class);
    private static final String COLUMNS = "id, version_id, content_hash, activate_at, state, scheduled_by, identity_kind, key_name, reason, scheduled_at, "
            + "finished_at, outcome, cancelled_by, cancel_reason";

    /** The states of a schedule. */
    public enum State { PENDING, RUNNING, DONE, FAILED, CANCELLED }

    /** One scheduled activation. */
    public record Schedule(long id, String versionId, String contentHash, Instant activateAt, State state, String scheduledBy,
                           Actor.Kind identityKind, String keyName, String reason, Instant scheduledAt, Instant finishedAt, String outcome,
                           String cancelledBy, String cancelReason) {

        /** The outcome in a language ("activée", a refusal's text), as the system wrote it. */
        public String outcome(java.util.Locale locale) {
            return StoredTexts.render(locale, outcome);
        }

        /** Why it was cancelled, in a language: what the person wrote, "retirée : ..." when its version was withdrawn. */
        public String cancelReason(java.util.Locale locale) {
            return StoredTexts.render(locale, cancelReason);
        }
    }

    private final JdbcClient jdbc;
    private final PolicyLifecycle lifecycle;
    private final PolicyApprovals approvals;
    private final PolicyEvents events;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    ScheduledActivations(JdbcClient jdbc, PolicyLifecycle lifecycle, PolicyApprovals approvals, PolicyEvents events) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.approvals = approvals;
        this.events = events;
    }

    /** Schedules a candidate's activation at an instant in the future; where approvals are required, it must have them. */
    public Schedule schedule(String versionId, Instant at, Actor actor, String reason) {
        return schedule(versionId, at, actor, reason, false);
    }

    /**
     * @param confirmed the person confirms the rows of the active version that the candidate replaces (files uploaded
     *                  without a recorded base): the activation at the instant carries that confirmation
     */
    public synchronized Schedule schedule(String versionId, Instant at, Actor actor, String reason, boolean confirmed) {
        // one schedule at a time in this instance: the pending-check and the insert below must not interleave
        lifecycle.version(versionId);
        if (reason == null || reason.isBlank()) {
            throw new PolicyChangeRefusedException(400, "schedule.reasonRequired");
        }
        if (at == null || !at.isAfter(Instant.now())) {
            throw new PolicyChangeRefusedException(400, "schedule.past", String.valueOf(at));
        }
        if (lifecycle.lineage(versionId).withdrawn()) {
            throw new PolicyChangeRefusedException("schedule.withdrawn", versionId);
        }
        PolicyApprovals.Status status = approvals.status(versionId);
        if (!status.satisfied()) {
            ApprovalsRequiredException refusal = new ApprovalsRequiredException(versionId, status.approvalsRequired(), status.approvalsGiven());
            events.record(versionId, PolicyEvent.Kind.ACTIVATION_REFUSED, actor, status.contentHash(), refusal);
            throw refusal;
        }
        lifecycle.checkActivatable(versionId, confirmed); // rows to confirm, a stale base: refused now, not at the instant
        Optional<Long> pending = jdbc.sql("select id from policy_schedule where version_id = ? and state = 'PENDING'").param(versionId)
                .query(Long.class).optional();
        if (pending.isPresent()) {
            throw new PolicyChangeRefusedException("schedule.alreadyScheduled", versionId, pending.get());
        }
        String why = PolicyEvents.cut(reason.strip(), 2000);
        jdbc.sql("insert into policy_schedule (version_id, content_hash, activate_at, state, scheduled_by, identity_kind, key_name, reason, confirmed, scheduled_at) "
                        + "values (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)")
                .params(versionId, status.contentHash(), Timestamp.from(at), PolicyEvents.cut(actor.display(), 200), actor.kind().name(), actor.keyName(),
                        why, confirmed, Timestamp.from(Instant.now()))
                .update();
        long id = jdbc.sql("select max(id) from policy_schedule where version_id = ? and state = 'PENDING'").param(versionId).query(Long.class).single();
        events.record(versionId, PolicyEvent.Kind.SCHEDULED, actor, status.contentHash(), StoredTexts.code("policy.stored.scheduledAt", id, at) + " " + why);
        log.info("policy version {} scheduled for activation at {} (#{}) by {}", versionId, at, id, actor.display());
        return find(id).orElseThrow();
    }

    /** Cancels a pending schedule, with a reason; one already carried out or cancelled cannot be. */
    public Schedule cancel(long id, Actor actor, String reason) {
        Schedule schedule = find(id).orElseThrow(() -> VersionNotFoundException.coded("api.notFound.schedule", id));
        if (reason == null || reason.isBlank()) {
            throw new PolicyChangeRefusedException(400, "schedule.reasonRequired");
        }
        String why = PolicyEvents.cut(reason.strip(), 2000);
        int cancelled = jdbc.sql("update policy_schedule set state = 'CANCELLED', cancelled_by = ?, cancel_reason = ?, finished_at = ? where id = ? and state = 'PENDING'")
                .params(PolicyEvents.cut(actor.display(), 200), why, Timestamp.from(Instant.now()), id).update();
        if (cancelled == 0) {
            throw new PolicyChangeRefusedException("schedule.notPending", id, find(id).orElseThrow().state());
        }
        events.record(schedule.versionId(), PolicyEvent.Kind.SCHEDULE_CANCELLED, actor, schedule.contentHash(), StoredTexts.prefixed("policy.stored.number", why, id));
        log.info("scheduled activation #{} of {} cancelled by {}", id, schedule.versionId(), actor.display());
        return find(id).orElseThrow();
    }

    public Optional<Schedule> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from policy_schedule where id = ?").param(id).query(ScheduledActivations::schedule).optional();
    }

    /** Every schedule, the latest first; or those of one version. */
    public List<Schedule> list(String versionId) {
        return versionId == null
                ? jdbc.sql("select " + COLUMNS + " from policy_schedule order by id desc").query(ScheduledActivations::schedule).list()
                : jdbc.sql("select " + COLUMNS + " from policy_schedule where version_id = ? order by id desc").param(versionId)
                        .query(ScheduledActivations::schedule).list();
    }

    /**
     * Carries out the due schedules (the poll; its first run is at start-up). With several instances, one polls at a
     * time (the ShedLock lock {@value #LOCK}; the others skip that round); the claim below still decides each schedule.
     */
    @Scheduled(fixedDelayString = "${listguard.policy.schedule-poll:PT5S}", initialDelay = 0)
    @SchedulerLock(name = LOCK, lockAtMostFor = "PT10M")
    public void runDue() {
        List<Long> due = jdbc.sql("select id from policy_schedule where state = 'PENDING' and activate_at <= ? order by activate_at, id")
                .param(Timestamp.from(Instant.now())).query(Long.class).list();
        for (long id : due) {
            if (claim(id)) {
                carryOut(find(id).orElseThrow());
            }
        }
    }

    /** Takes a due schedule for this instance: true for exactly one caller, whatever the number of instances. */
    boolean claim(long id) {
        return jdbc.sql("update policy_schedule set state = 'RUNNING', claimed_by = ?, claimed_at = ? where id = ? and state = 'PENDING'")
                .params(instance, Timestamp.from(Instant.now()), id).update() == 1;
    }

    private void carryOut(Schedule schedule) {
        // the service acting for the person who scheduled it, said in the reader's language when read (StoredTexts)
        Actor service = new Actor(StoredTexts.code("policy.stored.scheduledBy", schedule.id(), schedule.scheduledBy()), Actor.Kind.SYSTEM, "listguard", null);
        String outcome;
        State state;
        PolicyChangeRefusedException refusal = null;
        try {
            if (!approvals.contentHash(schedule.versionId()).equals(schedule.contentHash())) {
                throw new PolicyChangeRefusedException("schedule.changed", schedule.versionId());
            }
            boolean confirmed = jdbc.sql("select confirmed from policy_schedule where id = ?").param(schedule.id()).query(Boolean.class).single();
            lifecycle.activate(schedule.versionId(), PolicyEvents.cut(service.display(), 200), StoredTexts.prefixed("policy.stored.scheduled", schedule.reason(), schedule.id()),
                    confirmed);
            state = State.DONE;
            outcome = StoredTexts.code("policy.stored.activated");
        } catch (RuntimeException e) {
            refusal = e instanceof PolicyChangeRefusedException coded ? coded : null;
            state = State.FAILED;
            outcome = PolicyEvents.cut(refusal != null && refusal.code() != null ? StoredTexts.code(refusal.code(), refusal.args().toArray()) : e.getMessage(), 2000);
            log.error("scheduled activation #{} of {} failed: {}", schedule.id(), schedule.versionId(), e.getMessage());
        }
        jdbc.sql("update policy_schedule set state = ?, finished_at = ?, outcome = ? where id = ? and state = 'RUNNING'")
                .params(state.name(), Timestamp.from(Instant.now()), outcome, schedule.id()).update();
        if (refusal != null) {
            events.record(schedule.versionId(), PolicyEvent.Kind.SCHEDULE_FAILED, service, schedule.contentHash(), refusal);
        } else {
            events.record(schedule.versionId(), state == State.DONE ? PolicyEvent.Kind.SCHEDULE_CARRIED_OUT : PolicyEvent.Kind.SCHEDULE_FAILED, service,
                    schedule.contentHash(), StoredTexts.prefixed("policy.stored.number", outcome, schedule.id()));
        }
        log.info("scheduled activation #{} of {}: {}", schedule.id(), schedule.versionId(), outcome);
    }

    private static Schedule schedule(ResultSet rs, int row) throws SQLException {
        return new Schedule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), State.valueOf(rs.getString(5)),
                rs.getString(6), Actor.Kind.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13), rs.getString(14));
    }
}
