package io.listguard.lifecycle;

import io.listguard.policy.PolicyCompilationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance on the cluster's active version (issue 14): a single thread, off the request path, calls
 * {@link PolicyLifecycle#follow()} every {@code poll} (the fallback, and all there is on H2) and whenever
 * {@link #wake()} is called (a PostgreSQL notification, {@link PolicyNotifications}). A version that fails to compile
 * here is logged and tried again at the next round; the version running keeps serving meanwhile. It also says
 * whether this instance runs the active version, and since when it does not ({@link #sync()}).
 */
public final class PolicyStateFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyStateFollower.class);

    /** Where this instance stands: what it runs, what is active, since when it lags (null: in sync), the last failure. */
    public record Sync(String running, String active, boolean inSync, Instant outOfSyncSince, String lastFailure) {

        /** Whether it has lagged for longer than {@code grace}. */
        public boolean lagging(Instant now, Duration grace) {
            return !inSync && outOfSyncSince != null && Duration.between(outOfSyncSince, now).compareTo(grace) > 0;
        }
    }

    private final PolicyLifecycle lifecycle;
    private final Duration poll;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile PolicyState observed;
    private volatile Instant outOfSyncSince;
    private volatile String lastFailure;
    private volatile String failedVersion;
    private volatile PolicyNotifications notifications;

    public PolicyStateFollower(PolicyLifecycle lifecycle, Duration poll, Clock clock) {
        this.lifecycle = Objects.requireNonNull(lifecycle);
        this.poll = poll;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "policy-follower");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling. */
    public PolicyStateFollower start() {
        executor.scheduleWithFixedDelay(this::round, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Closes {@code notifications} with this follower (they wake it). */
    public void listenWith(PolicyNotifications notifications) {
        this.notifications = notifications;
    }

    /** Looks at the state now (soon, on the follower's thread): an activation was announced. */
    public void wake() {
        if (wakePending.compareAndSet(false, true) && !executor.isShutdown()) {
            try {
                executor.execute(() -> {
                    wakePending.set(false);
                    round();
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                wakePending.set(false);
            }
        }
    }

    /** One round: follows the state once; never throws. */
    void round() {
        try {
            PolicyState state = lifecycle.follow();
            if (state != null) {
                observed = state;
            }
            if (failedVersion != null && (state == null || !failedVersion.equals(state.activeVersion()) || failedVersion.equals(lifecycle.running()))) {
                log.info("policy version {} is now followed", lifecycle.running());
                failedVersion = null;
                lastFailure = null;
            }
        } catch (PolicyCompilationException | VersionNotFoundException e) {
            failure(e, "does not compile on this instance");
        } catch (RuntimeException e) {
            failure(e, "could not be followed");
        }
        sync();
    }

    private void failure(RuntimeException e, String what) {
        if (executor.isShutdown()) {
            return; // interrupted by the shutdown
        }
        String target = observed == null ? "?" : observed.activeVersion();
        try {
            PolicyState state = lifecycle.state();
            observed = state; // the version this instance could not follow: sync() reports the lag against it
            target = state.activeVersion();
        } catch (RuntimeException unreadable) {
            // the database is unreachable: the version is the one last seen
        }
        if (!target.equals(failedVersion)) {
            log.error("the active policy version {} {}; this instance keeps running {} and tries again every {} s: {}", target, what,
                    lifecycle.running(), poll.toSeconds(), e.getMessage());
        }
        failedVersion = target;
        lastFailure = e.getMessage();
    }

    /** Where this instance stands: against the state its last round read from the database (the last one seen if it could not be read). */
    public Sync sync() {
        // the state of the last round (at most one poll old), not a read: health is asked on every probe, and a probe
        // must not wait on a database that stopped answering (the db indicator says that, within its own timeout)
        PolicyState state = observed;
        String running = lifecycle.running();
        String active = state == null ? null : state.activeVersion();
        boolean inSync = active == null || active.equals(running);
        Instant since = outOfSyncSince;
        if (inSync) {
            outOfSyncSince = null;
            since = null;
        } else if (since == null) {
            // lagging since the activation it has not followed, as far as this instance knows: at the latest, now
            since = state.changedAt() != null && state.changedAt().isBefore(clock.instant()) ? state.changedAt() : clock.instant();
            outOfSyncSince = since;
        }
        return new Sync(running, active, inSync, since, lastFailure);
    }

    @Override
    public void close() {
        PolicyNotifications listening = notifications;
        if (listening != null) {
            listening.close();
        }
        executor.shutdownNow();
    }
}
