package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationService;
import io.listguard.suppression.Suppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/** Stored evaluations are purged after the retention period (R18, 3 years by default); suppressions are kept (R20). */
@SpringBootTest
class RetentionJobTest {

    @Autowired
    EvaluationService evaluations;
    @Autowired
    AuditTrail trail;
    @Autowired
    Suppressions suppressions;
    @Autowired
    JsonMapper json;

    @Test
    void evaluationsOlderThanTheRetentionPeriodArePurgedAndSuppressionsKept() throws Exception {
        EvaluationRequest request = json.readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
        String id = evaluations.evaluate(request).evaluationId();
        suppressions.add(Suppressions.Kind.EMAIL, "objector@example.org", "objected by phone", "call centre", "test");
        AuditProperties threeYears = new AuditProperties(null, Period.ofYears(3), "0 30 3 * * *");

        int notYet = new RetentionJob(trail, threeYears, clockIn(Period.ofYears(2))).purge().orElseThrow();
        assertThat(notYet).isZero();
        assertThat(trail.find(id)).isPresent();

        int purged = new RetentionJob(trail, threeYears, clockIn(Period.ofYears(3).plusDays(1))).purge().orElseThrow();
        assertThat(purged).isEqualTo(1);
        assertThat(trail.find(id)).isEmpty();
        assertThat(suppressions.find(Suppressions.Kind.EMAIL, "objector@example.org")).isPresent();
    }

    private static Clock clockIn(Period later) {
        return Clock.fixed(Instant.now().atZone(ZoneOffset.UTC).plus(later).toInstant(), ZoneOffset.UTC);
    }
}
