package io.listguard.lifecycle;

import io.listguard.policy.PolicySet;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the configured policy directories (setting {@code listguard.policy.watch=true}) and, when a file
 * changes, validates the directories' content as a candidate and keeps the result as a proposal. Nothing is
 * activated by itself: a person reads the proposal and accepts it (the same checks and storage as an upload).
 * With several instances watching one shared folder, each keeps its own proposal (so that any instance shows it),
 * and an acceptance stores the folders' content under the lock {@value #LOCK}: two people accepting at once on two
 * instances make one version, the other is refused ({@code proposal.busy}) and then finds it stored.
 */
public class PolicyDirectoryWatcher implements AutoCloseable {

    /** The ShedLock name under which an acceptance stores the folders' content. */
    public static final String LOCK = "policy-directory-accept";

    private static final Logger log = LoggerFactory.getLogger(PolicyDirectoryWatcher.class);
    private static final long SETTLE_MILLIS = 1_500;

    /** What the directories would become, and what the checks say of it. */
    public record Proposal(Instant detectedAt, String candidateHash, ValidationReport report) {
    }

    private final PolicyLifecycle lifecycle;
    private final Path rulesDir;
    private final Path policiesDir;
    private final AtomicReference<Proposal> proposal = new AtomicReference<>();
    private final WatchService watchService;
    private final Thread thread;
    private final LockingTaskExecutor locks;

    /** One instance alone: acceptances are not locked across instances. */
    public PolicyDirectoryWatcher(PolicyLifecycle lifecycle, Path rulesDir, Path policiesDir) throws IOException {
        this(lifecycle, rulesDir, policiesDir, null);
    }

    /** @param locks the lock shared by the instances on one database; null for none */
    public PolicyDirectoryWatcher(PolicyLifecycle lifecycle, Path rulesDir, Path policiesDir, LockingTaskExecutor locks) throws IOException {
        this.lifecycle = lifecycle;
        this.locks = locks;
        this.rulesDir = rulesDir;
        this.policiesDir = policiesDir;
        this.watchService = FileSystems.getDefault().newWatchService();
        for (Path dir : List.of(rulesDir, policiesDir, policiesDir.resolve("scenarios"))) {
            if (dir.toFile().isDirectory()) {
                dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        this.thread = new Thread(this::watch, "policy-directory-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
        log.info("watching {} and {} for policy changes", rulesDir.toAbsolutePath(), policiesDir.toAbsolutePath());
    }

    public Optional<Proposal> proposal() {
        return Optional.ofNullable(proposal.get());
    }

    /** Validates the directories now (also what a detected change triggers). */
    public Proposal check() {
        PolicySet candidate = PolicySet.fromDirectories(rulesDir, policiesDir);
        ValidationReport report = lifecycle.validate(candidate.sources());
        Proposal next = new Proposal(Instant.now(), candidate.hash(), report);
        proposal.set(next);
        log.info("policy directories changed: candidate {} is {}; see GET /api/v1/policies/proposal", candidate.hash(),
                report.valid() ? "valid and can be accepted" : "not valid (" + report.errors().size() + " errors)");
        return next;
    }

    /**
     * Stores and activates the directories' content, through the same checks as an upload: what is accepted is what
     * was proposed (the folders changed since are refused), and the rows of the active version it replaces are listed
     * (409 confirmation-required) until the person confirms them.
     */
    public PolicyVersion accept(String author, String comment, boolean confirmed) {
        Proposal proposed = proposal.get();
        if (proposed == null) {
            throw VersionNotFoundException.coded("api.notFound.proposalSince");
        }
        PolicySet candidate = PolicySet.fromDirectories(rulesDir, policiesDir);
        if (!candidate.hash().equals(proposed.candidateHash())) {
            check();
            throw new PolicyStateException(null, "proposal.changed", proposed.candidateHash(), candidate.hash());
        }
        PolicyVersion version = publishOnce(() -> lifecycle.publish(candidate.sources(), author, comment, true, confirmed, null).version());
        proposal.set(null);
        return version;
    }

    private PolicyVersion publishOnce(java.util.function.Supplier<PolicyVersion> publish) {
        if (locks == null) {
            return publish.get();
        }
        LockingTaskExecutor.TaskResult<PolicyVersion> result;
        try {
            result = locks.executeWithLock(publish::get, new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(10), Duration.ZERO));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!result.wasExecuted()) {
            throw new PolicyStateException(null, "proposal.busy");
        }
        return result.getResult();
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                // let an editor finish writing (Excel writes a temporary file, then renames it)
                Thread.sleep(SETTLE_MILLIS);
                key.pollEvents();
                key.reset();
                WatchKey more;
                while ((more = watchService.poll(200, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                try {
                    check();
                } catch (RuntimeException e) {
                    log.warn("could not check the changed policy directories: {}", e.getMessage());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        thread.interrupt();
    }
}
