package io.listguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's commands run as written, from the top directory of a clone, against a running service: its {@code curl}
 * calls and its {@code java -jar target/listguard.jar <command>} lines, with {@code localhost:8080} and {@code $KEY}
 * pointing at this test's service, and the lines that run the client examples under docs/examples/. A README edit that
 * breaks a command, or that adds one this test does not know, fails the build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadmeCommandsTest {

    private static final String ADMIN_KEY = "test-admin-key-0123456789"; // src/test/resources/config
    private static final String EVALUATOR_KEY = "test-evaluator-key-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JAR = "java -jar target/listguard.jar";
    private static final Path PROJECT = Path.of("").toAbsolutePath();

    /** A README command (continuation lines joined) and the HTTP status (curl) or exit code (java) it must give. */
    record Listed(String command, int expected) {
    }

    /** Every command of the README that calls the service or runs one of the jar's commands. */
    static final List<Listed> LISTED = List.of(
            new Listed("curl -s -X POST localhost:8080/api/v1/evaluations -H \"Authorization: Bearer $KEY\" "
                    + "-H 'Content-Type: application/json' -d @docs/examples/evaluation-request.json", 200),
            new Listed("LISTGUARD_KEY=$KEY java docs/examples/java/EvaluateExample.java", 0),
            new Listed("LISTGUARD_KEY=$KEY python3 docs/examples/python/evaluate_example.py", 0),
            new Listed("curl -s -i -X POST localhost:8080/api/v1/evaluations/bulk -H \"Authorization: Bearer $KEY\" "
                    + "-F request=@docs/examples/bulk-request.json -F records=@docs/examples/records.csv", 202),
            new Listed(JAR + " evaluate --campaign docs/examples/bulk-request.json --records docs/examples/records.csv --out verdicts.csv", 0),
            new Listed(JAR + " policies validate policies/*.xlsx", 0));

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAR_COMMAND = Pattern.compile(Pattern.quote(JAR) + " (policies|evaluate|bench|audit)\\b.*");

    @LocalServerPort
    int port;

    /** A clone's top directory as the commands see it: the repository's docs, policies and rules, nothing written yet. */
    @TempDir
    static Path top;

    @BeforeAll
    static void aTopDirectory() throws IOException {
        for (String dir : List.of("docs", "policies", "rules")) {
            Files.createSymbolicLink(top.resolve(dir), PROJECT.resolve(dir));
        }
    }

    /** The links go before JUnit deletes the directory, so that nothing can reach through them. */
    @AfterAll
    static void noLinksLeft() throws IOException {
        for (String dir : List.of("docs", "policies", "rules")) {
            Files.deleteIfExists(top.resolve(dir));
        }
    }

    /** The README's shell commands, continuation lines joined, in order. */
    static List<String> readmeCommands() throws IOException {
        String readme = Files.readString(PROJECT.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> commands = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(readme);
        while (block.find()) {
            for (String line : block.group(1).replaceAll("\\\\\\n\\s*", "").split("\\n")) {
                String command = line.strip();
                if (command.startsWith("curl ") || JAR_COMMAND.matcher(command).matches() || command.contains(" docs/examples/java/")
                        || command.contains(" docs/examples/python/")) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    @Test
    void theListIsTheReadmesCommandsVerbatim() throws IOException {
        assertThat(readmeCommands()).as("README.md's curl and java -jar commands; a new one is added to LISTED with its outcome")
                .containsExactlyElementsOf(LISTED.stream().map(Listed::command).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandRunsAsWritten() {
        return LISTED.stream().map(listed -> DynamicTest.dynamicTest(listed.command(), () -> {
            if (listed.command().startsWith("curl ")) {
                curl(listed);
            } else if (listed.command().startsWith(JAR + " ")) {
                jar(listed);
            } else {
                example(listed);
            }
        }));
    }

    private void curl(Listed listed) throws Exception {
        Run run = shell(listed.command().replace("localhost:8080", "localhost:" + port) + " -w '\\nREADME-STATUS %{http_code}\\n'");
        assertThat(run.exit()).as(run.toString()).isZero();
        Matcher status = Pattern.compile("README-STATUS (\\d+)\\n$").matcher(run.out());
        assertThat(status.find()).as(run.toString()).isTrue();
        assertThat(Integer.parseInt(status.group(1))).as(run.toString()).isEqualTo(listed.expected());
        String body = run.out().substring(0, status.start());
        if (listed.command().contains("/evaluations/bulk")) {
            JsonNode job = JSON.readTree(body.substring(body.indexOf("\r\n\r\n") + 4));
            JsonNode done = awaitJob(job.get("id").asString());
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(done.get("evaluated").asInt()).isEqualTo(dataLines("docs/examples/records.csv"));
            HttpResponse<String> verdicts = get("/api/v1/jobs/" + job.get("id").asString() + "/records.csv");
            assertThat(verdicts.statusCode()).isEqualTo(200);
            assertThat(verdicts.body().lines()).hasSize(dataLines("docs/examples/records.csv") + 1);
        } else {
            JsonNode result = JSON.readTree(body);
            assertThat(result.get("decision").asString()).isNotBlank();
            assertThat(result.get("records")).hasSize(6);
        }
    }

    private void jar(Listed listed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = listed.command().replace(JAR, "'" + java + "' -cp \"$LISTGUARD_CP\" " + ListguardApplication.class.getName());
        Run run = shell(command);
        assertThat(run.exit()).as(run.toString()).isEqualTo(listed.expected());
        if (listed.command().contains(" evaluate ")) {
            List<String> verdicts = Files.readAllLines(top.resolve("verdicts.csv"));
            assertThat(verdicts).hasSize(dataLines("docs/examples/records.csv") + 1);
        }
    }

    /** A client example under docs/examples/, on the service's address, prints the service's verdicts. */
    private void example(Listed listed) throws Exception {
        assumeTrue(!listed.command().contains("python3") || onPath("python3"), "python3 is not on the PATH: the Python example is not run");
        Run run = shell(listed.command(), Map.of("LISTGUARD_URL", "http://localhost:" + port));
        assertThat(run.exit()).as(run.toString()).isEqualTo(listed.expected());
        assertTheVerdictsOfTheService(run.out());
    }

    @Test
    void anExampleWithAWrongKeySaysSoAndFails() throws Exception {
        Map<String, String> env = exampleEnvironment();
        env.put("LISTGUARD_KEY", "not-a-key");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run run = run(List.of(java, "docs/examples/java/EvaluateExample.java"), env);
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("HTTP 401").doesNotContain("decision:");
    }

    private Map<String, String> exampleEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("LISTGUARD_URL", "http://localhost:" + port);
        env.put("LISTGUARD_KEY", EVALUATOR_KEY);
        return env;
    }

    /** The output names the service's decision and every record's verdict, as the service gives them. */
    private void assertTheVerdictsOfTheService(String out) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluations"))
                .header("Authorization", "Bearer " + EVALUATOR_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(PROJECT.resolve("docs/examples/evaluation-request.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode expected = JSON.readTree(response.body());
        assertThat(out).contains("decision: " + expected.get("decision").asString() + " (policy version "
                + expected.get("policyVersion").get("id").asString() + ")");
        for (JsonNode record : expected.get("records")) {
            List<String> reasons = new ArrayList<>();
            record.get("reasons").forEach(r -> reasons.add(r.asString()));
            assertThat(out).contains(record.get("contactable").asBoolean()
                    ? record.get("id").asString() + ": contactable\n"
                    : record.get("id").asString() + ": excluded (" + String.join(", ", reasons) + ")\n");
        }
    }

    private static int dataLines(String csv) throws IOException {
        try (Stream<String> lines = Files.lines(PROJECT.resolve(csv))) {
            return (int) lines.filter(l -> !l.isBlank()).count() - 1;
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitJob(String id) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode job = JSON.readTree(get("/api/v1/jobs/" + id).body());
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    record Run(int exit, String out) {
        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + out;
        }
    }

    private Run shell(String command) throws Exception {
        return shell(command, Map.of());
    }

    private Run shell(String command, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("KEY", ADMIN_KEY);
        env.put("LISTGUARD_CP", System.getProperty("java.class.path"));
        return run(List.of("bash", "-c", command), env);
    }

    /** Runs a command in the top directory; standard error is kept after standard output, so that curl's body stays whole. */
    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(top.toFile());
        builder.environment().putAll(env);
        Path err = Files.createTempFile(top, "stderr", ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 180 s");
        }
        String errors = Files.readString(err);
        Files.delete(err);
        return new Run(process.exitValue(), errors.isEmpty() ? out : out + errors);
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
