package io.listguard.bulk.jobs;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.CountingInputStream;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.profiles.StoredProfile;
import io.listguard.bulk.VerdictFiles;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Decision;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.Summary;
import io.listguard.evaluation.Evaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.listguard.config.LimitsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs bulk jobs one at a time (a queue), each on every core through {@link BulkEvaluation}. The upload is saved
 * to disk before the job is acknowledged, so a job survives a client disconnect. Progress goes to the database every
 * second; at start-up a job left QUEUED or RUNNING by a stopped service is marked FAILED, its partial audit deleted.
 */
@Service
public class BulkJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkJobs.class);

    private final JdbcTemplate jdbc;
    private final EvaluationService evaluations;
    private final ActivePolicy activePolicy;
    private final JsonMapper json;
    private final MappingProfiles profiles;
    private final Path jobsDir;
    private final int workers;
    private final int batchSize;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bulk-jobs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final java.time.Period retention;
    /** The archive limits of a records file sent as an .xlsx workbook. */
    private final io.listguard.xlsx.XlsxArchive.Limits workbookLimits;

    /** In-memory progress of the running job. */
    private static final class Live {
        final AtomicLong linesRead = new AtomicLong();
        final AtomicLong evaluated = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        volatile CountingInputStream counting;
        /** The file being read: an XLSX sheet knows better than the bytes counted how much of it is done. */
        volatile RecordSource source;
        volatile long lastSaved;
    }

    BulkJobs(JdbcTemplate jdbc, EvaluationService evaluations, ActivePolicy activePolicy, JsonMapper json, MappingProfiles profiles,
             @Value("${listguard.data-dir:./data}") Path dataDir, @Value("${listguard.bulk.workers:0}") int workers,
             @Value("${listguard.bulk.batch-size:2000}") int batchSize, @Value("${listguard.audit.retention:P3Y}") java.time.Period retention,
             ObjectProvider<LimitsProperties> limits) {
        this.workbookLimits = limits.getIfAvailable(() -> new LimitsProperties(null, null, null, null)).recordsWorkbook().archiveLimits();
        this.retention = retention;
        this.jdbc = jdbc;
        this.evaluations = evaluations;
        this.activePolicy = activePolicy;
        this.json = json;
        this.profiles = profiles;
        this.jobsDir = dataDir.resolve("jobs");
        this.workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        this.batchSize = batchSize;
        failInterruptedJobs();
    }

    /** Checks the header, saves the records file, queues the job; the answer comes before the evaluation. */
    public BulkJob submit(BulkHeader header, String recordsName, InputStream records, String caller) {
        // the campaign and file are checked where every evaluation starts (400 for an invalid one or an unknown offer
        // category), before anything is saved; the campaign stage tells the evidence the file must hold
        Evaluator evaluator = activePolicy.current();
        EvaluationRun probe = evaluator.start(new EvaluationRequest(header.campaign(), header.file(), List.of()), false);
        RecordSource.Format format = RecordSource.formatOf(recordsName);
        // charset and separator from the request's format, then the profile's; the stored profile format.profile names
        // (unknown: 400 listing the stored ones) is read once, and the job keeps its version
        StoredProfile profile = header.profileName() == null ? null : profiles.resolve(header.profileName());
        ReadOptions options = header.readOptions(profile == null ? null : profile.profile(), format).withWorkbookLimits(workbookLimits);
        java.util.Set<io.listguard.rules.Evidence> absent = header.absentEvidence();
        String id = UUID.randomUUID().toString();
        Path dir = jobsDir.resolve(id);
        Path input = dir.resolve("input" + suffix(recordsName));
        long bytes;
        try {
            Files.createDirectories(dir);
            bytes = Files.copy(records, input, StandardCopyOption.REPLACE_EXISTING);
            // a CSV header without its required columns or the evidence its campaign needs, a file not valid in its
            // charset or a CSV quoted field with a lone CR (whole file read: no verdict for the lines before the fault
            // either), an .xlsx workbook the archive guard refuses, without its sheet or a readable header, is
            // refused before anything is queued
            try (InputStream in = Files.newInputStream(input); RecordSource source = RecordSource.open(in, format, options)) {
                // the header was read by open(); it must hold the evidence the campaign's rules need (issue 12, item 3)
                io.listguard.bulk.FileEvidence.check(probe, header.campaign(), absent, source);
                if (format != RecordSource.Format.XLSX) { // a workbook's precheck is its opening, just done
                    try (InputStream whole = Files.newInputStream(input)) {
                        RecordSource.precheck(whole, format, options);
                    }
                }
            } catch (RuntimeException e) {
                deleteQuietly(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.update("""
                insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, profile_name, profile_version)
                values (?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?)""", id, caller, header.campaign().id(), header.file().id(), recordsName, bytes,
                Timestamp.from(Instant.now()), profile == null ? null : profile.name(), profile == null ? null : profile.version());
        runner.submit(() -> run(id, header, input, format, options, caller));
        log.info("bulk job {} queued: campaign {} file {}, {} bytes", id, header.campaign().id(), header.file().id(), bytes);
        return find(id).orElseThrow();
    }

    private void run(String id, BulkHeader header, Path input, RecordSource.Format format, ReadOptions options, String caller) {
        Live progress = new Live();
        live.put(id, progress);
        Path dir = input.getParent();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("evaluationId", id)) {
            jdbc.update("update bulk_job set state = 'RUNNING', started_at = ? where id = ?", Timestamp.from(Instant.now()), id);
            Evaluator evaluator = activePolicy.current();
            long started = System.nanoTime();
            DecisionRecorder.Recording recording = evaluations.open(id, caller, header.campaign(), header.file(), evaluator.versionRef());
            BulkEvaluation.Result result;
            try (InputStream raw = Files.newInputStream(input);
                 CountingInputStream counting = new CountingInputStream(raw);
                 RecordSource source = RecordSource.open(counting, format, options);
                 OutputStream verdictOut = Files.newOutputStream(dir.resolve("records.csv"));
                 OutputStream errorOut = Files.newOutputStream(dir.resolve("errors.csv"));
                 VerdictFiles files = new VerdictFiles(verdictOut, errorOut)) {
                progress.counting = counting;
                progress.source = source;
                result = new BulkEvaluation(evaluator, evaluations.suppressions(), batchSize, workers)
                        .run(header.campaign(), header.file(), header.absentEvidence(), source, files, files, (read, done, rejected) -> {
                            progress.linesRead.set(read);
                            progress.evaluated.set(done);
                            progress.rejected.set(rejected);
                            saveProgress(id, progress, false);
                        }, recording);
            }
            // recorded, then the listeners (metrics), then the job is COMPLETED: the same end as a request's
            evaluations.completed(recording, new EvaluationRequest(header.campaign(), header.file(), List.of()), caller, result.asEvaluation(id),
                    System.nanoTime() - started);
            saveProgress(id, progress, true);
            jdbc.update("update bulk_job set state = 'COMPLETED', finished_at = ?, lines_read = ?, evaluated = ?, rejected = ?, result_json = ? where id = ?",
                    Timestamp.from(Instant.now()), result.totals().linesRead(), result.totals().evaluated(), result.totals().rejected(),
                    json.writeValueAsString(new BulkResult(id, result)), id);
            log.info("bulk job {} completed: {} lines, {} ({} contactable, {} excluded, {} rejected)", id, result.totals().linesRead(),
                    result.decision(), result.totals().contactable(), result.totals().excluded(), result.totals().rejected());
        } catch (RuntimeException | IOException e) {
            log.error("bulk job {} failed", id, e);
            try {
                deleteVerdicts(dir); // a failed job leaves no partial verdicts (e.g. those before a byte not valid in the charset)
                evaluations.discard(id);
            } finally {
                jdbc.update("update bulk_job set state = 'FAILED', finished_at = ?, error = ? where id = ?", Timestamp.from(Instant.now()),
                        truncate(e.getMessage()), id);
            }
        } finally {
            live.remove(id);
            deleteInput(input);
        }
    }

    private static void deleteVerdicts(Path dir) {
        for (String name : List.of("records.csv", "errors.csv")) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException e) {
                log.warn("could not delete {} of a failed job", name);
            }
        }
    }

    /** The uploaded file holds contact data in clear: it is deleted as soon as the job is done, whatever the outcome. */
    private static void deleteInput(Path input) {
        try {
            Files.deleteIfExists(input);
        } catch (IOException e) {
            log.warn("could not delete the uploaded records file {}", input);
        }
    }

    /** Jobs (and their verdict files) older than the audit retention period go with their evaluations (R18). */
    @org.springframework.scheduling.annotation.Scheduled(cron = "${listguard.audit.purge-cron:0 30 3 * * *}")
    @net.javacrumbs.shedlock.spring.annotation.SchedulerLock(name = "bulk-jobs-purge", lockAtMostFor = "PT1H", lockAtLeastFor = "PT5M")
    public Integer purgeOld() { // boxed: ShedLock cannot lock a method returning a primitive (null when another instance runs it)
        Instant cutoff = Instant.now().atZone(java.time.ZoneOffset.UTC).minus(retention).toInstant();
        List<String> old = jdbc.queryForList("select id from bulk_job where created_at < ? and state in ('COMPLETED', 'FAILED')", String.class,
                Timestamp.from(cutoff));
        for (String id : old) {
            deleteQuietly(jobsDir.resolve(id));
            jdbc.update("delete from bulk_job where id = ?", id);
        }
        return old.size();
    }

    /** The result as the API gives it: decision, findings, summary and totals, without per-record data. */
    public record BulkResult(String evaluationId, PolicyVersionRef policyVersion, Decision decision, List<Finding> findings, Summary summary,
                             BulkEvaluation.Totals totals, List<String> warnings, Instant startedAt, Instant finishedAt) {
        BulkResult(String id, BulkEvaluation.Result r) {
            this(id, r.policyVersion(), r.decision(), r.findings(), r.summary(), r.totals(), r.warnings(), r.startedAt(), r.finishedAt());
        }
    }

    private void saveProgress(String id, Live progress, boolean force) {
        long now = System.nanoTime();
        if (!force && now - progress.lastSaved < 1_000_000_000L) {
            return;
        }
        progress.lastSaved = now;
        jdbc.update("update bulk_job set lines_read = ?, evaluated = ?, rejected = ? where id = ?", progress.linesRead.get(),
                progress.evaluated.get(), progress.rejected.get(), id);
    }

    private static final String JOB_COLUMNS = "select id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, "
            + "started_at, finished_at, lines_read, evaluated, rejected, error, profile_name, profile_version from bulk_job";

    public Optional<BulkJob> find(String id) {
        return jdbc.query(JOB_COLUMNS + " where id = ?", (rs, i) -> job(rs), id).stream().findFirst();
    }

    /** The newest jobs, of one caller or (null) of all callers. */
    public List<BulkJob> recent(String caller, int limit) {
        return caller == null
                ? jdbc.query(JOB_COLUMNS + " order by created_at desc limit ?", (rs, i) -> job(rs), limit)
                : jdbc.query(JOB_COLUMNS + " where caller = ? order by created_at desc limit ?", (rs, i) -> job(rs), caller, limit);
    }

    /** A row as callers see it, with the live progress of a running job. */
    private BulkJob job(java.sql.ResultSet rs) throws java.sql.SQLException {
        String id = rs.getString(1);
        BulkJob.State state = BulkJob.State.valueOf(rs.getString(2));
        Instant started = instant(rs.getTimestamp(9));
        Instant finished = instant(rs.getTimestamp(10));
        long read = rs.getLong(11);
        long evaluated = rs.getLong(12);
        long rejected = rs.getLong(13);
        Live progress = live.get(id);
        if (progress != null) {
            read = progress.linesRead.get();
            evaluated = progress.evaluated.get();
            rejected = progress.rejected.get();
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
        return new BulkJob(id, state, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7),
                instant(rs.getTimestamp(8)), started, finished, read, evaluated, rejected, rate, left, rs.getString(14),
                rs.getString(15) == null ? null : new BulkJob.Profile(rs.getString(15), rs.getInt(16)));
    }

    public Optional<String> resultJson(String id) {
        return jdbc.query("select result_json from bulk_job where id = ? and state = 'COMPLETED'", (rs, i) -> rs.getString(1), id)
                .stream().findFirst();
    }

    /** The verdicts or errors file of a completed job. */
    public Optional<Path> file(String id, String name) {
        return find(id).filter(j -> j.state() == BulkJob.State.COMPLETED).map(j -> jobsDir.resolve(id).resolve(name)).filter(Files::exists);
    }

    private void failInterruptedJobs() {
        List<String> interrupted = jdbc.queryForList("select id from bulk_job where state in ('QUEUED', 'RUNNING')", String.class);
        for (String id : interrupted) {
            evaluations.discard(id);
            jdbc.update("update bulk_job set state = 'FAILED', finished_at = ?, error = ? where id = ?", Timestamp.from(Instant.now()),
                    "interrupted by a restart of the service before it completed; submit the file again", id);
            log.warn("bulk job {} was interrupted by a restart: marked FAILED", id);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}", dir);
        }
    }

    private static String suffix(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
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

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
