package io.listguard.lifecycle;

import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.ContractMigration;
import io.listguard.policy.PolicyCompilationException;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicyDiff;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates, stores, activates and rolls back policy versions. One build at a time (a lock): a candidate is
 * checked by the template lock, compiled into its own KieBase (a fresh release id), analysed for overlaps and
 * gaps, and run against its scenarios, all off the evaluation path; only then is it stored and swapped in whole.
 * On any failure the active version stays as it was.
 * <p>
 * Several instances may run on one database (issue 14). The active version is the database's ({@link PolicyState}):
 * every activation (upload, rollback, start-up, schedule) reads the state when it starts, decides on that version
 * (merges, the checks of an activation) and commits only if no other activation happened meanwhile, else it is
 * refused with {@link ActivationSupersededException} and nothing changes. Each instance then {@link #follow() follows}
 * the state: its {@link ActivePolicy} is swapped to the active version, compiled off the request path.
 */
public class PolicyLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyLifecycle.class);
    private static final int COMPILED_CACHE = 3;

    private final PolicyVersions versions;
    private final PolicyCompiler compiler;
    private final PolicyValidation validation;
    private final int batchSize;
    private final ActivePolicy activePolicy = new ActivePolicy();
    private final ReentrantLock buildLock = new ReentrantLock();
    private final CandidateMerging merging;
    private volatile PolicyLifecycleHooks hooks = PolicyLifecycleHooks.NONE;
    private final Map<String, Evaluator> compiled = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Evaluator> eldest) {
            return size() > COMPILED_CACHE;
        }
    };

    public PolicyLifecycle(PolicyVersions versions, PolicyCompiler compiler, TemplateLock templateLock, SingleHitAnalysis analysis,
                           int batchSize) {
        this.versions = versions;
        this.compiler = compiler;
        this.validation = new PolicyValidation(compiler, templateLock, analysis, batchSize);
        this.batchSize = batchSize;
        this.merging = new CandidateMerging(versions, templateLock.guard());
    }

    /**
     * The evaluator to start with. First start: the start-up set becomes v1. Later starts: the active stored
     * version, unless the start-up set comes from configured directories and differs (it becomes a new version),
     * or the stored version no longer compiles with this release (the start-up set is activated instead). It is
     * made the {@link #activePolicy() active policy}.
     */
    public Evaluator bootstrap(PolicySet startupSet, boolean fromDirectories) {
        for (int attempt = 1; ; attempt++) {
            try {
                Evaluator evaluator = startupEvaluator(startupSet, fromDirectories);
                activePolicy.activate(evaluator);
                return evaluator;
            } catch (ActivationSupersededException lost) {
                // another instance started (or activated) at the same moment: decide again on the version it made active
                if (attempt == 5) {
                    throw lost;
                }
                log.info("another instance made {} the active policy version while this one started; deciding again", lost.winner().activeVersion());
            }
        }
    }

    /** The version this instance evaluates under (null before start-up). */
    public String running() {
        try {
            return activePolicy.current().policy().versionId();
        } catch (IllegalStateException notYet) {
            return null;
        }
    }

    /** The cluster's state, read from the database: the version every instance must run. */
    public PolicyState state() {
        return versions.state();
    }

    /**
     * Brings this instance to the cluster's active version: compiles it (or takes it from the compiled versions, or
     * the compiled policy cache on disk) without holding the lifecycle's lock, then swaps it in, unless the state
     * moved on meanwhile (the next call follows that). Called by {@link PolicyStateFollower}, never on a request.
     *
     * @return the state followed, or null when it moved on while compiling
     * @throws PolicyCompilationException the active version does not compile here: the running one keeps serving
     */
    public PolicyState follow() {
        PolicyState state = versions.state();
        String target = state.activeVersion();
        if (target == null || target.equals(running())) {
            return state;
        }
        Evaluator evaluator;
        buildLock.lock();
        try {
            evaluator = compiled.get(target);
        } finally {
            buildLock.unlock();
        }
        if (evaluator == null) {
            PolicySet set = versions.policySet(target).orElseThrow(() -> VersionNotFoundException.version(target));
            evaluator = new Evaluator(compiler.compile(set, target), batchSize);
        }
        buildLock.lock();
        try {
            PolicyState now = versions.state();
            if (!target.equals(now.activeVersion())) {
                return null;
            }
            compiled.put(target, evaluator);
            if (!target.equals(running())) {
                Evaluator previous = activePolicy.activate(evaluator);
                log.info("policy version {} followed: made active by {} at {} (this instance ran {})", target, now.changedBy(), now.changedAt(),
                        previous == null ? null : previous.policy().versionId());
            }
            return now;
        } finally {
            buildLock.unlock();
        }
    }

    /** Commits an activation decided on {@code read}; refused when another activation came first. */
    private void activateInDatabase(PolicyState read, String id, String actor, String reason) {
        if (!versions.activate(read.counter(), id, actor, reason)) {
            PolicyState winner = versions.state();
            log.warn("activation of policy version {} by {} refused: {} was activated meanwhile by {} at {}", id, actor, winner.activeVersion(),
                    winner.changedBy(), winner.changedAt());
            throw new ActivationSupersededException(id, winner);
        }
    }

    /**
     * The policy evaluations run under, owned by the lifecycle: it activates versions (after {@link #bootstrap}), everyone
     * else reads it.
     */
    public ActivePolicy activePolicy() {
        return activePolicy;
    }

    private Evaluator startupEvaluator(PolicySet startupSet, boolean fromDirectories) {
        buildLock.lock();
        try {
            PolicyState state = versions.state();
            var active = java.util.Optional.ofNullable(state.activeVersion());
            if (active.isEmpty()) {
                // a policy folder gets every check of an upload, also on first start; the bundled policies are the release's own
                CompiledPolicy policy = fromDirectories ? validated(startupSet, "the configured policy directories") : compiler.compile(startupSet, "v1");
                PolicyVersion v1 = versions.save(startupSet, "listguard", StoredTexts.code(fromDirectories ? "policy.stored.fromDirectories" : "policy.stored.bundled"));
                activateInDatabase(state, v1.id(), "listguard", StoredTexts.code("policy.stored.firstStart"));
                return cache(v1.id(), policy.as(v1.id()));
            }
            PolicyVersion current = versions.find(active.get()).orElseThrow();
            if (fromDirectories && !current.hash().equals(startupSet.hash())) {
                CompiledPolicy policy = validated(startupSet, "the configured policy directories");
                PolicyVersion next = versions.save(startupSet, "listguard", StoredTexts.code("policy.stored.directoriesChanged"));
                activateInDatabase(state, next.id(), "listguard", StoredTexts.code("policy.stored.startDirectoriesChanged"));
                return cache(next.id(), policy.as(next.id()));
            }
            if (!fromDirectories) {
                // DRL ships with the release: a newer release's rules replace those of the stored version
                PolicySet stored = versions.policySet(current.id()).orElseThrow();
                PolicySet upgraded = stored.with(startupSet.sources().stream().filter(src -> src.kind() == PolicySource.Kind.DRL).toList());
                if (!upgraded.hash().equals(stored.hash())) {
                    CompiledPolicy policy = validated(upgraded, "the stored policies with this release's rules");
                    PolicyVersion next = versions.save(upgraded, "listguard", StoredTexts.code("policy.stored.releaseRules"));
                    activateInDatabase(state, next.id(), "listguard", StoredTexts.code("policy.stored.releaseUpgrade"));
                    return cache(next.id(), policy.as(next.id()));
                }
            }
            try {
                return cache(current.id(), compiler.compile(versions.policySet(current.id()).orElseThrow(), current.id()));
            } catch (PolicyCompilationException e) {
                log.error("the active policy version {} does not compile with this release; activating the start-up policies instead:\n{}",
                        current.id(), e.getMessage());
                CompiledPolicy policy = compiler.compile(startupSet, "startup");
                PolicyVersion next = versions.save(startupSet, "listguard", StoredTexts.code("policy.stored.fallback", current.id()));
                activateInDatabase(state, next.id(), "listguard", StoredTexts.code("policy.stored.fallbackAtStart", current.id()));
                return cache(next.id(), policy.as(next.id()));
            }
        } finally {
            buildLock.unlock();
        }
    }

    /** Every check of an upload, at start-up: a set that fails them stops start-up with its problems. */
    private CompiledPolicy validated(PolicySet set, String what) {
        PolicyValidation.Checked checked = validation.check(set, "startup", true);
        if (!checked.report().valid()) {
            List<io.listguard.policy.PolicyProblem> problems = new java.util.ArrayList<>(checked.report().errors());
            if (checked.report().scenarios() != null) {
                checked.report().scenarios().failureMessages().forEach(f -> problems.add(PolicyProblem.coded(what, null, null, null, "policy.scenarioFailed", f)));
            }
            throw new io.listguard.policy.PolicyCompilationException(problems);
        }
        return checked.policy();
    }

    /** Checks uploaded files against the active version (the others carried over), without activating anything. */
    public ValidationReport validate(List<PolicySource> uploads) {
        return review(uploads, null).report();
    }

    /** A candidate checked and not stored: its report, and what it changes relative to the active version (issue 11). */
    public record Review(ValidationReport report, CandidateMerging.Candidate candidate) {
    }

    /**
     * Checks uploaded files without storing anything: merged three-way when they come from an older version
     * ({@code base}, or the version stamped in a downloaded workbook), else laid over the active version.
     */
    public Review review(List<PolicySource> uploads, String base) {
        buildLock.lock();
        try {
            Upgraded upgraded = Upgraded.of(uploads);
            CandidateMerging.Candidate candidate = merged(upgraded.sources(), base, versions.state().activeVersion());
            return new Review(upgraded.told(check(candidate.set()).report()), candidate);
        } finally {
            buildLock.unlock();
        }
    }

    /** Who hears of uploads and activations, and may refuse an activation (four eyes: {@link PolicyApprovals}). */
    public void hooks(PolicyLifecycleHooks hooks) {
        this.hooks = hooks == null ? PolicyLifecycleHooks.NONE : hooks;
    }

    /** An accepted upload: the version now active and what its checks said. */
    public record Publication(PolicyVersion version, ValidationReport report, CandidateMerging.Candidate candidate) {

        public Publication(PolicyVersion version, ValidationReport report) {
            this(version, report, null);
        }
    }

    /**
     * Validates, stores and activates: either a new active version, or a rejection and nothing changed. The
     * caller (the directory watcher's acceptance, a program) confirms the rows it replaces.
     */
    public Publication publish(List<PolicySource> uploads, String author, String comment) {
        return publish(uploads, author, comment, true, true, null);
    }

    public Publication publish(List<PolicySource> uploads, String author, String comment, boolean activate) {
        return publish(uploads, author, comment, activate, false, null);
    }

    /**
     * Validates and stores; activates only when asked. A stored, inactive version is a candidate: it can be
     * replayed against past evaluations, compared, and activated later. Files downloaded from an older version are
     * merged three-way into the active version (issue 11); the content of a stored version is not stored again.
     *
     * @param confirmed the person confirmed the rows listed as reverted (files without a recorded base)
     * @param base      the version the files were downloaded from, when they do not record it themselves
     */
    public Publication publish(List<PolicySource> uploads, String author, String comment, boolean activate, boolean confirmed, String base) {
        buildLock.lock();
        try {
            Upgraded upgraded = Upgraded.of(uploads);
            PolicyState state = versions.state(); // the activation below commits only if no other happened since
            CandidateMerging.Candidate merged = merged(upgraded.sources(), base, state.activeVersion());
            PolicySet candidate = merged.set();
            String activeId = merged.activeVersion();
            (merged.readable() ? merging.sameAs(candidate, activeId) : java.util.Optional.<String>empty()).ifPresent(existing -> {
                throw existing.equals(activeId) ? SameContentException.coded(existing, "api.same.active", activeId)
                        : SameContentException.coded(existing, "api.same.stored", existing);
            });
            PolicyValidation.Checked checked = check(candidate);
            if (!checked.report().valid()) {
                throw new PolicyRejectedException(upgraded.told(checked.report()));
            }
            if (activate && !confirmed && !merged.reverts().isEmpty()) {
                throw new ConfirmationRequiredException(activeId, merged.reverts(),
                        io.listguard.domain.CodedText.of("merge.confirm", io.listguard.domain.CodedText.of("api.theUpload"), merged.reverts().size(), activeId));
            }
            PolicyVersion version = versions.save(candidate, author, comment);
            merging.recordLineage(version.id(), merged);
            hooks.uploaded(version, author);
            if (activate) {
                try {
                    hooks.beforeActivation(version.id(), author);
                } catch (RuntimeException refused) {
                    cache(version.id(), checked.policy().as(version.id())); // stored as a candidate, activated later
                    throw refused;
                }
                Evaluator evaluator = cache(version.id(), checked.policy().as(version.id())); // a candidate if the activation loses
                activateInDatabase(state, version.id(), author, StoredTexts.prefixed("policy.stored.upload", comment)
                        + CandidateMerging.confirmedNote(merged.reverts(), activeId));
                activePolicy.activate(evaluator);
                hooks.activated(version.id(), author, StoredTexts.prefixed("policy.stored.upload", comment));
            } else {
                cache(version.id(), checked.policy().as(version.id()));
            }
            log.info("policy version {} ({}) uploaded by {}{}", version.id(), version.hash(), author, activate ? " and activated" : " as a candidate");
            return new Publication(version, upgraded.told(checked.report()), merged);
        } finally {
            buildLock.unlock();
        }
    }

    /** Activates a stored version again (rollback or roll forward), after compiling it and running its scenarios. */
    public PolicyVersion activate(String id, String actor, String reason) {
        return activate(id, actor, reason, false);
    }

    /** @param confirmed the person confirmed the rows a candidate without a recorded base replaces */
    public PolicyVersion activate(String id, String actor, String reason, boolean confirmed) {
        buildLock.lock();
        try {
            PolicyVersion version = versions.find(id).orElseThrow(() -> VersionNotFoundException.version(id));
            PolicyState state = versions.state(); // the activation below commits only if no other happened since
            hooks.beforeActivation(id, actor); // approvals first (four eyes): an author alone learns that before anything else
            String confirmedNote = checkActivation(id, confirmed, state.activeVersion()); // withdrawn, rows to confirm, or would undo changes made since its base
            Evaluator evaluator = compiled.get(id);
            if (evaluator == null) {
                PolicyValidation.Checked checked = validation.check(versions.policySet(id).orElseThrow(), id, false);
                if (!checked.report().valid()) {
                    throw new PolicyRejectedException(id, checked.report());
                }
                evaluator = new Evaluator(checked.policy(), batchSize);
            }
            compiled.put(id, evaluator);
            activateInDatabase(state, id, actor, (reason == null ? StoredTexts.code("policy.stored.activation") : reason) + confirmedNote);
            activePolicy.activate(evaluator);
            hooks.activated(id, actor, reason == null ? StoredTexts.code("policy.stored.activation") : reason);
            log.info("policy version {} activated by {}", id, actor);
            return version;
        } finally {
            buildLock.unlock();
        }
    }

    /** The evaluator of a stored version, compiled (or cached) but not activated: for replays. */
    public Evaluator evaluatorFor(String id) {
        buildLock.lock();
        try {
            Evaluator cached = compiled.get(id);
            if (cached != null) {
                return cached;
            }
            PolicySet set = versions.policySet(id).orElseThrow(() -> VersionNotFoundException.version(id));
            return cache(id, compiler.compile(set, id));
        } finally {
            buildLock.unlock();
        }
    }

    public List<PolicyVersion> versions() {
        return versions.list();
    }

    /** The stored version whose files have this hash ({@code sha256:…}), if any: what a run outside the service names. */
    public java.util.Optional<PolicyVersion> versionWithHash(String hash) {
        return versions.findByHash(hash);
    }

    public PolicyVersion version(String id) {
        return versions.find(id).orElseThrow(() -> VersionNotFoundException.version(id));
    }

    public List<PolicyActivation> activations() {
        return versions.activations();
    }

    public byte[] file(String id, String name) {
        version(id);
        return versions.file(id, name).orElseThrow(() -> VersionNotFoundException.coded("api.notFound.file", id, name));
    }

    public PolicyDiff.Result diff(String a, String b) {
        PolicySet setA = versions.policySet(a).orElseThrow(() -> VersionNotFoundException.version(a));
        PolicySet setB = versions.policySet(b).orElseThrow(() -> VersionNotFoundException.version(b));
        return PolicyDiff.compare(setA, setB);
    }

    /** The policy set of a version, e.g. to replay stored evaluations under it. */
    public PolicySet policySet(String id) {
        return versions.policySet(id).orElseThrow(() -> VersionNotFoundException.version(id));
    }

    /** The uploads merged into the active version (issue 11: no lost updates). */
    private CandidateMerging.Candidate merged(List<PolicySource> uploads, String base, String active) {
        return merged(uploads, merging.basesOf(uploads, base), active);
    }

    /** Merged into {@code active}, the cluster's active version (the database's, not this instance's evaluator). */
    private CandidateMerging.Candidate merged(List<PolicySource> uploads, java.util.function.Function<PolicySource, String> baseOf, String active) {
        return merging.build(active, activeSet(active), uploads, baseOf);
    }

    private PolicySet activeSet(String active) {
        return active == null ? activePolicy.current().policy().policySet()
                : versions.policySet(active).orElseThrow(() -> VersionNotFoundException.version(active));
    }

    /** Withdrawn, stale (it would undo changes made since its base) or unconfirmed candidates are not activated. */
    private String checkActivation(String id, boolean confirmed, String active) {
        PolicySet activeSet = activeSet(active);
        return CandidateMerging.confirmedNote(merging.checkActivation(id, policySet(id), active, activeSet, confirmed), active);
    }

    /**
     * The checks an activation of {@code id} would make now about its lineage (withdrawn, rows it replaces without
     * confirmation, changes made since its base that it would undo), without activating: a schedule runs them when
     * it is made, so that the person learns then, not at the instant, what the activation needs.
     */
    public void checkActivatable(String id, boolean confirmed) {
        buildLock.lock();
        try {
            version(id);
            checkActivation(id, confirmed, versions.state().activeVersion());
        } finally {
            buildLock.unlock();
        }
    }

    /** Withdraws a candidate: it stays stored and listed, and can no longer be activated. */
    public CandidateLineage withdraw(String id, String actor, String reason) {
        buildLock.lock();
        try {
            version(id);
            if (reason == null || reason.isBlank()) {
                throw new io.listguard.domain.InvalidArgumentException("api.policies.withdrawReason");
            }
            if (id.equals(versions.state().activeVersion())) {
                throw new PolicyStateException(id, "merge.withdrawActive", id);
            }
            if (!versions.withdraw(id, actor, reason.strip())) {
                throw new PolicyStateException(id, "merge.alreadyWithdrawn", id);
            }
            hooks.withdrawn(id, actor, reason.strip());
            log.info("policy version {} withdrawn by {}", id, actor);
            return lineage(id);
        } finally {
            buildLock.unlock();
        }
    }

    /** Where a version comes from (its base), its files without a recorded base, and its withdrawal. */
    public CandidateLineage lineage(String id) {
        return versions.lineage(id).orElseThrow(() -> VersionNotFoundException.version(id));
    }

    /**
     * Rebuilds a candidate made on an older base on the active version, as a new candidate: its changes since its
     * base are merged three-way into the active version (a cell changed on both sides refuses it).
     */
    public Publication rebuild(String id, String author, String comment) {
        CandidateLineage lineage = lineage(id);
        if (lineage.baseVersion() == null) {
            throw new io.listguard.domain.InvalidArgumentException("api.policies.noBase", id);
        }
        if (lineage.withdrawn()) {
            throw new PolicyStateException(id, "merge.withdrawn", id, lineage.withdrawal().by(), lineage.withdrawal().reason());
        }
        List<PolicySource> files = policySet(id).sources();
        buildLock.lock();
        try {
            // files that came without a base stay without one: their rows are confirmed at activation
            CandidateMerging.Candidate merged = merged(files, f -> lineage.unbasedFiles().contains(f.name()) ? null : lineage.baseVersion(),
                    versions.state().activeVersion());
            Publication rebuilt = store(merged, author, comment == null ? StoredTexts.code("policy.stored.rebuilt", id, merged.activeVersion()) : comment);
            hooks.rebuilt(id, rebuilt.version(), author); // four eyes: whoever wrote the source or rebuilt it is an author
            return rebuilt;
        } finally {
            buildLock.unlock();
        }
    }

    private Publication store(CandidateMerging.Candidate merged, String author, String comment) {
        merging.sameAs(merged.set(), merged.activeVersion()).ifPresent(existing -> {
            throw SameContentException.coded(existing, "api.same.rebuilt", existing);
        });
        PolicyValidation.Checked checked = check(merged.set());
        if (!checked.report().valid()) {
            throw new PolicyRejectedException(checked.report());
        }
        PolicyVersion version = versions.save(merged.set(), author, comment);
        merging.recordLineage(version.id(), merged);
        cache(version.id(), checked.policy().as(version.id()));
        return new Publication(version, checked.report(), merged);
    }

    /** A copy of a stored file to hand out: workbooks record the version they come from ({@link WorkbookStamp}). */
    public byte[] download(String id, String name) {
        byte[] content = file(id, name);
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx") ? io.listguard.policy.WorkbookStamp.stamp(content, id) : content;
    }

    private PolicyValidation.Checked check(PolicySet candidate) {
        return validation.check(candidate, "candidate-" + candidate.contentId(), true);
    }

    private Evaluator cache(String id, CompiledPolicy policy) {
        Evaluator evaluator = new Evaluator(policy, batchSize);
        compiled.put(id, evaluator);
        return evaluator;
    }

    /**
     * Uploads written against the rule contract of an earlier release (downloaded before the upgrade), rewritten into
     * {@code io.listguard.rules} by {@link ContractMigration} as the stored versions were, and the notice saying so
     * for each: a warning of the report, under {@link ContractMigration#NOTICE}.
     */
    private record Upgraded(List<PolicySource> sources, List<PolicyProblem> notices) {

        static Upgraded of(List<PolicySource> uploads) {
            List<PolicySource> sources = new java.util.ArrayList<>(uploads.size());
            List<PolicyProblem> notices = new java.util.ArrayList<>();
            for (PolicySource upload : uploads) {
                PolicySource migrated = ContractMigration.migrateUpload(upload);
                if (migrated != upload) {
                    notices.add(PolicyProblem.coded(upload.name(), null, null, null, ContractMigration.NOTICE, upload.name()));
                }
                sources.add(migrated);
            }
            return new Upgraded(sources, List.copyOf(notices));
        }

        ValidationReport told(ValidationReport report) {
            if (notices.isEmpty()) {
                return report;
            }
            List<PolicyProblem> warnings = new java.util.ArrayList<>(notices);
            warnings.addAll(report.warnings());
            return new ValidationReport(report.valid(), report.candidateHash(), report.errors(), warnings, report.scenarios());
        }
    }
}
