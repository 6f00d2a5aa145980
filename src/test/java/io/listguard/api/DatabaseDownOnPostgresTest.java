package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.lifecycle.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database stops answering under a running instance (its connections go through a relay the test freezes):
 * readiness turns DOWN and an evaluation is a 503 problem+json with Retry-After within seconds, not a hung request;
 * liveness stays UP, since restarting the instance would not mend the database; and service resumes with it.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_ENV, matches = ".+")
class DatabaseDownOnPostgresTest {

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aDatabaseThatStopsAnsweringIsA503WithinSecondsAndReadinessDown() throws Exception {
        String url = System.getenv(TestDatabases.POSTGRES_ENV);
        URI target = URI.create(url.substring("jdbc:".length()));
        String user = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");
        String schema = "lg_down_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String relayed = "jdbc:postgresql://127.0.0.1:%d%s?currentSchema=%s";
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(url, user, password));
        admin.execute("create schema " + schema);
        try (FreezableProxy database = new FreezableProxy(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
             ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0",
                     "--spring.datasource.url=" + relayed.formatted(database.port(), target.getPath(), schema),
                     "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                     "--spring.flyway.schemas=" + schema, "--listguard.data-dir=" + tmp.resolve("data"))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(evaluate(port, sample, "en").statusCode()).isEqualTo(200);
            io.listguard.console.ConsoleSession auditor = io.listguard.console.ConsoleSession.signIn(port, "ada", HttpJson.AUDITOR_KEY);
            assertThat(auditor.get("/console/evaluations").status()).isEqualTo(200);
            Thread.sleep(1_000); // the pool's connections idle, as between requests

            database.freeze();
            long started = System.nanoTime();
            HttpResponse<String> refused = evaluate(port, sample, "fr");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(millis).as("answered in %d ms", millis).isLessThan(5_000);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            JsonNode problem = JsonMapper.builder().build().readTree(refused.body());
            assertThat(problem.get("code").asString()).isEqualTo("database.unavailable");
            assertThat(problem.get("status").asInt()).isEqualTo(503);
            assertThat(refused.body()).doesNotContain("\"decision\"");

            started = System.nanoTime();
            assertThat(get(port, "/actuator/health/readiness").statusCode()).as("readiness DOWN: the load balancer stops sending traffic")
                    .isEqualTo(503);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            assertThat(get(port, "/actuator/health/liveness").statusCode()).as("liveness does not depend on the database").isEqualTo(200);
            io.listguard.console.ConsoleSession.Page page = auditor.get("/console/evaluations");
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.body()).as("a console page, in French by default, not a stack trace")
                    .contains("Service momentanément indisponible").contains("Réessayez dans quelques secondes").doesNotContain("Exception");

            database.thaw();
            long deadline = System.currentTimeMillis() + 30_000;
            int status;
            while ((status = get(port, "/actuator/health/readiness").statusCode()) != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(status).as("ready again once the database answers").isEqualTo(200);
            assertThat(evaluate(port, sample, "en").statusCode()).isEqualTo(200);
        } finally {
            admin.execute("drop schema " + schema + " cascade");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> evaluate(int port, String body, String language) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evaluations")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + HttpJson.ADMIN_KEY).header("Content-Type", "application/json")
                .header("Accept-Language", language).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
