package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A restart loads the active version from the compiled policy cache under {@code <data-dir>/policy-cache} instead of
 * compiling it again, and answers exactly as before.
 */
class CachedRestartTest {

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext start(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--listguard.data-dir=" + tmp.resolve("data"),
                "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db") + "/listguard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new));
    }

    private static EvaluationResult sample(ConfigurableApplicationContext context) throws Exception {
        EvaluationRequest request = context.getBean(JsonMapper.class)
                .readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
        return context.getBean(EvaluationService.class).evaluate(request);
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("data/policy-cache"))) {
            return files.filter(p -> p.toString().endsWith(".policy")).toList();
        }
    }

    @Test
    void aRestartLoadsTheActiveVersionFromTheCacheAndAnswersAsBefore() throws Exception {
        EvaluationResult before;
        try (ConfigurableApplicationContext first = start()) {
            var policy = first.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy();
            assertThat(policy.versionId()).isEqualTo("v1");
            assertThat(policy.fromCache()).isFalse();
            before = sample(first);
        }
        assertThat(entries()).hasSize(1);

        EvaluationResult after;
        try (ConfigurableApplicationContext second = start()) {
            var policy = second.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy();
            assertThat(policy.versionId()).isEqualTo("v1");
            assertThat(policy.fromCache()).isTrue();
            after = sample(second);
        }
        assertThat(before.trace()).isNotEmpty();
        assertThat(after).usingRecursiveComparison().ignoringFields("evaluationId", "evaluatedAt").isEqualTo(before);

        try (ConfigurableApplicationContext third = start("--listguard.policy.cache=false")) {
            assertThat(third.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy().fromCache()).isFalse();
        }
    }
}
