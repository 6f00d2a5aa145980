package io.listguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The name an instance claims work under: the configured one, else host-pid-random, unique per start. */
class InstanceIdentityTest {

    @Test
    void theConfiguredNameIsTakenAsItIs() {
        assertThat(new InstanceIdentity("  node-a ").id()).isEqualTo("node-a");
    }

    @Test
    void unsetItIsHostPidAndARandomPartSoThatTwoStartsOfOneProcessIdDiffer() {
        InstanceIdentity one = new InstanceIdentity("");
        InstanceIdentity two = new InstanceIdentity(null);
        assertThat(one.id()).endsWith("-" + ProcessHandle.current().pid() + one.id().substring(one.id().lastIndexOf('-')))
                .matches(".+-\\d+-[0-9a-f]{8}");
        assertThat(one.id()).isNotEqualTo(two.id());
    }

    @Test
    void aNameTooLongForTheColumnsIsRefused() {
        assertThatThrownBy(() -> new InstanceIdentity("x".repeat(201))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listguard.instance-id");
    }
}
