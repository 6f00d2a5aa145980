package io.listguard.bulk.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.bulk.BrokerFile;
import io.listguard.lifecycle.TestDatabases;
import io.listguard.security.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored profiles on H2, and on PostgreSQL where LISTGUARD_TEST_POSTGRES_URL points to one: versions go up one
 * by one; of several edits made at once on the same version exactly one is stored and the others are told who got
 * there first (no lost update); a deletion keeps the history; a bulk request's unknown name lists the stored ones.
 */
class MappingProfilesTest {

    static final Actor ALICE = new Actor("Alice Martin (via editor-key)", Actor.Kind.API_KEY, "key:editor-key", "editor-key");
    static final Actor BOB = new Actor("Bob Durand (via oidc:bob)", Actor.Kind.OIDC, "https://sso|bob", null);

    static List<TestDatabases.Database> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void versionsGoUpOneByOneAndOfConcurrentEditsOnOneVersionExactlyOneIsStored(TestDatabases.Database db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            MappingProfiles profiles = new MappingProfiles(JdbcClient.create(db.dataSource()), JsonMapper.builder().build());
            StoredProfile created = profiles.create(BrokerFile.PROFILE, ALICE);
            assertThat(created.version()).isEqualTo(1);
            assertThat(created.createdBy()).isEqualTo(ALICE.display());
            assertThat(created.profile().fields().get("opted_out").values()).containsEntry("X", "true");
            assertThatThrownBy(() -> profiles.create(BrokerFile.PROFILE, BOB)).isInstanceOf(ProfileExistsException.class);

            CountDownLatch start = new CountDownLatch(1);
            List<Future<StoredProfile>> edits = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String text = BrokerFile.PROFILE.replace("Export Excel B2C", "édition " + i);
                Actor who = i % 2 == 0 ? ALICE : BOB;
                Callable<StoredProfile> edit = () -> {
                    start.await();
                    return profiles.update("dataplus-b2c", text, 1, who);
                };
                edits.add(pool.submit(edit));
            }
            start.countDown();
            int stored = 0;
            List<StaleProfileException> refused = new ArrayList<>();
            for (Future<StoredProfile> edit : edits) {
                try {
                    assertThat(edit.get().version()).isEqualTo(2);
                    stored++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StaleProfileException.class);
                    refused.add((StaleProfileException) e.getCause());
                }
            }
            assertThat(stored).isEqualTo(1);
            StoredProfile now = profiles.get("dataplus-b2c").orElseThrow();
            assertThat(now.version()).isEqualTo(2);
            assertThat(refused).hasSize(3).allSatisfy(e -> {
                assertThat(e.currentVersion()).isEqualTo(2);
                assertThat(e.updatedBy()).isEqualTo(now.updatedBy());
                assertThat(e.code()).isEqualTo("profiles.stale");
            });
            List<ProfileEvent> history = profiles.history("dataplus-b2c");
            assertThat(history).extracting(ProfileEvent::kind).containsExactly(ProfileEvent.Kind.CREATED, ProfileEvent.Kind.UPDATED);
            assertThat(history.get(1).after().get("description").asString()).isEqualTo(now.profile().description());

            StoredProfile third = profiles.update("dataplus-b2c", BrokerFile.PROFILE, 2, BOB);
            assertThat(third.version()).isEqualTo(3);
            assertThat(third.updatedBy()).isEqualTo(BOB.display());
            assertThat(third.createdBy()).isEqualTo(ALICE.display());
            assertThatThrownBy(() -> profiles.delete("dataplus-b2c", 2, ALICE)).isInstanceOf(StaleProfileException.class);
            profiles.delete("dataplus-b2c", 3, ALICE);
            assertThat(profiles.get("dataplus-b2c")).isEmpty();
            assertThatThrownBy(() -> profiles.update("dataplus-b2c", BrokerFile.PROFILE, 3, ALICE)).isInstanceOf(ProfileNotFoundException.class);
            history = profiles.history("dataplus-b2c");
            assertThat(history).extracting(ProfileEvent::kind).containsExactly(ProfileEvent.Kind.CREATED, ProfileEvent.Kind.UPDATED,
                    ProfileEvent.Kind.UPDATED, ProfileEvent.Kind.DELETED);
            ProfileEvent deleted = history.get(3);
            assertThat(deleted.version()).isEqualTo(3);
            assertThat(deleted.after()).isNull();
            assertThat(deleted.before().at("/fields/email/column").asString()).isEqualTo("E-mail");
            assertThat(deleted.actor()).isEqualTo(ALICE.display());
            assertThat(deleted.keyName()).isEqualTo("editor-key");
            assertThat(history.get(2).identityKind()).isEqualTo(Actor.Kind.OIDC);

            // created again under the same name: version 1 again, the history goes on
            profiles.create(BrokerFile.PROFILE.replace("DataPlus", "DataPlus SA"), BOB);
            profiles.create(BrokerFile.PROFILE.replace("dataplus-b2c", "acme-b2b").replace("DataPlus", "Acme"), BOB);
            assertThat(profiles.list("Acme")).extracting(StoredProfile::name).containsExactly("acme-b2b");
            assertThat(profiles.list(null)).extracting(StoredProfile::provider).containsExactly("Acme", "DataPlus SA");
            assertThat(profiles.history("dataplus-b2c")).hasSize(5);
            assertThatThrownBy(() -> profiles.resolve("dataplus")).isInstanceOfSatisfying(UnknownProfileException.class,
                    e -> assertThat(e.known()).containsExactly("acme-b2b", "dataplus-b2c"));
        } finally {
            pool.shutdownNow();
            db.drop().run();
        }
    }
}
