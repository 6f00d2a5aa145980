package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.EvaluationService;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Versions survive a restart of the service on its embedded file database: the active one stays active. */
class RestartTest {

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext start() {
        // command-line arguments outrank the tests' in-memory database setting
        return new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db") + "/listguard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void anUploadedVersionAndEveryEvaluationSurviveARestart() throws Exception {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("copy")).set("list-quality.xlsx", "Prix", "D14", "120");
        String evaluationId;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(first.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy().versionId()).isEqualTo("v1");
            var request = first.getBean(tools.jackson.databind.json.JsonMapper.class).readValue(
                    java.nio.file.Files.readString(Path.of("docs/examples/evaluation-request.json")), io.listguard.domain.EvaluationRequest.class);
            evaluationId = first.getBean(EvaluationService.class).evaluate(request).evaluationId();
            first.getBean(PolicyLifecycle.class).publish(
                    List.of(new PolicySource("policies/list-quality.xlsx", copy.bytes("list-quality.xlsx"))), "alice", "cheaper email files");
        }
        try (ConfigurableApplicationContext second = start()) {
            ActivePolicy evaluations = second.getBean(ActivePolicy.class);
            assertThat(evaluations.current().policy().versionId()).isEqualTo("v2");
            assertThat(second.getBean(PolicyLifecycle.class).versions()).extracting(PolicyVersion::id).containsExactly("v2", "v1");
            var stored = second.getBean(io.listguard.audit.AuditTrail.class).find(evaluationId).orElseThrow();
            assertThat(stored.policyVersion().id()).isEqualTo("v1");
            assertThat(stored.trace()).isNotEmpty();
        }
    }
}
