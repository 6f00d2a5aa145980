package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.ListguardApplication;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance on H2: an activation that another one overtakes (an activation committed in the database between
 * the moment this one read the state and its commit, as another instance would) changes nothing and names the
 * winner; an upload overtaken so stays a candidate; the instance then follows the winner by itself.
 */
class ActivationSupersededTest {

    @TempDir
    Path tmp;

    @Test
    void anOvertakenActivationChangesNothingAndTheInstanceFollowsTheWinner() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class)
                .run("--server.port=0", "--listguard.data-dir=" + tmp.resolve("data"), "--listguard.policy.follow-poll=PT0.3S")) {
            PolicyLifecycle lifecycle = context.getBean(PolicyLifecycle.class);
            PolicyVersions versions = context.getBean(PolicyVersions.class);
            ActivePolicy active = context.getBean(ActivePolicy.class);
            String v2 = lifecycle.publish(List.of(workbook("140")), "alice", "candidate", false).version().id();
            String v3 = lifecycle.publish(List.of(workbook("160")), "alice", "candidate", false).version().id();
            long before = versions.state().counter();

            // "another instance" activates v2 while this one is activating v3
            lifecycle.hooks(new PolicyLifecycleHooks() {
                @Override
                public void beforeActivation(String versionId, String actor) {
                    if (!versionId.equals(v2)) {
                        assertThat(versions.activate(versions.state().counter(), v2, "bob", "on the other instance")).isTrue();
                    }
                }
            });
            assertThatThrownBy(() -> lifecycle.activate(v3, "carol", "mine", true))
                    .isInstanceOfSatisfying(ActivationSupersededException.class, e -> {
                        assertThat(e.versionId()).isEqualTo(v3);
                        assertThat(e.winner().activeVersion()).isEqualTo(v2);
                        assertThat(e.winner().changedBy()).isEqualTo("bob");
                        assertThat(e.code()).isEqualTo("policy.activation.superseded");
                        assertThat(e.getMessage()).contains("Version " + v3 + " was not activated", "version " + v2, "by bob");
                        assertThat(e.message(io.listguard.domain.Messages.FRENCH)).contains("La version " + v3 + " n’a pas été activée", "par bob");
                    });
            assertThat(versions.state().activeVersion()).isEqualTo(v2);
            assertThat(versions.state().counter()).isEqualTo(before + 1);
            assertThat(lifecycle.activations()).extracting(PolicyActivation::versionId).first().isEqualTo(v2);
            assertThat(lifecycle.activations()).extracting(PolicyActivation::versionId).doesNotContain(v3);

            // this instance did not activate v3; it follows v2, activated elsewhere, off the request path
            assertThat(active.current().policy().versionId()).isNotEqualTo(v3);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!v2.equals(active.current().policy().versionId()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(active.current().policy().versionId()).isEqualTo(v2);

            // an upload with activation overtaken the same way is stored, as a candidate, and not active
            lifecycle.hooks(new PolicyLifecycleHooks() {
                @Override
                public void beforeActivation(String versionId, String actor) {
                    assertThat(versions.activate(versions.state().counter(), v3, "bob", "on the other instance")).isTrue();
                }
            });
            String[] stored = new String[1];
            assertThatThrownBy(() -> lifecycle.publish(List.of(workbook("170")), "alice", "upload", true, true, null))
                    .isInstanceOfSatisfying(ActivationSupersededException.class, e -> {
                        stored[0] = e.versionId();
                        assertThat(e.winner().activeVersion()).isEqualTo(v3);
                    });
            assertThat(lifecycle.version(stored[0]).id()).isEqualTo(stored[0]);
            assertThat(versions.state().activeVersion()).isEqualTo(v3);
            assertThat(lifecycle.lineage(stored[0]).everActivated()).isFalse();
        }
    }

    private PolicySource workbook(String price) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("copy-" + price)).set("list-quality.xlsx", "Prix", "D14", price);
        return new PolicySource("policies/list-quality.xlsx", copy.bytes("list-quality.xlsx"));
    }
}
