package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The policies bundled in the jar are read from the index the build writes, without scanning the class path. */
class BundledPoliciesTest {

    private static List<String> files(String dir, String... suffixes) throws IOException {
        try (Stream<Path> paths = Files.list(Path.of(dir))) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> dir + "/" + p.getFileName())
                    .filter(name -> Stream.of(suffixes).anyMatch(name::endsWith))
                    .filter(name -> !name.contains("/~$") && !name.contains("/.~lock"))
                    .toList();
        }
    }

    @Test
    void theIndexListsEveryFileOfRulesAndPolicies() throws IOException {
        List<String> expected = Stream.of(files("rules", ".drl"), files("policies", ".xlsx"),
                files("policies/scenarios", ".json", ".xlsx")).flatMap(List::stream).sorted().toList();

        assertThat(expected).contains("rules/decision.drl", "policies/consent-regime.xlsx", "policies/scenarios/scenarios.xlsx");
        assertThat(BundledPolicies.index(getClass().getClassLoader())).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theBundledSetIsTheRepositorysPolicyWithTheSameHash() {
        PolicySet bundled = BundledPolicies.load();
        PolicySet repository = BundledPolicy.policySet();

        assertThat(bundled.hash()).isEqualTo(repository.hash());
        assertThat(bundled.sources()).extracting(PolicySource::name)
                .containsExactlyElementsOf(repository.sources().stream().map(PolicySource::name).toList());
        assertThat(bundled.scenarios()).isNotEmpty();
    }
}
