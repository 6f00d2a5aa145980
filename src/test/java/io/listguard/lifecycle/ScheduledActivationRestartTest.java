package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkingCopy;
import io.listguard.security.Actor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scheduled activations on the service's embedded file database, with four eyes on (approvals=1): one set while
 * the service runs happens at its instant, once; one whose instant passes while the service is stopped happens at
 * the next start, once, and not again at the start after; a cancelled one never happens.
 */
class ScheduledActivationRestartTest {

    static final Actor BOB = new Actor("Bob (via bob-editor)", Actor.Kind.API_KEY, "key:bob-editor", "bob-editor");

    @TempDir
    Path tmp;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0", "--listguard.policy.approvals=1",
                "--listguard.policy.schedule-poll=PT0.3S",
                "--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("db") + "/listguard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    /** A candidate with the email price threshold changed, uploaded by the author and approved by Bob. */
    private String approvedCandidate(ConfigurableApplicationContext context, String price) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("p" + price)).set("list-quality.xlsx", "Prix", "D14", price);
        String id = context.getBean(PolicyLifecycle.class).publish(List.of(new PolicySource("policies/list-quality.xlsx", copy.bytes("list-quality.xlsx"))),
                "alice", "email price " + price, false).version().id();
        context.getBean(PolicyApprovals.class).approve(id, BOB, "checked");
        return id;
    }

    private static long activations(ConfigurableApplicationContext context, String version) {
        return context.getBean(JdbcClient.class).sql("select count(*) from policy_activation where version_id = ?").param(version).query(Long.class).single();
    }

    private static long steps(ConfigurableApplicationContext context, String version, PolicyEvent.Kind kind) {
        return context.getBean(PolicyEvents.class).of(version).stream().filter(e -> e.kind() == kind).count();
    }

    private static void waitUntil(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }

    @Test
    void aScheduleHappensOnceAtItsInstantAlsoAcrossARestartAndNotWhenCancelled() throws Exception {
        String v2;
        Instant at;
        try (ConfigurableApplicationContext first = start()) {
            v2 = approvedCandidate(first, "120");
            at = Instant.now().plusSeconds(3);
            first.getBean(ScheduledActivations.class).schedule(v2, at, BOB, "the law of 1 July takes effect", true);
            assertThat(first.getBean(io.listguard.evaluation.ActivePolicy.class).current().policy().versionId()).isEqualTo("v1");
        } // stopped before the instant
        while (Instant.now().isBefore(at.plusSeconds(1))) {
            Thread.sleep(200);
        }

        try (ConfigurableApplicationContext second = start()) {
            ActivePolicy evaluations = second.getBean(ActivePolicy.class);
            waitUntil(() -> evaluations.current().policy().versionId().equals(v2), Duration.ofSeconds(20));
            assertThat(evaluations.current().policy().versionId()).isEqualTo(v2); // carried out at start-up
            ScheduledActivations.Schedule done = second.getBean(ScheduledActivations.class).list(v2).get(0);
            assertThat(done.state()).isEqualTo(ScheduledActivations.State.DONE);
            assertThat(done.finishedAt()).isAfter(at);
            Thread.sleep(1_000); // a few more polls
            assertThat(activations(second, v2)).isEqualTo(1);
            assertThat(steps(second, v2, PolicyEvent.Kind.SCHEDULE_CARRIED_OUT)).isEqualTo(1);
            PolicyActivation activation = second.getBean(PolicyLifecycle.class).activations().get(0);
            assertThat(activation.versionId()).isEqualTo(v2);
            assertThat(activation.activatedBy(java.util.Locale.ENGLISH)).isEqualTo("listguard (scheduled #" + done.id() + " by Bob (via bob-editor))");
            assertThat(activation.activatedBy(java.util.Locale.FRENCH)).isEqualTo("listguard (activation programmée n° " + done.id() + " par Bob (via bob-editor))");
            assertThat(activation.reason(java.util.Locale.ENGLISH))
                    .isEqualTo("scheduled #" + done.id() + ": the law of 1 July takes effect (confirmed: 1 row(s) of v1 replaced)");
            assertThat(activation.reason(java.util.Locale.FRENCH))
                    .isEqualTo("activation programmée n° " + done.id() + " : the law of 1 July takes effect (confirmé : 1 ligne(s) de v1 remplacée(s))");
            assertThat(done.outcome(java.util.Locale.FRENCH)).isEqualTo("activée");
            assertThat(done.outcome(java.util.Locale.ENGLISH)).isEqualTo("activated");
            assertThat(second.getBean(PolicyEvents.class).of(v2)).extracting(e -> e.kind() + " " + e.identityKind()).containsExactly(
                    "UPLOADED SYSTEM", "APPROVED API_KEY", "SCHEDULED API_KEY", "ACTIVATED SYSTEM", "SCHEDULE_CARRIED_OUT SYSTEM");
        }

        try (ConfigurableApplicationContext third = start()) {
            ActivePolicy evaluations = third.getBean(ActivePolicy.class);
            assertThat(evaluations.current().policy().versionId()).isEqualTo(v2);
            Thread.sleep(1_000);
            assertThat(activations(third, v2)).isEqualTo(1); // not carried out again

            // while the service runs: at its instant, once
            String v3 = approvedCandidate(third, "110");
            String v4 = approvedCandidate(third, "100");
            Instant soon = Instant.now().plusSeconds(3);
            ScheduledActivations schedules = third.getBean(ScheduledActivations.class);
            schedules.schedule(v3, soon, BOB, "second step of the law", true);
            // and a cancelled one, due at the same instant, never happens
            long cancelled = schedules.schedule(v4, soon, BOB, "withdrawn later", true).id();
            schedules.cancel(cancelled, BOB, "the decree was withdrawn");
            assertThat(evaluations.current().policy().versionId()).isEqualTo(v2);
            waitUntil(() -> evaluations.current().policy().versionId().equals(v3), Duration.ofSeconds(20));
            assertThat(Instant.now()).isAfterOrEqualTo(soon);
            assertThat(evaluations.current().policy().versionId()).isEqualTo(v3);
            assertThat(third.getBean(PolicyLifecycle.class).activations().get(0).activatedAt()).isAfterOrEqualTo(soon);
            Thread.sleep(1_500);
            assertThat(activations(third, v3)).isEqualTo(1);
            assertThat(activations(third, v4)).isZero();
            assertThat(schedules.find(cancelled).orElseThrow().state()).isEqualTo(ScheduledActivations.State.CANCELLED);
            assertThat(evaluations.current().policy().versionId()).isEqualTo(v3);
        }
    }

    @Test
    void aScheduleOfACandidateWithoutItsApprovalsIsRefused() {
        try (ConfigurableApplicationContext context = start()) {
            WorkingCopy copy = new WorkingCopy(tmp.resolve("unapproved")).set("list-quality.xlsx", "Prix", "D14", "130");
            String id = context.getBean(PolicyLifecycle.class).publish(List.of(new PolicySource("policies/list-quality.xlsx", copy.bytes("list-quality.xlsx"))),
                    "alice", "unapproved", false).version().id();
            ScheduledActivations schedules = context.getBean(ScheduledActivations.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> schedules.schedule(id, Instant.now().plusSeconds(60), BOB, "law"))
                    .isInstanceOf(ApprovalsRequiredException.class);
            assertThat(schedules.list(id)).isEmpty();
        }
    }
}
