package io.listguard.bulk.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.Checkpoint;
import io.listguard.bulk.CountingInputStream;
import io.listguard.bulk.FileEvidence;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.bulk.VerdictFiles;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.profiles.StoredProfile;
import io.listguard.config.InstanceIdentity;
import io.listguard.config.LimitsProperties;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Messages;
import io.listguard.domain.PolicyText;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.Summary;
import io.listguard.evaluation.UnknownOfferCategoryException;
import io.listguard.lifecycle.StoredTexts;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.VersionNotFoundException;
import io.listguard.files.DataFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk jobs shared by every instance of the service on one database. A submitted file is saved under the data
 * directory ({@code jobs/<id>/}, readable by the service only), its job row holds the whole request
 * ({@link JobRequest}), and a one-time db-scheduler execution is scheduled for it: whichever instance claims the
 * execution in the database runs the job (one at a time per instance, on every core, through {@link BulkEvaluation}),
 * heartbeating it. The job runs to the end under the policy version it started with, and commits a checkpoint as it
 * goes; an instance that stops gracefully checkpoints its running job and releases it at once, and the execution of
 * an instance that died (its heartbeats stopped) is revived by a live one: either way the job is taken up again from
 * its last checkpoint, by any instance. A job fails only on its input (unreadable, invalid) and is cancelled only on
 * request; its input and partial outputs are deleted when it ends, and whatever a crash left behind is swept.
 */
@Service
public class BulkJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BulkJobs.class);

    /** db-scheduler's name of the task; an execution's instance id is the job id. */
    static final String TASK = "bulk-job";
    static final String VERDICTS = "records.csv";
    static final String ERRORS = "errors.csv";
    private static final String INPUT = "input";
    /** A job row without an execution (an instance died between the two at submission) is scheduled again after this. */
    private static final Duration UNSCHEDULED_AFTER = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final EvaluationService evaluations;
    private final ActivePolicy activePolicy;
    private final PolicyLifecycle lifecycle;
    private final JsonMapper json;
    private final MappingProfiles profiles;
    private final InstanceIdentity instance;
    private final JobSettings settings;
    private final Path jobsDir;
    private final int workers;
    private final int batchSize;
    private final Period retention;
    /** The archive limits of a records file sent as an .xlsx workbook. */
    private final io.listguard.xlsx.XlsxArchive.Limits workbookLimits;
    private final CustomTask<String> task;
    private final DataSource dataSource;
    /** Schedules and cancels executions, whether this instance runs jobs or not. */
    private final SchedulerClient client;
    /** The scheduler that runs jobs, a new one at each start (a stopped db-scheduler cannot start again). */
    private volatile Scheduler scheduler;
    private final Map<String, Running> live = new ConcurrentHashMap<>();
    private volatile boolean running;
    /** Set when the instance stops: a running job stops at its next batch, checkpointed, and is released. */
    private volatile boolean stopping;

    /** A job this instance runs: its live progress and whether it must stop. */
    private static final class Running {
        final AtomicLong linesRead = new AtomicLong();
        final AtomicLong evaluated = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile CountingInputStream counting;
        /** The file being read: an XLSX sheet knows better than the bytes counted how much of it is done. */
        volatile RecordSource source;
        volatile long lastSaved;
        volatile boolean cancel;
        /** Another instance took the job over (this one's lease had expired): stop without writing anything more. */
        volatile boolean lost;
    }

    BulkJobs(JdbcTemplate jdbc, DataSource dataSource, EvaluationService evaluations, ActivePolicy activePolicy, PolicyLifecycle lifecycle,
             JsonMapper json, MappingProfiles profiles, InstanceIdentity instance, JobSettings settings,
             @Value("${listguard.data-dir:./data}") Path dataDir, @Value("${listguard.bulk.workers:0}") int workers,
             @Value("${listguard.bulk.batch-size:2000}") int batchSize, @Value("${listguard.audit.retention:P3Y}") Period retention,
             ObjectProvider<LimitsProperties> limits) {
        this.workbookLimits = limits.getIfAvailable(() -> new LimitsProperties(null, null, null, null)).recordsWorkbook().archiveLimits();
        this.retention = retention;
        this.jdbc = jdbc;
        this.evaluations = evaluations;
        this.activePolicy = activePolicy;
        this.lifecycle = lifecycle;
        this.json = json;
        this.profiles = profiles;
        this.instance = instance;
        this.settings = settings;
        this.jobsDir = dataDir.resolve("jobs");
        this.workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        this.batchSize = batchSize;
        this.task = Tasks.custom(TASK, String.class)
                // an error that is not the input's is retried later, from the last checkpoint; past the limit, FAILED
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(settings.maxRetries(),
                        new FailureHandler.OnFailureRetryLater<>(settings.retryAfter()), this::failedAfterRetries))
                // the owner's heartbeats stopped (killed, cut off): run it again now, wherever
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute(this::execute);
        this.dataSource = dataSource;
        this.client = SchedulerClient.Builder.create(dataSource, task).build();
    }

    /** The running scheduler (it hints its own poller to look at once), else the plain client. */
    private SchedulerClient client() {
        Scheduler current = scheduler;
        return current != null && running ? current : client;
    }

    // ---- submission -------------------------------------------------------------------------------------------------

    /** Checks the header, saves the records file, queues the job; the answer comes before the evaluation. */
    public BulkJob submit(BulkHeader header, String recordsName, InputStream records, String caller) {
        // the campaign and file are checked where every evaluation starts (400 for an invalid one or an unknown offer
        // category), before anything is saved; the campaign stage tells the evidence the file must hold
        Evaluator evaluator = activePolicy.current();
        EvaluationRun probe = evaluator.start(new EvaluationRequest(header.campaign(), header.file(), List.of()), false);
        RecordSource.Format format = RecordSource.formatOf(recordsName);
        // charset and separator from the request's format, then the profile's; the stored profile format.profile names
        // (unknown: 400 listing the stored ones) is read once, and the job keeps it as it is now
        StoredProfile profile = header.profileName() == null ? null : profiles.resolve(header.profileName());
        JobRequest request = new JobRequest(header, recordsName, format,
                profile == null ? null : new JobRequest.Profile(profile.name(), profile.version(), profile.profile()));
        ReadOptions options = readOptions(request);
        Set<io.listguard.rules.Evidence> absent = header.absentEvidence();
        String id = UUID.randomUUID().toString();
        Path dir = jobsDir.resolve(id);
        Path input = dir.resolve(INPUT + suffix(recordsName));
        long bytes;
        try {
            DataFiles.createDirectories(jobsDir);
            DataFiles.createDirectories(dir);
            try (OutputStream out = DataFiles.newOutputStream(input)) {
                bytes = records.transferTo(out);
            }
            // a CSV header without its required columns or the evidence its campaign needs, a file not valid in its
            // charset or a CSV quoted field with a lone CR (whole file read: no verdict for the lines before the fault
            // either), an .xlsx workbook the archive guard refuses, without its sheet or a readable header, is
            // refused before anything is queued
            try (InputStream in = Files.newInputStream(input); RecordSource source = RecordSource.open(in, format, options)) {
                // the header was read by open(); it must hold the evidence the campaign's rules need (issue 12, item 3)
                FileEvidence.check(probe, header.campaign(), absent, source);
                if (format != RecordSource.Format.XLSX) { // a workbook's precheck is its opening, just done
                    try (InputStream whole = Files.newInputStream(input)) {
                        RecordSource.precheck(whole, format, options);
                    }
                }
            }
        } catch (IOException e) {
            DataFiles.deleteTree(dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            DataFiles.deleteTree(dir);
            throw e;
        }
        try {
            jdbc.update("""
                    insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, profile_name,
                                          profile_version, request_json)
                    values (?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, caller, header.campaign().id(), header.file().id(), recordsName, bytes,
                    Timestamp.from(Instant.now()), profile == null ? null : profile.name(), profile == null ? null : profile.version(),
                    json.writeValueAsString(request));
            client().scheduleIfNotExists(task.instanceBuilder(id).data(id).scheduledTo(Instant.now()));
        } catch (RuntimeException e) {
            jdbc.update("delete from bulk_job where id = ? and state = 'QUEUED'", id);
            DataFiles.deleteTree(dir);
            throw e;
        }
        log.info("bulk job {} queued: campaign {} file {}, {} bytes", id, header.campaign().id(), header.file().id(), bytes);
        return find(id).orElseThrow();
    }

    private ReadOptions readOptions(JobRequest request) {
        MappingProfile profile = request.profile() == null ? null : request.profile().content();
        return request.header().readOptions(profile, request.format()).withWorkbookLimits(workbookLimits);
    }

    // ---- execution (on the instance that claimed it) ------------------------------------------------------------

    /** A job's row as its runner reads it. */
    private record Stored(String id, BulkJob.State state, String caller, String owner, Instant startedAt, String requestJson,
                          String policyVersionId, String checkpointJson, int resumes, String cancelRequestedBy) {
    }

    private Optional<Stored> stored(String id) {
        return jdbc.query("select id, state, caller, owner, started_at, request_json, policy_version_id, checkpoint_json, resumes, "
                        + "cancel_requested_by from bulk_job where id = ?",
                (rs, i) -> new Stored(rs.getString(1), BulkJob.State.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10)), id)
                .stream().findFirst();
    }

    private CompletionHandler<String> execute(TaskInstance<String> instanceOfTask, ExecutionContext context) {
        String id = instanceOfTask.getData() != null ? instanceOfTask.getData() : instanceOfTask.getId();
        Stored job = stored(id).orElse(null);
        if (job == null || job.state().ended()) {
            log.info("bulk job {} has {}: nothing to run", id, job == null ? "no row (purged)" : "ended " + job.state());
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (job.cancelRequestedBy() != null) {
            finishCancelled(id);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (job.requestJson() == null) { // a row of a version before V10 (which fails them): no instance can run it
            finishFailed(id, StoredTexts.code("bulk.job.legacyInterrupted"));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (stopping || context.getSchedulerState().isShuttingDown()) {
            return release(id, "the instance is stopping");
        }
        boolean takenUp = job.startedAt() != null;
        Instant now = Instant.now();
        int claimed = jdbc.update("update bulk_job set state = 'RUNNING', owner = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?), "
                        + "resumes = resumes + ? where id = ? and state in ('QUEUED', 'RUNNING')", instance.id(), Timestamp.from(now),
                Timestamp.from(now), takenUp ? 1 : 0, id);
        if (claimed == 0) {
            return new CompletionHandler.OnCompleteRemove<>(); // ended meanwhile (a cancel)
        }
        if (takenUp) {
            log.info("bulk job {} taken up by {} (resume {}), after {}", id, instance.id(), job.resumes() + 1,
                    job.state() == BulkJob.State.RUNNING ? "its owner " + job.owner() + " stopped heartbeating" : "its release");
        }
        Running progress = new Running();
        live.put(id, progress);
        try (MDC.MDCCloseable ignored = MDC.putCloseable("evaluationId", id)) {
            run(job, progress, context);
            return new CompletionHandler.OnCompleteRemove<>();
        } catch (RuntimeException | IOException e) {
            if (progress.lost) {
                // taken over, or about to be: the execution is left as it is, db-scheduler's to revive (its version
                // guards it: an execution another instance revived is not touched by this one)
                log.warn("bulk job {}: this instance lost its lease; it stops without writing more", id);
                return (complete, operations) -> {
                };
            }
            if (progress.cancel) {
                finishCancelled(id);
                return new CompletionHandler.OnCompleteRemove<>();
            }
            Optional<String> inputFault = inputFault(job, e);
            if (inputFault.isPresent()) {
                log.warn("bulk job {} failed on its input: {}", id, inputFault.get());
                finishFailed(id, inputFault.get());
                return new CompletionHandler.OnCompleteRemove<>();
            }
            if (stopping) {
                return release(id, "the instance stopped during it (" + e.getClass().getSimpleName() + ")");
            }
            // the database, the disk...: the job goes back to the queue, and db-scheduler retries it later
            log.error("bulk job {} stopped on an error; it is retried in {}", id, settings.retryAfter(), e);
            jdbc.update("update bulk_job set state = 'QUEUED', owner = null where id = ? and state = 'RUNNING' and owner = ?", id, instance.id());
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        } finally {
            live.remove(id);
        }
    }

    /**
     * Runs a job to its end, COMPLETED; taken up again, from its last checkpoint: the verdict files cut back to it, the
     * audit rows after it deleted, the lines up to it skipped (a checkpoint that cannot be resumed from, e.g. a file
     * shorter than it says, and the job starts again from its first line). Commits a checkpoint every
     * {@code checkpoint-every}, and stops at a batch boundary ({@link BulkEvaluation.Stopped}) when the instance stops,
     * the job is cancelled, or this instance's lease is about to expire.
     */
    private void run(Stored job, Running progress, ExecutionContext context) throws IOException {
        String id = job.id();
        JobRequest request = json.readValue(job.requestJson(), JobRequest.class);
        BulkHeader header = request.header();
        Path dir = jobsDir.resolve(id);
        Path input = dir.resolve(INPUT + suffix(request.recordsName()));
        Path verdicts = dir.resolve(VERDICTS);
        Path errors = dir.resolve(ERRORS);
        ReadOptions options = readOptions(request);
        Evaluator evaluator = evaluatorOf(job);
        long started = System.nanoTime();
        Checkpoint from = job.checkpointJson() == null ? null : json.readValue(job.checkpointJson(), Checkpoint.class);
        VerdictFiles files = null;
        DecisionRecorder.Recording recording = null;
        if (from != null) {
            try {
                files = VerdictFiles.resume(verdicts, errors, from);
                recording = evaluations.resume(id, from.evaluated());
                log.info("bulk job {} resumes after line {} ({} lines done, {} evaluated)", id, from.line(), from.linesRead(), from.evaluated());
            } catch (IllegalStateException e) {
                log.warn("bulk job {} cannot resume from its checkpoint ({}): it starts again from its first line", id, e.getMessage());
                if (files != null) {
                    files.close();
                    files = null;
                }
                from = null;
            }
        }
        if (from == null) {
            if (job.startedAt() != null) {
                evaluations.discard(id); // the partial audit of an earlier start
            }
            jdbc.update("update bulk_job set checkpoint_json = null, lines_read = 0, evaluated = 0, rejected = 0 where id = ?", id);
            files = VerdictFiles.create(verdicts, errors);
            recording = evaluations.open(id, job.caller(), header.campaign(), header.file(), evaluator.versionRef());
        }
        BulkEvaluation.Resumption resumption = new BulkEvaluation.Resumption(from, settings.checkpointEvery(),
                checkpoint -> committed(id, checkpoint, progress), () -> mustStop(progress, context));
        BulkEvaluation.Result result;
        try (InputStream raw = Files.newInputStream(input);
             CountingInputStream counting = new CountingInputStream(raw);
             RecordSource source = RecordSource.open(counting, request.format(), options);
             VerdictFiles written = files) {
            progress.counting = counting;
            progress.source = source;
            result = new BulkEvaluation(evaluator, evaluations.suppressions(), batchSize, workers)
                    .observedBy(evaluations.batchObserver(evaluator, EvaluationListener.Kind.FILE))
                    .run(header.campaign(), header.file(), header.absentEvidence(), source, written, (read, done, rejected) -> {
                        progress.linesRead.set(read);
                        progress.evaluated.set(done);
                        progress.rejected.set(rejected);
                        saveProgress(id, progress, false);
                    }, recording, resumption);
        } catch (Checkpoint.Mismatch e) {
            // the file does not match its checkpoint: the next attempt starts from the first line
            jdbc.update("update bulk_job set checkpoint_json = null where id = ? and owner = ?", id, instance.id());
            throw e;
        }
        // recorded, then the listeners (metrics), then the job is COMPLETED: the same end as a request's
        evaluations.completed(recording, new EvaluationRequest(header.campaign(), header.file(), List.of()), job.caller(), result.asEvaluation(id),
                System.nanoTime() - started, result.totals().rejected());
        jdbc.update("update bulk_job set state = 'COMPLETED', finished_at = ?, lines_read = ?, evaluated = ?, rejected = ?, result_json = ?, "
                        + "heartbeat_at = ?, checkpoint_json = null where id = ?", Timestamp.from(Instant.now()), result.totals().linesRead(),
                result.totals().evaluated(), result.totals().rejected(), json.writer().withAttribute(PolicyText.RENDERING, PolicyText.Rendering.STORED).writeValueAsString(new BulkResult(id, result)),
                Timestamp.from(Instant.now()), id);
        keepOnlyVerdicts(dir);
        log.info("bulk job {} completed: {} lines, {} ({} contactable, {} excluded, {} rejected)", id, result.totals().linesRead(),
                result.decision(), result.totals().contactable(), result.totals().excluded(), result.totals().rejected());
    }

    /**
     * A committed checkpoint, with the progress and the owner's heartbeat, in one update, by the owner only: no row
     * updated, another instance has taken the job over (this one's lease had expired) and this one stops. Then
     * whether a cancel was asked, honoured at the next batch.
     */
    private void committed(String id, Checkpoint checkpoint, Running progress) {
        int updated = jdbc.update("update bulk_job set checkpoint_json = ?, lines_read = ?, evaluated = ?, rejected = ?, heartbeat_at = ? "
                        + "where id = ? and owner = ? and state = 'RUNNING'", json.writeValueAsString(checkpoint), checkpoint.linesRead(),
                checkpoint.evaluated(), checkpoint.rejected(), Timestamp.from(Instant.now()), id, instance.id());
        if (updated == 0) {
            progress.lost = true;
            return;
        }
        if (!progress.cancel && jdbc.queryForObject("select count(*) from bulk_job where id = ? and cancel_requested_by is not null",
                Integer.class, id) > 0) {
            progress.cancel = true;
        }
    }

    /** Asked at every batch boundary: the instance stops, the job is cancelled, or its lease is about to expire. */
    private boolean mustStop(Running progress, ExecutionContext context) {
        if (context != null && context.getCurrentlyExecuting() != null
                && context.getCurrentlyExecuting().getHeartbeatState().getFractionDead() > 0.5) {
            progress.lost = true; // heartbeats failing: stop writing before another instance revives the job
        }
        return stopping || progress.cancel || progress.lost;
    }

    /**
     * The evaluator of the version the job started under (recorded as it first starts), so that a job taken up after
     * an activation still runs to the end under its own version.
     */
    private Evaluator evaluatorOf(Stored job) {
        if (job.policyVersionId() == null) {
            Evaluator current = activePolicy.current();
            jdbc.update("update bulk_job set policy_version_id = ? where id = ?", current.versionRef().id(), job.id());
            return current;
        }
        Evaluator current = activePolicy.current();
        return current.versionRef().id().equals(job.policyVersionId()) ? current : lifecycle.evaluatorFor(job.policyVersionId());
    }

    /**
     * Why the job cannot run on any instance, if that is what {@code e} says: the input unreadable or invalid (the
     * errors a submission would have been refused with), gone from the data directory, or its policy version gone.
     */
    private Optional<String> inputFault(Stored job, Throwable e) {
        if (e instanceof BulkFormatException || e instanceof UnknownCharsetException || e instanceof InvalidProfileException
                || e instanceof InvalidRequestException || e instanceof UnknownOfferCategoryException || e instanceof VersionNotFoundException
                || e instanceof tools.jackson.core.JacksonException) {
            return Optional.of(storedText(e));
        }
        Path dir = jobsDir.resolve(job.id());
        try (var files = Files.list(dir)) {
            if (files.noneMatch(p -> p.getFileName().toString().startsWith(INPUT))) {
                return Optional.of(StoredTexts.code("bulk.job.inputMissing", dir.toAbsolutePath()));
            }
        } catch (IOException missing) {
            return Optional.of(StoredTexts.code("bulk.job.inputMissing", dir.toAbsolutePath()));
        }
        return Optional.empty();
    }

    /**
     * A job's refusal as stored: by code where the exception has one ({@link StoredTexts}), so that the job reads in
     * the reader's language; the exception's English words otherwise (an unreadable profile, malformed JSON).
     */
    static String storedText(Throwable e) {
        if (e instanceof BulkFormatException refused && refused.text() != null) {
            return StoredTexts.code(refused.text());
        }
        if (e instanceof UnknownCharsetException charset) {
            return StoredTexts.code(charset.code(), charset.name(), io.listguard.bulk.RecordCharsets.supportedNames());
        }
        if (e instanceof InvalidRequestException invalid && !invalid.violations().isEmpty()) {
            return StoredTexts.code(invalid.text());
        }
        if (e instanceof UnknownOfferCategoryException unknown) {
            return StoredTexts.code(unknown.text());
        }
        if (e instanceof VersionNotFoundException missing && missing.text() != null) {
            return StoredTexts.code(missing.text());
        }
        return String.valueOf(e.getMessage());
    }

    /** Back to the queue, now, for any instance (this one included, at its next start). */
    private CompletionHandler<String> release(String id, String why) {
        jdbc.update("update bulk_job set state = 'QUEUED', owner = null where id = ? and state in ('QUEUED', 'RUNNING')", id);
        log.info("bulk job {} released: {}", id, why);
        return (ExecutionComplete complete, com.github.kagkarlsson.scheduler.task.ExecutionOperations<String> operations) ->
                operations.reschedule(complete, Instant.now());
    }

    private void failedAfterRetries(ExecutionComplete complete, com.github.kagkarlsson.scheduler.task.ExecutionOperations<String> operations) {
        String id = complete.getExecution().taskInstance.getId();
        String cause = complete.getCause().map(t -> String.valueOf(t.getMessage())).orElse("unknown error");
        finishFailed(id, StoredTexts.code("bulk.job.failedAfterRetries", complete.getExecution().consecutiveFailures + 1, cause));
    }

    /** FAILED: its partial audit and every file go (a failed job leaves no partial verdicts). */
    private void finishFailed(String id, String error) {
        evaluations.discard(id);
        DataFiles.deleteTree(jobsDir.resolve(id));
        jdbc.update("update bulk_job set state = 'FAILED', finished_at = ?, error = ? where id = ? and state in ('QUEUED', 'RUNNING')",
                Timestamp.from(Instant.now()), truncate(error), id);
    }

    /** CANCELLED, as asked: its partial audit and every file go. */
    private void finishCancelled(String id) {
        evaluations.discard(id);
        DataFiles.deleteTree(jobsDir.resolve(id));
        if (jdbc.update("update bulk_job set state = 'CANCELLED', finished_at = ? where id = ? and state in ('QUEUED', 'RUNNING')",
                Timestamp.from(Instant.now()), id) == 1) {
            log.info("bulk job {} cancelled", id);
        }
    }

    /** A COMPLETED job keeps its verdict and error files only: the input (contact data in clear) and anything else go. */
    private static void keepOnlyVerdicts(Path dir) {
        try (var files = Files.list(dir)) {
            files.filter(p -> !Set.of(VERDICTS, ERRORS).contains(p.getFileName().toString())).forEach(DataFiles::deleteTree);
        } catch (IOException e) {
            log.warn("could not list {}", dir);
        }
    }

    private void saveProgress(String id, Running progress, boolean force) {
        long now = System.nanoTime();
        if (!force && now - progress.lastSaved < 1_000_000_000L) {
            return;
        }
        progress.lastSaved = now;
        jdbc.update("update bulk_job set lines_read = ?, evaluated = ?, rejected = ? where id = ? and owner = ?", progress.linesRead.get(),
                progress.evaluated.get(), progress.rejected.get(), id, instance.id());
    }

    // ---- cancel -------------------------------------------------------------------------------------------------

    /**
     * Asks for a job to be cancelled, by {@code actor} for {@code reason}: a queued job is CANCELLED at once; a running
     * one by its owner, at its next checkpoint (this instance's own job at its next batch). A job that already ended
     * is a {@link JobEndedException}; asking again for a job being cancelled changes nothing.
     */
    public BulkJob cancel(String id, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(Messages.english("bulk.cancel.reasonRequired"));
        }
        int asked = jdbc.update("update bulk_job set cancel_requested_by = ?, cancel_reason = ? where id = ? and state in ('QUEUED', 'RUNNING') "
                + "and cancel_requested_by is null", truncate(actor), truncate(reason.strip()), id);
        BulkJob job = find(id).orElseThrow(() -> new IllegalArgumentException("no bulk job " + id));
        if (asked == 0 && job.state().ended()) {
            throw new JobEndedException(job);
        }
        if (asked == 1) {
            log.info("bulk job {}: cancel asked by {}", id, actor);
        }
        Running mine = live.get(id);
        if (mine != null) {
            mine.cancel = true;
        }
        if (job.state() == BulkJob.State.QUEUED) {
            try {
                client.cancel(TaskInstanceId.of(TASK, id));
                finishCancelled(id);
            } catch (TaskInstanceCurrentlyExecutingException e) {
                // just claimed: its owner cancels it as it starts
            } catch (TaskInstanceNotFoundException e) {
                finishCancelled(id); // no execution left for it (ended meanwhile: then the guarded update changes nothing)
            }
        }
        return find(id).orElseThrow();
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    private static final String JOB_COLUMNS = "select id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, "
            + "started_at, finished_at, lines_read, evaluated, rejected, error, profile_name, profile_version, owner, heartbeat_at, resumes, "
            + "policy_version_id, cancel_requested_by, cancel_reason from bulk_job";

    public Optional<BulkJob> find(String id) {
        return jdbc.query(JOB_COLUMNS + " where id = ?", (rs, i) -> job(rs), id).stream().findFirst();
    }

    /** The newest jobs, of one caller or (null) of all callers. */
    public List<BulkJob> recent(String caller, int limit) {
        return caller == null
                ? jdbc.query(JOB_COLUMNS + " order by created_at desc limit ?", (rs, i) -> job(rs), limit)
                : jdbc.query(JOB_COLUMNS + " where caller = ? order by created_at desc limit ?", (rs, i) -> job(rs), caller, limit);
    }

    /** A row as callers see it, with the live progress of a job this instance runs. */
    private BulkJob job(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        BulkJob.State state = BulkJob.State.valueOf(rs.getString(2));
        Instant started = instant(rs.getTimestamp(9));
        Instant finished = instant(rs.getTimestamp(10));
        long read = rs.getLong(11);
        long evaluated = rs.getLong(12);
        long rejected = rs.getLong(13);
        Running progress = live.get(id);
        if (progress != null && state == BulkJob.State.RUNNING) {
            read = Math.max(read, progress.linesRead.get());
            evaluated = Math.max(evaluated, progress.evaluated.get());
            rejected = Math.max(rejected, progress.rejected.get());
        }
        Double rate = null;
        Long left = null;
        if (started != null) {
            double seconds = Duration.between(started, finished != null ? finished : Instant.now()).toMillis() / 1000.0;
            rate = seconds > 0 ? Math.round((evaluated + rejected) / seconds * 10) / 10.0 : null;
            if (progress != null && progress.counting != null && rs.getLong(7) > 0) {
                RecordSource source = progress.source;
                double fraction = source != null && source.fractionRead() >= 0 ? source.fractionRead() : progress.counting.count() / (double) rs.getLong(7);
                left = fraction > 0 ? Math.max(0, Math.round(seconds / fraction - seconds)) : null;
            } else if (state == BulkJob.State.COMPLETED) {
                left = 0L;
            }
        }
        String cancelBy = rs.getString(21);
        return new BulkJob(id, state, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7),
                instant(rs.getTimestamp(8)), started, finished, read, evaluated, rejected, rate, left, rs.getString(14),
                rs.getString(15) == null ? null : new BulkJob.Profile(rs.getString(15), rs.getInt(16)), rs.getString(17),
                instant(rs.getTimestamp(18)), rs.getInt(19), rs.getString(20), cancelBy == null ? null : new BulkJob.Cancel(cancelBy, rs.getString(22)));
    }

    /**
     * A completed job's result as stored: its findings' texts in English and French ({@link PolicyText.Rendering#STORED};
     * results stored before issue 16 hold the English only).
     */
    public Optional<String> resultJson(String id) {
        return jdbc.query("select result_json from bulk_job where id = ? and state = 'COMPLETED'", (rs, i) -> rs.getString(1), id)
                .stream().findFirst();
    }

    /** A completed job's result, read back with both languages of its texts. */
    public Optional<BulkResult> result(String id) {
        return resultJson(id).map(text -> json.readValue(text, BulkResult.class));
    }

    /** The verdicts or errors file of a completed job. */
    public Optional<Path> file(String id, String name) {
        return find(id).filter(j -> j.state() == BulkJob.State.COMPLETED).map(j -> jobsDir.resolve(id).resolve(name)).filter(Files::exists);
    }

    // ---- housekeeping -------------------------------------------------------------------------------------------

    /** Jobs (and their verdict files) older than the audit retention period go with their evaluations (R18). */
    @Scheduled(cron = "${listguard.audit.purge-cron:0 30 3 * * *}")
    @net.javacrumbs.shedlock.spring.annotation.SchedulerLock(name = "bulk-jobs-purge", lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M")
    public Integer purgeOld() { // boxed: ShedLock cannot lock a method returning a primitive (null when another instance runs it)
        Instant cutoff = Instant.now().atZone(ZoneOffset.UTC).minus(retention).toInstant();
        List<String> old = jdbc.queryForList("select id from bulk_job where created_at < ? and state in ('COMPLETED', 'FAILED', 'CANCELLED')",
                String.class, Timestamp.from(cutoff));
        for (String id : old) {
            DataFiles.deleteTree(jobsDir.resolve(id));
            jdbc.update("delete from bulk_job where id = ?", id);
        }
        return old.size();
    }

    /**
     * What a crash left behind, swept at start-up and every {@code listguard.bulk.jobs.sweep-every}: the files of
     * FAILED and CANCELLED jobs, the input and partial files of COMPLETED ones, directories without a job (older than
     * {@code orphan-after}, so that a submission under way is not touched); and a job without an execution (its
     * instance died between the two at submission) is scheduled again. A queued or running job's files are never
     * touched: its lease, live or not, is db-scheduler's to revive.
     */
    @Scheduled(fixedDelayString = "${listguard.bulk.jobs.sweep-every:PT10M}", initialDelayString = "${listguard.bulk.jobs.sweep-every:PT10M}")
    public Sweep sweep() {
        int directories = 0;
        int inputs = 0;
        if (Files.isDirectory(jobsDir)) {
            List<Path> dirs;
            try (var list = Files.list(jobsDir)) {
                dirs = list.filter(Files::isDirectory).toList();
            } catch (IOException e) {
                log.warn("could not list {}", jobsDir);
                dirs = List.of();
            }
            Instant orphanBefore = Instant.now().minus(settings.orphanAfter());
            for (Path dir : dirs) {
                String id = dir.getFileName().toString();
                List<String> states = jdbc.queryForList("select state from bulk_job where id = ?", String.class, id);
                if (states.isEmpty()) {
                    if (modified(dir).isBefore(orphanBefore)) {
                        DataFiles.deleteTree(dir);
                        directories++;
                    }
                    continue;
                }
                BulkJob.State state = BulkJob.State.valueOf(states.get(0));
                if (state == BulkJob.State.FAILED || state == BulkJob.State.CANCELLED) {
                    DataFiles.deleteTree(dir);
                    directories++;
                } else if (state == BulkJob.State.COMPLETED && hasMoreThanVerdicts(dir)) {
                    keepOnlyVerdicts(dir);
                    inputs++;
                }
            }
        }
        List<String> unscheduled = jdbc.queryForList("select id from bulk_job b where state in ('QUEUED', 'RUNNING') and created_at < ? "
                + "and not exists (select 1 from scheduled_tasks t where t.task_name = ? and t.task_instance = b.id)", String.class,
                Timestamp.from(Instant.now().minus(UNSCHEDULED_AFTER)), TASK);
        for (String id : unscheduled) {
            if (client().scheduleIfNotExists(task.instanceBuilder(id).data(id).scheduledTo(Instant.now()))) {
                log.warn("bulk job {} had no execution: scheduled again", id);
            }
        }
        if (directories + inputs > 0) {
            log.info("swept {} directories of ended jobs and the leftover inputs of {} completed jobs", directories, inputs);
        }
        return new Sweep(directories, inputs, unscheduled.size());
    }

    /** What a sweep did: directories deleted, completed jobs' leftovers deleted, jobs scheduled again. */
    public record Sweep(int directories, int completedLeftovers, int rescheduled) {
    }

    private static boolean hasMoreThanVerdicts(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> !Set.of(VERDICTS, ERRORS).contains(p.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private static Instant modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Claims executions from now on, after sweeping what a crash may have left. */
    @Override
    public void start() {
        stopping = false;
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("the start-up sweep of bulk jobs failed; it runs again later", e);
        }
        scheduler = Scheduler.create(dataSource, task)
                .schedulerName(new SchedulerName.Fixed(instance.id()))
                .threads(settings.threads())
                .pollingInterval(settings.polling())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(settings.shutdownWait())
                .enableImmediateExecution()
                .build();
        scheduler.start();
        running = true;
        log.info("bulk jobs: instance {} takes executions (heartbeat {}, dead after {} missed)", instance.id(), settings.heartbeat(),
                settings.missedHeartbeats());
    }

    /**
     * A graceful stop, before the DataSource closes: no new execution is taken, the running job stops at its next
     * batch (checkpointed) and is released for any instance to take it up at once; waits up to
     * {@code listguard.bulk.jobs.shutdown-wait}, after which db-scheduler gives up on it (its lease then expires).
     */
    @Override
    public void stop() {
        stopping = true;
        if (!live.isEmpty()) {
            log.info("bulk jobs: instance {} stops; its running job {} is checkpointed and released", instance.id(), live.keySet());
        }
        running = false;
        Scheduler current = scheduler;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE; // among the first stopped, long before the DataSource is closed
    }

    // ---- results ------------------------------------------------------------------------------------------------

    /** The result as the API gives it: decision, findings, summary and totals, without per-record data. */
    public record BulkResult(String evaluationId, PolicyVersionRef policyVersion, Decision decision, List<Finding> findings, Summary summary,
                             BulkEvaluation.Totals totals, List<String> warnings, Instant startedAt, Instant finishedAt) {
        BulkResult(String id, BulkEvaluation.Result r) {
            this(id, r.policyVersion(), r.decision(), r.findings(), r.summary(), r.totals(), r.warnings(), r.startedAt(), r.finishedAt());
        }
    }

    private static String suffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.indexOf('.');
        return dot < 0 ? "" : lower.substring(dot).replaceAll("[^a-z.]", "");
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String message) {
        String m = message == null ? "unknown error" : message;
        return m.length() > 1900 ? m.substring(0, 1900) : m;
    }
}
