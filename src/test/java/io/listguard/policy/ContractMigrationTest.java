package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewrite from the rule contract before io.listguard.rules: the files of the release before it become this
 * release's files (DRL byte for byte, workbooks cell for cell), files of the new contract are left alone, and a
 * policy directory still holding old-contract files is refused with a message that says so.
 */
class ContractMigrationTest {

    private static final Path LEGACY = Path.of("src/test/resources/legacy-contract");

    @ParameterizedTest
    @ValueSource(strings = {"decision.drl", "evidence.drl", "regime.drl", "suppression.drl"})
    void anOldDrlFileBecomesTheReleasesByteForByte(String file) throws IOException {
        byte[] legacy = Files.readAllBytes(LEGACY.resolve("rules").resolve(file));
        byte[] released = Files.readAllBytes(Path.of("rules").resolve(file));
        assertThat(new String(legacy)).contains("kcontext", "io.listguard.evaluation.internal.RuleOutcomes out;");
        assertThat(ContractMigration.migrate("rules/" + file, legacy)).isEqualTo(released);
        assertThat(ContractMigration.migrate("rules/" + file, released)).as("already in the contract").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"campaign-obligations.xlsx", "consent-regime.xlsx", "list-quality.xlsx", "record-rules.xlsx"})
    void anOldWorkbookGetsTheReleasesCellsAndNothingElseChanges(String file) throws IOException {
        byte[] legacy = Files.readAllBytes(LEGACY.resolve("policies").resolve(file));
        byte[] released = Files.readAllBytes(Path.of("policies").resolve(file));
        assertThat(WorkbookMerge.contentDigest(legacy)).isNotEqualTo(WorkbookMerge.contentDigest(released));
        byte[] migrated = ContractMigration.migrate("policies/" + file, legacy);
        assertThat(WorkbookMerge.contentDigest(migrated)).isEqualTo(WorkbookMerge.contentDigest(released));
        assertThat(ContractMigration.migrate("policies/" + file, released)).as("already in the contract").isNull();
        assertThat(ContractMigration.legacyFiles(List.of(new PolicySource("policies/" + file, migrated)))).isEmpty();
    }

    @Test
    void theRewriteTouchesTheOldNamesOnly() {
        assertThat(ContractMigration.rewrite("out.exclude(kcontext, $b.getProspect(), YesNo.$param);")).isEqualTo("out.exclude($b.getProspect(), YesNo.$param);");
        assertThat(ContractMigration.rewrite("out . finding( kcontext )")).isEqualTo("out . finding()");
        assertThat(ContractMigration.rewrite("io.listguard.domain.*, io.listguard.evaluation.facts.*")).isEqualTo("io.listguard.domain.*, io.listguard.rules.*");
        assertThat(ContractMigration.rewrite("io.listguard.evaluation.internal.RuleOutcomes out")).isEqualTo("io.listguard.rules.Outcomes out");
        assertThat(ContractMigration.rewrite("import io.listguard.evaluation.Evidence;")).isEqualTo("import io.listguard.rules.Evidence;");
        for (String unchanged : List.of("io.listguard.evaluation.Finding", "io.listguard.evaluation.EvidenceSomething", "kcontext.getRule()",
                "layout.finding(kcontext, x)", "Consent not in the file", "")) {
            assertThat(ContractMigration.isLegacy(unchanged)).as(unchanged).isFalse();
            assertThat(ContractMigration.rewrite(unchanged)).isEqualTo(unchanged);
        }
    }

    @Test
    void aPolicyDirectoryOfTheOldContractIsRefusedWithTheReason(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        TemplateLock lock = new TemplateLock(PolicySet.fromDirectories(Path.of("rules"), Path.of("policies")));
        PolicySet legacy = PolicySet.fromDirectories(LEGACY.resolve("rules"), LEGACY.resolve("policies"));
        List<PolicyProblem> problems = lock.check(legacy);
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.code()).isIn(ContractMigration.LEGACY, ContractMigration.LEGACY_DRL));
        assertThat(problems).filteredOn(p -> p.code().equals(ContractMigration.LEGACY_DRL)).extracting(PolicyProblem::source)
                .containsExactlyInAnyOrder("rules/decision.drl", "rules/evidence.drl", "rules/regime.drl", "rules/suppression.drl");
        assertThat(problems).filteredOn(p -> "policies/record-rules.xlsx".equals(p.source()) && "Enregistrements".equals(p.sheet()))
                .extracting(PolicyProblem::cell).contains("C5", "C6", "R12");
        PolicyProblem importCell = problems.stream().filter(p -> "C5".equals(p.cell())).findFirst().orElseThrow();
        assertThat(importCell.message(java.util.Locale.ENGLISH)).contains("earlier release of listguard", "'io.listguard.domain.*, io.listguard.rules.*'".replace('\'', '’'));
        assertThat(importCell.message(java.util.Locale.FRENCH)).contains("version antérieure de listguard");
        // rewritten, the same files pass the lock
        List<PolicySource> migrated = legacy.sources().stream().map(ContractMigration::migrate).toList();
        assertThat(lock.check(new PolicySet(migrated))).isEmpty();
    }
}
