package io.listguard.bulk.jobs;

import static io.listguard.bulk.jobs.JobInstances.auditRows;
import static io.listguard.bulk.jobs.JobInstances.await;
import static io.listguard.bulk.jobs.JobInstances.awaitEnd;
import static io.listguard.bulk.jobs.JobInstances.executions;
import static io.listguard.bulk.jobs.JobInstances.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.bulk.BulkEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk jobs shared by instances of the service on one database and one data directory: a second instance starting
 * never fails the first one's job; a graceful stop mid-job releases it and another instance finishes it from its
 * checkpoint, with the same verdicts, byte for byte, as a run never interrupted, and the audit rows of each record
 * once; a cancel (queued or running) ends it CANCELLED with its reason, its files gone; unreadable input FAILED, its
 * files gone; the files of ended jobs swept. Run on H2 ({@link SharedJobsOnH2Test}) and PostgreSQL
 * ({@link SharedJobsOnPostgresTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SharedJobsScenarios {

    /** Big enough, with batches of 100 records, to take a few seconds and commit many checkpoints. */
    static final long RECORDS = 60_000;

    JobInstances instances;
    Path work;
    /** The verdicts of a run never interrupted, of the file of {@link #RECORDS} records. */
    byte[] referenceVerdicts;
    byte[] referenceErrors;

    /** The arguments that point an instance to the test's database (a fresh one). */
    abstract List<String> databaseArgs();

    abstract void dropDatabase();

    @BeforeAll
    void setUp() throws IOException {
        work = Files.createTempDirectory("listguard-shared-jobs");
        instances = new JobInstances(databaseArgs(), work.resolve("data"));
    }

    @AfterAll
    void tearDown() {
        dropDatabase();
        io.listguard.files.DataFiles.deleteTree(work);
    }

    @Test
    @Order(1)
    void aSecondInstanceStartingWhileAJobRunsNeverFailsItAndAQueuedJobIsCancelledAtOnce() throws Exception {
        Path big = JobInstances.records(work, RECORDS, 7);
        try (ConfigurableApplicationContext a = instances.start("instance-a")) {
            BulkJob running = submit(a, big);
            // the records file is the service's only: directory 0700, file 0600
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(instances.jobDir(running.id())))).isEqualTo("rwx------");
            try (var files = Files.list(instances.jobDir(running.id()))) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(p ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------"));
            }
            await(a, running.id(), Duration.ofSeconds(30), j -> j.state() == BulkJob.State.RUNNING && j.evaluated() > 0);
            BulkJob queued = submit(a, JobInstances.records(work, 500, 3)); // one job at a time per instance: this one waits
            assertThat(queued.state()).isEqualTo(BulkJob.State.QUEUED);

            // a queued job is cancelled at once; nothing is left of it
            BulkJobs jobsOnA = a.getBean(BulkJobs.class);
            BulkJob cancelled = jobsOnA.cancel(queued.id(), "alice", "wrong campaign");
            assertThat(cancelled.state()).isEqualTo(BulkJob.State.CANCELLED);
            assertThat(cancelled.cancel()).isEqualTo(new BulkJob.Cancel("alice", "wrong campaign"));
            assertThat(cancelled.finishedAt()).isNotNull();
            assertThat(instances.jobDir(queued.id())).doesNotExist();
            assertThat(executions(a, queued.id())).isZero();
            assertThat(auditRows(a, queued.id())).isZero();
            assertThatThrownBy(() -> jobsOnA.cancel(queued.id(), "alice", "again")).isInstanceOf(JobEndedException.class)
                    .hasMessageContaining("CANCELLED");
            assertThatThrownBy(() -> jobsOnA.cancel(running.id(), "alice", " ")).isInstanceOf(IllegalArgumentException.class);

            // a second instance starts (before, its start-up failed every running job, another instance's too)
            try (ConfigurableApplicationContext b = instances.start("instance-b")) {
                BulkJob onB = b.getBean(BulkJobs.class).find(running.id()).orElseThrow();
                assertThat(onB.state()).isEqualTo(BulkJob.State.RUNNING);
                assertThat(onB.owner()).isEqualTo("instance-a");
                assertThat(onB.heartbeatAt()).isNotNull();
                Thread.sleep(1_500); // past a heartbeat: b sees a's lease live, and leaves the job be
                assertThat(b.getBean(BulkJobs.class).find(running.id()).orElseThrow().owner()).isEqualTo("instance-a");
            }

            BulkJob done = awaitEnd(a, running.id());
            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(BulkJob.State.COMPLETED);
            assertThat(done.owner()).isEqualTo("instance-a");
            assertThat(done.resumes()).isZero();
            assertThat(done.linesRead()).isEqualTo(RECORDS);
            assertThat(auditRows(a, done.id())).isEqualTo(done.evaluated());
            assertThat(executions(a, done.id())).isZero();
            // a completed job keeps its verdicts and errors, not the upload
            try (var files = Files.list(instances.jobDir(done.id()))) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("errors.csv", "records.csv");
            }
            referenceVerdicts = Files.readAllBytes(instances.jobDir(done.id()).resolve("records.csv"));
            referenceErrors = Files.readAllBytes(instances.jobDir(done.id()).resolve("errors.csv"));
        }
    }

    @Test
    @Order(2)
    void aJobStoppedByAGracefulShutdownIsResumedByAnotherInstanceWithTheSameVerdictsAndEachAuditRowOnce() throws Exception {
        assertThat(referenceVerdicts).as("the uninterrupted run of the first test").isNotNull();
        Path big = JobInstances.records(work, RECORDS, 7);
        String id;
        try (ConfigurableApplicationContext a = instances.start("instance-a2")) {
            id = submit(a, big).id();
            await(a, id, Duration.ofSeconds(30), j -> j.state() == BulkJob.State.RUNNING && j.evaluated() >= 2_000);
        } // closed mid-job: the job stops at its next batch, checkpointed, and is released
        JdbcTemplate db;
        try (ConfigurableApplicationContext b = instances.start("instance-b2")) {
            db = b.getBean(JdbcTemplate.class);
            BulkJob done = awaitEnd(b, id);
            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(BulkJob.State.COMPLETED);
            assertThat(done.resumes()).as("taken up once, after the release").isEqualTo(1);
            assertThat(done.owner()).isEqualTo("instance-b2");
            assertThat(Files.readAllBytes(instances.jobDir(id).resolve("records.csv"))).isEqualTo(referenceVerdicts);
            assertThat(Files.readAllBytes(instances.jobDir(id).resolve("errors.csv"))).isEqualTo(referenceErrors);
            assertThat(auditRows(b, id)).isEqualTo(done.evaluated());
            assertThat(db.queryForObject("select count(distinct seq) from evaluation_record where evaluation_id = ?", Long.class, id))
                    .isEqualTo(done.evaluated());
            BulkEvaluation.Totals totals = b.getBean(JsonMapper.class).readValue(b.getBean(BulkJobs.class).resultJson(id).orElseThrow(),
                    BulkJobs.BulkResult.class).totals();
            assertThat(totals.addsUp()).as(totals.toString()).isTrue();
            assertThat(totals.linesRead()).isEqualTo(RECORDS);
            assertThat(totals.evaluated()).isEqualTo(done.evaluated());
        }
    }

    @Test
    @Order(3)
    void aRunningJobIsCancelledByItsOwnerAndAJobWithUnreadableInputFails() throws Exception {
        try (ConfigurableApplicationContext a = instances.start("instance-a3")) {
            BulkJobs jobs = a.getBean(BulkJobs.class);
            BulkJob running = submit(a, JobInstances.records(work, RECORDS, 7));
            BulkJob broken = submit(a, JobInstances.records(work, 300, 5));
            // its input becomes unreadable while it waits: bytes not valid UTF-8 in its second line
            Path input = instances.jobDir(broken.id()).resolve("input.csv");
            byte[] bytes = Files.readAllBytes(input);
            int secondLine = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\n') + 3;
            bytes[secondLine] = (byte) 0xC3;
            bytes[secondLine + 1] = (byte) 0x28;
            Files.write(input, bytes);

            await(a, running.id(), Duration.ofSeconds(30), j -> j.state() == BulkJob.State.RUNNING && j.evaluated() > 0);
            BulkJob asked = jobs.cancel(running.id(), "bob", "sent by mistake");
            assertThat(asked.cancel()).isEqualTo(new BulkJob.Cancel("bob", "sent by mistake"));
            BulkJob cancelled = await(a, running.id(), Duration.ofSeconds(20), j -> j.state().ended());
            assertThat(cancelled.state()).isEqualTo(BulkJob.State.CANCELLED);
            assertThat(cancelled.linesRead()).isLessThan(RECORDS);
            assertThat(instances.jobDir(running.id())).doesNotExist();
            assertThat(auditRows(a, running.id())).isZero();
            assertThat(jobs.resultJson(running.id())).isEmpty();

            BulkJob failed = awaitEnd(a, broken.id());
            assertThat(failed.state()).isEqualTo(BulkJob.State.FAILED);
            assertThat(failed.error(io.listguard.domain.Messages.ENGLISH)).contains("not valid UTF-8");
            assertThat(failed.error(io.listguard.domain.Messages.FRENCH)).as("stored by its code: read in French too").doesNotContain("not valid");
            assertThat(instances.jobDir(broken.id())).doesNotExist();
            assertThat(auditRows(a, broken.id())).isZero();
            assertThat(executions(a, broken.id())).isZero();
        }
    }

    @Test
    @Order(4)
    void theFilesOfEndedJobsAreSweptAndThoseOfQueuedOrRunningOnesNever() throws Exception {
        try (ConfigurableApplicationContext a = instances.start("instance-a4")) {
            JdbcTemplate db = a.getBean(JdbcTemplate.class);
            Timestamp now = Timestamp.from(Instant.now());
            for (String[] row : new String[][] {{"swept-failed", "FAILED"}, {"swept-cancelled", "CANCELLED"}, {"swept-completed", "COMPLETED"},
                    {"swept-running", "RUNNING"}, {"swept-queued", "QUEUED"}}) {
                db.update("insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, owner, "
                        + "heartbeat_at) values (?, ?, 'c', 'CMP', 'F', 'x.csv', 1, ?, 'elsewhere', ?)", row[0], row[1], now, now);
                Path dir = Files.createDirectories(instances.jobDir(row[0]));
                Files.writeString(dir.resolve("input.csv"), "id\n");
                Files.writeString(dir.resolve("records.csv"), "line\n");
            }
            // the queued and running ones have an execution (their owner's lease): the sweep leaves them be
            BulkJobs jobs = a.getBean(BulkJobs.class);
            db.update("insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version) "
                    + "values (?, 'swept-running', ?, true, 'elsewhere', ?, 1)", BulkJobs.TASK, now, now);
            db.update("insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version) values (?, 'swept-queued', ?, false, 1)",
                    BulkJobs.TASK, Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
            Path orphan = Files.createDirectories(instances.jobDir("no-such-job"));
            Files.writeString(orphan.resolve("input.csv"), "id\n");
            Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path young = Files.createDirectories(instances.jobDir("being-submitted"));

            BulkJobs.Sweep sweep = jobs.sweep();

            assertThat(instances.jobDir("swept-failed")).doesNotExist();
            assertThat(instances.jobDir("swept-cancelled")).doesNotExist();
            assertThat(orphan).doesNotExist();
            assertThat(young).exists();
            assertThat(instances.jobDir("swept-completed").resolve("input.csv")).doesNotExist();
            assertThat(instances.jobDir("swept-completed").resolve("records.csv")).exists();
            for (String live : List.of("swept-running", "swept-queued")) {
                assertThat(instances.jobDir(live).resolve("input.csv")).exists();
                assertThat(instances.jobDir(live).resolve("records.csv")).exists();
            }
            assertThat(sweep.directories()).isGreaterThanOrEqualTo(3);
            assertThat(sweep.completedLeftovers()).isGreaterThanOrEqualTo(1);
            db.update("delete from scheduled_tasks where task_instance in ('swept-running', 'swept-queued')");
            db.update("update bulk_job set state = 'FAILED' where id in ('swept-running', 'swept-queued')");
        }
    }

    @Test
    @Order(5)
    void aJobWhoseOwnerDiedIsRevivedByALiveInstanceWithinSeconds() throws Exception {
        try (ConfigurableApplicationContext a = instances.start("instance-a5")) {
            JdbcTemplate db = a.getBean(JdbcTemplate.class);
            // the state a killed owner leaves: its job RUNNING, its execution picked, its heartbeats stopped a while ago
            String id = java.util.UUID.randomUUID().toString();
            Path dir = Files.createDirectories(instances.jobDir(id));
            Files.copy(JobInstances.records(work, 2_000, 9), dir.resolve("input.csv"));
            JsonMapper json = a.getBean(JsonMapper.class);
            JobRequest request = new JobRequest(json.readValue(JobInstances.HEADER, io.listguard.bulk.BulkHeader.class), "records.csv",
                    io.listguard.bulk.RecordSource.Format.CSV, null);
            Instant died = Instant.now().minus(Duration.ofMinutes(1));
            db.update("insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, started_at, owner, "
                    + "heartbeat_at, request_json) values (?, 'RUNNING', 'test-evaluator', 'CMP-JOBS', 'F-JOBS', 'records.csv', 1, ?, ?, 'killed', ?, ?)",
                    id, Timestamp.from(died), Timestamp.from(died), Timestamp.from(died), json.writeValueAsString(request));
            Instant now = Instant.now();
            db.update("insert into scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, last_heartbeat, version) "
                    + "values (?, ?, null, ?, true, 'killed', ?, 1)", BulkJobs.TASK, id, Timestamp.from(died), Timestamp.from(now));

            // its heartbeat just stopped: dead after 4 missed heartbeats of 1 s, seen by a check every 2 s, taken up at once
            BulkJob taken = await(a, id, Duration.ofSeconds(10), j -> "instance-a5".equals(j.owner()));
            assertThat(Duration.between(now, Instant.now())).isLessThan(Duration.ofSeconds(10));
            BulkJob done = awaitEnd(a, id);
            assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(BulkJob.State.COMPLETED);
            assertThat(done.resumes()).isEqualTo(1);
            assertThat(done.linesRead()).isEqualTo(2_000);
            assertThat(auditRows(a, id)).isEqualTo(done.evaluated());
            assertThat(taken.state()).isIn(BulkJob.State.RUNNING, BulkJob.State.COMPLETED);
        }
    }
}
