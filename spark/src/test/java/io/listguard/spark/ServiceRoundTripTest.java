package io.listguard.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listguard.domain.IdentifierHashes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job with the service, both real (issue 17, item 3): the service's jar started on an empty data directory, its
 * active policy version exported as a zip and run by the job under its hash, a suppression added through the API and
 * exported as keyed hashes, and the job's summary posted to the audit trail, where it reads as an evaluation run
 * outside the service with the job's decision and totals.
 */
class ServiceRoundTripTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String KEY = "spark-roundtrip-key-0123456789";
    private static final String SECRET = "spark-roundtrip-hmac-secret-0123";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Process service;
    static String base;

    @BeforeAll
    static void startTheService() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        service = new ProcessBuilder("java", "-Xmx512m", "-jar", ROOT.resolve("target/listguard.jar").toString(), "--server.port=" + port,
                "--listguard.data-dir=" + dir.resolve("data"), "--listguard.audit.hmac-key=" + SECRET,
                "--listguard.security.keys[0].name=spark-batch", "--listguard.security.keys[0].key=" + KEY,
                "--listguard.security.keys[0].roles=EVALUATOR,AUDITOR,ADMIN")
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        long until = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            assertTrue(service.isAlive(), () -> "the service stopped: " + log());
            try {
                if (get("/actuator/health").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertTrue(System.nanoTime() < until, () -> "the service did not start: " + log());
            Thread.sleep(500);
        }
    }

    @AfterAll
    static void stopTheService() throws Exception {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void anExportedVersionAndSuppressionListRunInSparkAndTheJobIsAudited() throws Exception {
        // the active version, exported
        String versionId = JSON.readTree(get("/api/v1/policies").body()).get("id").asString();
        HttpResponse<byte[]> zip = HTTP.send(request("/api/v1/policies/versions/" + versionId + "/export").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        String hash = zip.headers().firstValue("X-Listguard-Policy-Hash").orElseThrow();
        Path zipFile = dir.resolve("version.zip");
        Files.write(zipFile, zip.body());
        // a person objected: added through the API, exported as keyed hashes
        HttpResponse<String> added = HTTP.send(request("/api/v1/suppressions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"entries\":[{\"email\":\"r2@example.org\",\"reason\":\"objected by reply\","
                        + "\"source\":\"campaign CMP-2026-12-EMAIL\"}],\"createdBy\":\"alice\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, added.statusCode(), added.body());
        HttpResponse<String> export = get("/api/v1/suppressions/export");
        assertEquals(200, export.statusCode());
        assertEquals(new IdentifierHashes(SECRET.getBytes(StandardCharsets.UTF_8)).keyId(),
                export.headers().firstValue("X-Listguard-Hash-Key-Id").orElseThrow(), "the job's key is the service's");
        assertTrue(!export.body().contains("r2@example.org") && export.body().lines().count() == 2, export.body());
        Path exportFile = dir.resolve("export.csv");
        Files.writeString(exportFile, export.body());
        Path keyFile = dir.resolve("hmac.b64");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
        Path apiKey = dir.resolve("batch.key");
        Files.writeString(apiKey, KEY + "\n");

        Path records = dir.resolve("records.csv");
        Files.writeString(records, Files.readString(ROOT.resolve("docs/examples/records.csv")).replace("c-2,PERSON,jean.dupont@example.org", "c-2,PERSON,r2@example.org"));
        Path out = dir.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = new SparkMain(new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                java.util.Locale.ENGLISH).run(new String[] {"--master", "local[2]", "--campaign", ROOT.resolve("docs/examples/bulk-request.json").toString(),
                "--records", records.toString(), "--out", out.toString(), "--policy-export", zipFile.toString(), "--policy-hash", hash,
                "--suppressions", exportFile.toString(), "--hash-key-file", keyFile.toString(), "--report-to", base, "--api-key-file", apiKey.toString(),
                "--conf", "spark.ui.enabled=false", "--lang", "en"});
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, err + log());
        List<String> verdicts = Files.readAllLines(out.resolve("verdicts/part-00000.csv"));
        assertTrue(verdicts.stream().anyMatch(l -> l.contains(",c-2,false,") && l.contains("SUPPRESSED")), verdicts.toString());

        Matcher recorded = Pattern.compile("as evaluation (\\S+)").matcher(err);
        assertTrue(recorded.find(), err);
        JsonNode evaluation = JSON.readTree(get("/api/v1/evaluations/" + recorded.group(1)).body());
        JsonNode summary = JSON.readTree(out.resolve("_SUMMARY.json").toFile());
        assertEquals(summary.get("decision").asString(), evaluation.get("decision").asString(), evaluation.toString());
        assertEquals(hash, evaluation.get("policyVersion").get("hash").asString(), evaluation.toString());
        assertTrue(evaluation.toString().contains("spark"), "marked as run outside the service by the Spark job: " + evaluation);

        // a claim the service cannot derive is refused, and the job says why (exit 1)
        Path forged = dir.resolve("forged");
        int refused = new SparkMain(new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr, true, StandardCharsets.UTF_8), java.util.Locale.ENGLISH)
                .run(new String[] {"--master", "local[1]", "--campaign", ROOT.resolve("docs/examples/bulk-request.json").toString(), "--records", records.toString(),
                        "--out", forged.toString(), "--policy-export", zipFile.toString(), "--policy-hash", "sha256:" + "0".repeat(64), "--lang", "en"});
        assertEquals(1, refused, "a policy that is not the version asked for is refused before any task");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String log() {
        try {
            String all = Files.readString(dir.resolve("service.log"));
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
