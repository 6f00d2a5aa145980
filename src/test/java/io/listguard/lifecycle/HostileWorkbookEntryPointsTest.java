package io.listguard.lifecycle;

import static io.listguard.policy.HostileWorkbooks.MARKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.listguard.ListguardApplication;
import io.listguard.policy.HostileWorkbooks;
import io.listguard.policy.PolicyCompilationException;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reference exploit (Prix!G14 = YES through a defined name holding Java) is refused at every way into the
 * service, naming the cell, and its payload never runs: the directory watch, and start-up from a policy folder
 * (first start and later starts). Validate and upload: {@code HostileWorkbookApiTest}.
 */
class HostileWorkbookEntryPointsTest {

    @TempDir
    Path tmp;

    @AfterEach
    void thePayloadNeverRan() {
        assertThat(System.getProperty(MARKER)).as("the payload's Java ran").isNull();
    }

    @Test
    void theDirectoryWatchProposesItAsInvalidAtItsCell() throws Exception {
        WorkingCopy copy = new WorkingCopy(tmp);
        try (ConfigurableApplicationContext context = start("--listguard.policy.watch=true", "--listguard.policy.rules-dir=" + copy.rules,
                "--listguard.policy.policies-dir=" + copy.policies)) {
            PolicyDirectoryWatcher watcher = context.getBean(PolicyDirectoryWatcher.class);
            Files.write(copy.policies.resolve("list-quality.xlsx"), HostileWorkbooks.referenceExploit().bytes());
            PolicyDirectoryWatcher.Proposal proposal = awaitProposal(watcher);
            assertThat(proposal.report().valid()).isFalse();
            assertThat(proposal.report().errors()).anySatisfy(p -> assertThat(p.sheet() + "!" + p.cell()).isEqualTo("Prix!G14"));
            assertThat(context.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy().versionId()).isEqualTo("v1");
        }
    }

    @Test
    void startUpFromAPolicyFolderHoldingItFailsNamingTheCellOnFirstStartAndLater() throws Exception {
        WorkingCopy copy = new WorkingCopy(tmp);
        String database = "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath() + "/listguard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Files.write(copy.policies.resolve("list-quality.xlsx"), HostileWorkbooks.referenceExploit().bytes());
        assertRefusedAtG14(catchThrowable(() -> start(database, "--listguard.policy.rules-dir=" + copy.rules,
                "--listguard.policy.policies-dir=" + copy.policies).close()));

        // a later start: the database holds v1 (the bundled policies), the folder now holds the exploit
        start(database).close();
        assertRefusedAtG14(catchThrowable(() -> start(database, "--listguard.policy.rules-dir=" + copy.rules,
                "--listguard.policy.policies-dir=" + copy.policies).close()));
    }

    private static void assertRefusedAtG14(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof PolicyCompilationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("start-up failure").isInstanceOf(PolicyCompilationException.class);
        List<PolicyProblem> problems = ((PolicyCompilationException) cause).problems();
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.source()).isEqualTo("policies/list-quality.xlsx");
            assertThat(p.sheet() + "!" + p.cell()).isEqualTo("Prix!G14");
        });
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(ListguardApplication.class).run(all);
    }

    private static PolicyDirectoryWatcher.Proposal awaitProposal(PolicyDirectoryWatcher watcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<PolicyDirectoryWatcher.Proposal> p = watcher.proposal();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no proposal within 30 s");
    }
}
