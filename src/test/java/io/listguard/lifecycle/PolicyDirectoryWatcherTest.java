package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.console.ConsoleSession;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** With listguard.policy.watch=true, an edited workbook becomes a validated proposal, never an activation by itself. */
class PolicyDirectoryWatcherTest {

    @TempDir
    Path tmp;

    @Test
    void anEditedWorkbookIsProposedAndActivatedOnlyWhenAccepted() throws Exception {
        WorkingCopy copy = new WorkingCopy(tmp);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0",
                "--listguard.policy.watch=true", "--listguard.policy.rules-dir=" + copy.rules, "--listguard.policy.policies-dir=" + copy.policies)) {
            PolicyDirectoryWatcher watcher = context.getBean(PolicyDirectoryWatcher.class);
            ActivePolicy evaluations = context.getBean(ActivePolicy.class);
            assertThat(watcher.proposal()).isEmpty();

            copy.set("consent-regime.xlsx", "Régime", "C14", "EMAL");
            PolicyDirectoryWatcher.Proposal broken = awaitProposal(watcher, null);
            assertThat(broken.report().valid()).isFalse();
            assertThat(broken.report().errors().get(0).cell()).isEqualTo("C14");

            copy.set("consent-regime.xlsx", "Régime", "C14", "EMAIL, SMS, AUTOMATED_CALL").set("list-quality.xlsx", "Prix", "D14", "120");
            PolicyDirectoryWatcher.Proposal valid = awaitProposal(watcher, broken);
            assertThat(valid.report().valid()).as(valid.report().toString()).isTrue();
            assertThat(evaluations.current().policy().versionId()).as("nothing activated by itself").isEqualTo("v1");

            // the console shows the proposal to editors, who accept it there
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            ConsoleSession editor = ConsoleSession.signIn(port, "carol", "test-editor-key-0123456789");
            assertThat(editor.get("/console/policies").body()).contains("id=\"proposal\"").contains("id=\"accept-proposal\"");
            // the folders replace rows of the active version: they are listed, and nothing is activated until confirmed
            ConsoleSession.Page unconfirmed = editor.post("/console/policies/proposal/accept", java.util.Map.of("comment", "price band"));
            assertThat(unconfirmed.status()).isEqualTo(409);
            assertThat(unconfirmed.body()).contains("D14").contains("action=\"/console/policies/proposal/accept\"");
            assertThat(evaluations.current().policy().versionId()).isEqualTo("v1");
            ConsoleSession.Page accepted = editor.post("/console/policies/proposal/accept", java.util.Map.of("comment", "price band", "confirm", "true"));
            assertThat(accepted.location()).endsWith("/console/policies");
            assertThat(evaluations.current().policy().versionId()).isEqualTo("v2");
            assertThat(context.getBean(PolicyLifecycle.class).version("v2").author()).isEqualTo("carol (via test-editor)");
        }
    }

    private static PolicyDirectoryWatcher.Proposal awaitProposal(PolicyDirectoryWatcher watcher, PolicyDirectoryWatcher.Proposal previous)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<PolicyDirectoryWatcher.Proposal> p = watcher.proposal();
            if (p.isPresent() && p.get() != previous) {
                return p.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no proposal within 30 s");
    }
}
