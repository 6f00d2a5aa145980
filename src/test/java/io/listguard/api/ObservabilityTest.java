package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18: what operators read. Build and git information at /actuator/info (admins only), the rules that decided
 * counted by rule and source row, and logs as JSON lines (ECS structured logging) carrying the evaluation id and no
 * contact data. The context runs with structured logging and is closed after (the logging set-up is the JVM's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "logging.structured.format.console=ecs")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    @Test
    void infoShowsTheBuildAndTheCommitToAdminsOnly() {
        HttpJson.Response info = new HttpJson(port).get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        JsonNode body = info.json();
        assertThat(body.get("build").get("artifact").asString()).isEqualTo("listguard");
        assertThat(body.get("build").get("version").asString()).isNotBlank();
        // built from a git checkout (the tests are): the commit's full id
        assertThat(body.get("git").get("commit").get("id").asString()).as(body.toString()).matches("[0-9a-f]{7,40}");
        assertThat(new HttpJson(port, null).get("/actuator/info").status()).isEqualTo(401);
        assertThat(new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/actuator/info").status()).isEqualTo(403);
    }

    @Test
    void aRequestCountsTheRulesThatDecidedAndLogsItsIdAsJson(CapturedOutput output) throws Exception {
        String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
        String source = "record-rules.xlsx:";
        double before = firedFrom(source);
        // TARGETING_MISMATCH excludes one record (r-2) in the sample: its row counts it once, under its legal rule id
        JsonNode body = new HttpJson(port).postJson("/api/v1/evaluations", sample).json();
        JsonNode targeting = StreamSupport.stream(body.get("trace").spliterator(), false)
                .filter(t -> t.has("code") && t.get("code").asString().contains("TARGETING_MISMATCH")).findFirst().orElseThrow();
        String file = targeting.get("source").asString().substring(targeting.get("source").asString().lastIndexOf('/') + 1);
        String shortName = file + ":" + targeting.get("sheet").asString() + ":" + targeting.get("row").asInt();
        String rule = targeting.has("ruleId") ? targeting.get("ruleId").asString() : null;
        Counter counter = registry.find("listguard.rules.fired").tag("source", shortName).counter();
        assertThat(counter).as(shortName).isNotNull();
        if (rule != null) {
            assertThat(counter.getId().getTag("rule")).isEqualTo(rule);
        }
        assertThat(counter.count()).as("the one record it excluded, in this context's first evaluation").isEqualTo(1.0);
        assertThat(firedFrom(source) - before).isGreaterThanOrEqualTo(1);

        // the service's log line of this evaluation is one JSON object with the evaluation id, and no contact data
        String id = body.get("evaluationId").asString();
        JsonNode line = output.getAll().lines().filter(l -> l.startsWith("{") && l.contains(id) && l.contains("evaluated campaign"))
                .map(l -> HttpJson.mapper().readTree(l)).findFirst().orElseThrow(() -> new AssertionError("no JSON log line of " + id));
        assertThat(line.get("evaluationId").asString()).isEqualTo(id);
        assertThat(line.get("log").get("level").asString()).isEqualTo("INFO");
        assertThat(output.getAll()).doesNotContain("@example.org").doesNotContain("jean.dupont");
    }

    private double firedFrom(String sourcePrefix) {
        return registry.find("listguard.rules.fired").counters().stream().filter(c -> c.getId().getTag("source").startsWith(sourcePrefix))
                .mapToDouble(Counter::count).sum();
    }
}
