package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.lifecycle.PolicyState;
import io.listguard.lifecycle.PolicyVersions;
import io.listguard.lifecycle.TestDatabases;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkingCopy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: two instances of the service (two Spring contexts in this JVM, each with its own port and data
 * directory) on ONE database. An activation on A is in force on B within 5 s; two activations at once on A and B
 * end with one active version that both run, the loser told 409 with the winner; two uploads at once get distinct
 * version ids; a version that does not compile on B leaves B serving its version, and its health OUT_OF_SERVICE
 * once the grace is over. On PostgreSQL (LISTEN/NOTIFY and polling) where LISTGUARD_TEST_POSTGRES_URL points to one,
 * and on a shared in-memory H2 (polling only).
 */
class SeveralInstancesApiTest {

    @TempDir
    Path tmp;

    /** One database both instances use, and how to drop it. */
    record Db(String name, List<String> args, Runnable drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    private static Db database(String kind) {
        if (kind.equals("h2")) {
            String url = "jdbc:h2:mem:cluster" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            // an embedded H2 is never shared by two processes in production; here it shows the polling fallback, made quicker
            return new Db("h2", List.of("--spring.datasource.url=" + url, "--listguard.policy.follow-poll=PT0.5S"),
                    () -> JdbcClient.create(new DriverManagerDataSource(url, "sa", "")).sql("drop all objects").update());
        }
        String url = System.getenv(TestDatabases.POSTGRES_ENV);
        String schema = "lg_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String user = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");
        return new Db("postgresql", List.of("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true"),
                () -> JdbcClient.create(new DriverManagerDataSource(url, user, password)).sql("drop schema if exists " + schema + " cascade").update());
    }

    private ConfigurableApplicationContext start(Db db, String name) {
        List<String> args = new ArrayList<>(db.args());
        args.add("--server.port=0");
        args.add("--listguard.data-dir=" + tmp.resolve(name));
        args.add("--listguard.policy.sync-grace=PT1S");
        return new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new));
    }

    private static HttpJson http(ConfigurableApplicationContext context) {
        return new HttpJson(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void twoInstancesOnOneDatabaseRunOneActiveVersion(String kind) throws Exception {
        Db db = database(kind);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ConfigurableApplicationContext a = start(db, "a"); ConfigurableApplicationContext b = start(db, "b")) {
            HttpJson httpA = http(a);
            HttpJson httpB = http(b);
            String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
            assertThat(evaluatedUnder(httpB, sample)).isEqualTo("v1");

            // 1. an activation through A's API is in force on B within 5 s
            HttpJson.Response published = upload(httpA, "140", Map.of("author", "alice", "confirm", "true"));
            assertThat(published.status()).as(published.body()).isEqualTo(201);
            String v2 = published.json().get("version").get("id").asString();
            long activated = System.nanoTime();
            assertThat(evaluatedUnder(httpA, sample)).isEqualTo(v2);
            awaitOrFail(() -> v2.equals(running(httpB)), Duration.ofSeconds(5), "B runs " + v2);
            assertThat(evaluatedUnder(httpB, sample)).isEqualTo(v2);
            assertThat(Duration.ofNanos(System.nanoTime() - activated)).as("B's evaluations answer " + v2).isLessThan(Duration.ofSeconds(5));
            JsonNode onB = httpB.get("/api/v1/policies").json();
            assertThat(onB.get("active").asString()).isEqualTo(v2);
            assertThat(onB.get("running").asString()).isEqualTo(v2);
            assertThat(onB.get("inSync").asBoolean()).isTrue();
            assertThat(onB.get("id").asString()).isEqualTo(v2);
            Health healthB = b.getBean("policyHealthIndicator", HealthIndicator.class).health();
            assertThat(healthB.getStatus()).isEqualTo(Status.UP);
            assertThat(healthB.getDetails()).containsEntry("running", v2).containsEntry("active", v2).containsEntry("inSync", true);

            // 2. two activations fired at once on A and B: one wins, the loser learns which; both run the winner
            boolean raced = false;
            String[] prices = {"145", "155", "160", "165", "170", "175"};
            for (int round = 0; round < 3 && !raced; round++) {
                String onA = candidate(httpA, prices[2 * round]);
                String onBCandidate = candidate(httpA, prices[2 * round + 1]);
                CountDownLatch go = new CountDownLatch(1);
                Future<HttpJson.Response> activateOnA = pool.submit(activation(httpA, onA, go));
                Future<HttpJson.Response> activateOnB = pool.submit(activation(httpB, onBCandidate, go));
                go.countDown();
                HttpJson.Response ra = activateOnA.get();
                HttpJson.Response rb = activateOnB.get();
                String active = a.getBean(PolicyVersions.class).state().activeVersion();
                assertThat(List.of(ra.status(), rb.status())).as(ra.body() + "\n" + rb.body()).contains(200);
                for (HttpJson.Response r : List.of(ra, rb)) {
                    if (r.status() == 409 && r.json().get("type").asString().endsWith("activation-superseded")) {
                        raced = true;
                        assertThat(r.contentType()).startsWith("application/problem+json");
                        assertThat(r.json().get("code").asString()).isEqualTo("policy.activation.superseded");
                        assertThat(r.json().get("activeVersion").asString()).isEqualTo(active);
                        assertThat(r.json().get("activatedBy").asString()).isNotBlank();
                        assertThat(r.json().get("activatedAt").asString()).isNotBlank();
                        assertThat(r.json().get("detail").asString()).contains("version " + active);
                    } else if (r.status() != 200) {
                        // the two ran one after the other: the second one's own checks refused it against the first
                        assertThat(r.status()).as(r.body()).isEqualTo(409);
                    }
                }
                // the active version is one whose activation answered 200; both instances run it and say so
                List<String> succeeded = new ArrayList<>();
                if (ra.status() == 200) {
                    succeeded.add(onA);
                }
                if (rb.status() == 200) {
                    succeeded.add(onBCandidate);
                }
                assertThat(succeeded).contains(active);
                awaitOrFail(() -> active.equals(running(httpA)) && active.equals(running(httpB)), Duration.ofSeconds(5), "both instances run " + active);
                assertThat(evaluatedUnder(httpA, sample)).isEqualTo(active);
                assertThat(evaluatedUnder(httpB, sample)).isEqualTo(active);
                for (HttpJson http : List.of(httpA, httpB)) {
                    JsonNode policies = http.get("/api/v1/policies").json();
                    assertThat(policies.get("active").asString()).isEqualTo(active);
                    assertThat(policies.get("running").asString()).isEqualTo(active);
                    JsonNode versions = http.get("/api/v1/policies/versions").json();
                    List<String> activeIds = new ArrayList<>();
                    versions.forEach(v -> {
                        if (v.get("active").asBoolean()) {
                            activeIds.add(v.get("id").asString());
                        }
                        assertThat(v.get("running").asBoolean()).isEqualTo(v.get("id").asString().equals(active));
                    });
                    assertThat(activeIds).containsExactly(active);
                    assertThat(http.get("/api/v1/policies/activations").json().get(0).get("versionId").asString()).isEqualTo(active);
                }
            }
            assertThat(raced).as("two activations fired at once: one was refused as superseded").isTrue();

            // 3. uploads at once on both instances get distinct version ids
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpJson.Response>> uploads = new ArrayList<>();
            String[] racing = {"180", "185", "190", "195"};
            for (int i = 0; i < racing.length; i++) {
                HttpJson http = i % 2 == 0 ? httpA : httpB;
                String price = racing[i];
                uploads.add(pool.submit(() -> {
                    go.await();
                    return upload(http, price, Map.of("author", "alice", "activate", "false"));
                }));
            }
            go.countDown();
            Set<String> ids = new HashSet<>();
            for (Future<HttpJson.Response> upload : uploads) {
                HttpJson.Response r = upload.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                ids.add(r.json().get("version").get("id").asString());
            }
            assertThat(ids).hasSize(racing.length);
            List<String> listedA = new ArrayList<>();
            httpA.get("/api/v1/policies/versions").json().forEach(v -> listedA.add(v.get("id").asString()));
            assertThat(listedA).containsAll(ids).doesNotHaveDuplicates();

            // 4. a version active in the database that does not compile on B: B keeps serving, logs, retries, and is OUT_OF_SERVICE after the grace
            String serving = a.getBean(PolicyVersions.class).state().activeVersion();
            PolicyVersions versions = b.getBean(PolicyVersions.class);
            PolicySet broken = versions.policySet(serving).orElseThrow().with(List.of(new PolicySource("rules/broken.drl",
                    "package io.listguard.rules;\nrule \"broken\" when then this is not java; end\n".getBytes(StandardCharsets.UTF_8))));
            String brokenId = versions.save(broken, "another release", "not for this release").id();
            PolicyState before = versions.state();
            assertThat(versions.activate(before.counter(), brokenId, "another release", "test")).isTrue();
            HealthIndicator indicator = b.getBean("policyHealthIndicator", HealthIndicator.class);
            awaitOrFail(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE), Duration.ofSeconds(10), "B out of service");
            Health lagging = indicator.health();
            assertThat(lagging.getDetails()).containsEntry("running", serving).containsEntry("active", brokenId).containsEntry("inSync", false);
            assertThat(evaluatedUnder(httpB, sample)).as("the old version keeps serving").isEqualTo(serving);
            assertThat(httpB.get("/api/v1/policies").json().get("inSync").asBoolean()).isFalse();

            // activating a good version again brings every instance back
            HttpJson.Response back = httpA.postJson("/api/v1/policies/versions/" + v2 + "/activate?confirm=true", "{\"reason\":\"roll back\"}");
            assertThat(back.status()).as(back.body()).isEqualTo(200);
            awaitOrFail(() -> indicator.health().getStatus().equals(Status.UP) && v2.equals(running(httpB)), Duration.ofSeconds(5),
                    "B back in service on " + v2);
            assertThat(evaluatedUnder(httpB, sample)).isEqualTo(v2);
        } finally {
            pool.shutdownNow();
            db.drop().run();
        }
    }

    private Callable<HttpJson.Response> activation(HttpJson http, String version, CountDownLatch go) {
        return () -> {
            go.await();
            return http.postJson("/api/v1/policies/versions/" + version + "/activate?confirm=true", "{\"reason\":\"race\"}");
        };
    }

    /** A stored candidate whose list-quality price D14 is {@code price}. */
    private String candidate(HttpJson http, String price) {
        HttpJson.Response r = upload(http, price, Map.of("author", "alice", "activate", "false"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("version").get("id").asString();
    }

    private HttpJson.Response upload(HttpJson http, String price, Map<String, String> fields) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("copy-" + UUID.randomUUID())).set("list-quality.xlsx", "Prix", "D14", price);
        return http.postMultipart("/api/v1/policies/versions",
                List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", copy.bytes("list-quality.xlsx")}), fields);
    }

    /** What the instance says it runs (cheap to ask often, unlike an evaluation, which is recorded). */
    private static String running(HttpJson http) {
        return http.get("/api/v1/policies").json().get("running").asString();
    }

    private static String evaluatedUnder(HttpJson http, String request) {
        HttpJson.Response r = http.postJson("/api/v1/evaluations", request);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("policyVersion").get("id").asString();
    }

    private static void awaitOrFail(Supplier<Boolean> condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.sleep(100);
        }
    }
}
