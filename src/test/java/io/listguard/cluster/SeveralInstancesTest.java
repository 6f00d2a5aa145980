package io.listguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.SyntheticFile;
import io.listguard.lifecycle.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14, item 5: three instances of the service as separate processes on one PostgreSQL schema and one shared data
 * directory, as production runs them behind a load balancer. An activation on one is in force on all within 5 s;
 * simultaneous activations end in one active version that every instance runs; a job whose instance is killed (SIGKILL)
 * mid-file is resumed by another and ends with the verdict file of an uninterrupted run, byte for byte, its audit rows
 * and totals adding up; a job whose instance stops gracefully is handed over; starting or killing an instance never
 * fails another's job. Runs wherever LISTGUARD_TEST_POSTGRES_URL points to a server (.ci/run sets it).
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_ENV, matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Enough lines for a job to be caught mid-file on a 2-core machine running three instances. */
    private static final long RECORDS = 400_000;

    @TempDir
    static Path shared;

    private ServiceProcess.Cluster cluster;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private byte[] records;
    private String bulkRequest;
    /** The verdict file of an uninterrupted run of {@link #records}, taken once. */
    private byte[] reference;

    @BeforeAll
    void startThreeInstances() throws IOException {
        // short leases so that a killed owner's job is taken over within seconds
        cluster = ServiceProcess.Cluster.onPostgres(System.getenv(TestDatabases.POSTGRES_ENV), shared.resolve("data"), Map.of(
                "listguard.bulk.batch-size", "1000",
                "listguard.bulk.workers", "1", // one core per job: long enough to be caught mid-file
                "listguard.policy.cache-dir", shared.resolve("policy-cache").toString()));
        // the first instance migrates the schema alone (as an upgrade does: one instance first), then the others join
        instances.add(cluster.start("a"));
        CompletableFuture<ServiceProcess> b = CompletableFuture.supplyAsync(() -> cluster.start("b"));
        CompletableFuture<ServiceProcess> c = CompletableFuture.supplyAsync(() -> cluster.start("c"));
        instances.add(b.join());
        instances.add(c.join());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyntheticFile.write(out, RECORDS, 14);
        records = out.toByteArray();
        bulkRequest = Files.readString(Path.of("docs/examples/bulk-request.json"));
    }

    @AfterAll
    void stopAndDrop() throws SQLException {
        instances.forEach(ServiceProcess::close);
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + cluster.schema() + " cascade");
        }
    }

    @Test
    @Order(1)
    void anActivationOnOneInstanceIsInForceOnEveryInstanceWithinFiveSeconds() throws Exception {
        ServiceProcess a = instances.get(0);
        String before = runningVersion(a);
        // a compliance officer adds a test scenario: a new version, made on a
        byte[] scenario = Files.readAllBytes(Path.of("policies/scenarios/r04-consumer-postal-gardening-mailing-is-opt-out.json"));
        HttpResponse<String> upload = a.postParts("/api/v1/policies/versions?author=cluster-test&confirm=true",
                List.of(new ServiceProcess.Part("files", "r04-copy-made-on-instance-a.json", "application/json", scenario)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String next = JSON.readTree(upload.body()).path("version").path("id").asString();
        assertThat(next).isNotEqualTo(before);
        long activated = System.nanoTime();

        for (ServiceProcess instance : instances) {
            awaitVersion(instance, next, activated);
        }
    }

    @Test
    @Order(2)
    void simultaneousActivationsEndInOneActiveVersionThatEveryInstanceRuns() throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode version : JSON.readTree(instances.get(0).get("/api/v1/policies/versions").body())) {
            ids.add(version.path("id").asString());
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(2);
        String current = runningVersion(instances.get(0));
        String other = ids.stream().filter(id -> !id.equals(current)).findFirst().orElseThrow();
        // b rolls back to the other version while c activates the current one again: whichever wins, all agree
        CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> instances.get(1).postJson(
                "/api/v1/policies/versions/" + other + "/activate?confirm=true", "{\"reason\": \"rollback from b\"}"));
        CompletableFuture<HttpResponse<String>> onC = CompletableFuture.supplyAsync(() -> instances.get(2).postJson(
                "/api/v1/policies/versions/" + current + "/activate?confirm=true", "{\"reason\": \"re-activation from c\"}"));
        List<HttpResponse<String>> answers = List.of(onB.join(), onC.join());
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 409);
            if (answer.statusCode() == 409) {
                assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
        }
        String active = activeInDatabase();
        long decided = System.nanoTime();
        for (ServiceProcess instance : instances) {
            awaitVersion(instance, active, decided);
            JsonNode versions = JSON.readTree(instance.get("/api/v1/policies/versions").body());
            List<String> flagged = new ArrayList<>();
            versions.forEach(v -> {
                if (v.path("active").asBoolean()) {
                    flagged.add(v.path("id").asString());
                }
            });
            assertThat(flagged).as("the versions %s lists as active", instance.name()).containsExactly(active);
        }
    }

    @Test
    @Order(3)
    void aJobWhoseInstanceIsKilledMidFileIsResumedByAnotherWithTheVerdictsOfAnUninterruptedRun() throws Exception {
        ServiceProcess a = instances.get(0);
        String job = submit(a);
        awaitJob(a, job, j -> j.path("evaluated").asLong() >= RECORDS / 5, Duration.ofSeconds(120));
        JsonNode beforeKill = job(a, job);
        assertThat(beforeKill.path("state").asString()).as("caught mid-file: %s", beforeKill).isEqualTo("RUNNING");
        a.kill();

        ServiceProcess b = instances.get(1);
        JsonNode done = awaitEnd(b, job);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("resumes").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(done.path("owner").asString()).isNotEqualTo("a");
        assertThat(done.path("linesRead").asLong()).isEqualTo(RECORDS);
        assertThat(done.path("evaluated").asLong() + done.path("rejected").asLong()).isEqualTo(RECORDS);
        assertThat(auditRows(job)).as("audit rows: each evaluated record once").isEqualTo(done.path("evaluated").asLong());

        assertThat(verdicts(b, job)).as("the resumed job's verdict file, byte for byte").isEqualTo(reference());
        assertThat(leftInput(job)).as("the uploaded file is deleted once the job ends").isFalse();

        instances.set(0, cluster.start("a")); // back to three for the next tests
    }

    @Test
    @Order(4)
    void aJobWhoseInstanceStopsGracefullyIsHandedOverAndStartingAnInstanceFailsNoJob() throws Exception {
        ServiceProcess b = instances.get(1);
        String job = submit(b);
        awaitJob(b, job, j -> j.path("evaluated").asLong() >= RECORDS / 10, Duration.ofSeconds(120));
        // a new instance starts while the job runs (its start used to mark every running job FAILED), and b stops
        assertThat(job(b, job).path("state").asString()).as("d starts while the job runs").isEqualTo("RUNNING");
        CompletableFuture<ServiceProcess> starting = CompletableFuture.supplyAsync(() -> cluster.start("d"));
        b.stop();
        ServiceProcess d = starting.join();
        instances.add(d);
        // the job may be done by now (d's start can outlast it on a busy machine); it is never failed by it
        assertThat(job(d, job).path("state").asString()).as("after d's start").isIn("RUNNING", "QUEUED", "COMPLETED");

        ServiceProcess c = instances.get(2);
        JsonNode done = awaitEnd(c, job);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("owner").asString()).isNotEqualTo("b");
        assertThat(auditRows(job)).isEqualTo(done.path("evaluated").asLong());
        assertThat(verdicts(c, job)).isEqualTo(reference());
        assertThat(b.log()).as("b checkpointed and released its job on shutdown").contains(job);
    }

    /** The verdict file of one run of the same records that nothing interrupts, on a live instance. */
    private byte[] reference() throws Exception {
        if (reference == null) {
            ServiceProcess live = instances.stream().filter(ServiceProcess::alive).findFirst().orElseThrow();
            String job = submit(live);
            JsonNode done = awaitJob(live, job, j -> "COMPLETED".equals(j.path("state").asString()), Duration.ofSeconds(240));
            assertThat(done.path("resumes").asInt()).isZero();
            reference = verdicts(live, job);
            assertThat(new String(reference, 0, 200, StandardCharsets.UTF_8)).startsWith("line,id,contactable");
        }
        return reference;
    }

    private String submit(ServiceProcess instance) {
        HttpResponse<String> answer = instance.postParts("/api/v1/evaluations/bulk", List.of(
                new ServiceProcess.Part("request", "request.json", "application/json", bulkRequest.getBytes(StandardCharsets.UTF_8)),
                new ServiceProcess.Part("records", "records.csv", "text/csv", records)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("id").asString();
    }

    private static JsonNode job(ServiceProcess instance, String id) {
        HttpResponse<String> answer = instance.get("/api/v1/jobs/" + id);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode awaitJob(ServiceProcess instance, String id, Predicate<JsonNode> until, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = job(instance, id);
            if (until.test(last)) {
                return last;
            }
            assertThat(last.path("state").asString()).as("job %s: %s", id, last).isNotIn("FAILED", "CANCELLED");
            ServiceProcess.sleep(200);
        }
        throw new AssertionError("job " + id + " did not reach the expected state within " + within + ": " + last);
    }

    /** Waits until the job ended, in any state, and returns it. */
    private static JsonNode awaitEnd(ServiceProcess instance, String id) {
        return awaitJob(instance, id, j -> !List.of("RUNNING", "QUEUED").contains(j.path("state").asString()), Duration.ofSeconds(180));
    }

    private static byte[] verdicts(ServiceProcess instance, String job) {
        HttpResponse<byte[]> file = instance.download("/api/v1/jobs/" + job + "/records.csv");
        assertThat(file.statusCode()).isEqualTo(200);
        return file.body();
    }

    private static String runningVersion(ServiceProcess instance) throws IOException {
        HttpResponse<String> answer = instance.postJson("/api/v1/evaluations", Files.readString(Path.of("docs/examples/evaluation-request.json")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).path("policyVersion").path("id").asString();
    }

    /** Waits until the instance's answers carry {@code version}; at most 5 s after {@code since}. */
    private static void awaitVersion(ServiceProcess instance, String version, long since) throws IOException {
        String seen;
        do {
            seen = runningVersion(instance);
            if (seen.equals(version)) {
                return;
            }
            ServiceProcess.sleep(100);
        } while (System.nanoTime() - since < Duration.ofSeconds(5).toNanos());
        throw new AssertionError(instance.name() + " still answers under " + seen + " 5 s after " + version + " was activated");
    }

    private String activeInDatabase() throws SQLException {
        try (Connection connection = database();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select version_id from " + cluster.schema() + ".policy_activation order by id desc limit 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private long auditRows(String evaluationId) throws SQLException {
        try (Connection connection = database();
             PreparedStatement statement = connection.prepareStatement("select count(*), count(distinct seq) from " + cluster.schema()
                     + ".evaluation_record where evaluation_id = ?")) {
            statement.setString(1, evaluationId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("no record row twice").isEqualTo(rs.getLong(1));
                return rs.getLong(1);
            }
        }
    }

    private boolean leftInput(String job) throws IOException {
        Path dir = cluster.dataDir().resolve("jobs").resolve(job);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("input"));
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(System.getenv(TestDatabases.POSTGRES_ENV), cluster.user(),
                System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""));
    }
}
