package io.listguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.listguard.ListguardApplication;
import io.listguard.policy.PolicyCompilationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A policy that does not compile stops start-up, and the report names the file, sheet and cell. */
class StartupWithBrokenPolicyTest {

    @TempDir
    Path tmp;

    @Test
    void startupFailsWithTheFileSheetAndCellOfTheMistake() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        try (var drls = Files.newDirectoryStream(Path.of("rules"), "*.drl")) {
            for (Path drl : drls) { // every rule file of the release: a missing one is a problem of its own
                Files.copy(drl, rules.resolve(drl.getFileName()));
            }
        }
        for (String xlsx : new String[] {"consent-regime.xlsx", "record-rules.xlsx", "campaign-obligations.xlsx", "list-quality.xlsx"}) {
            Files.copy(Path.of("policies", xlsx), policies.resolve(xlsx));
        }
        Path regime = policies.resolve("consent-regime.xlsx");
        try (InputStream in = Files.newInputStream(regime); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            wb.getSheet("Régime").getRow(14).getCell(2).setCellValue("EMAL");
            try (OutputStream out = Files.newOutputStream(regime)) {
                wb.write(out);
            }
        }

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ListguardApplication.class)
                .properties("server.port=0", "listguard.policy.rules-dir=" + rules, "listguard.policy.policies-dir=" + policies)
                .run().close());

        assertThat(failure).hasRootCauseInstanceOf(PolicyCompilationException.class);
        PolicyCompilationException cause = (PolicyCompilationException) rootCause(failure);
        FailureAnalysis analysis = new PolicyFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription())
                .contains("policies/consent-regime.xlsx, sheet Régime, cell C15")
                .contains("“EMAL”")
                .contains("EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(cause.problems()).hasSize(1);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
