package io.listguard.bulk.jobs;

import io.listguard.lifecycle.TestDatabases;
import java.sql.DriverManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link SharedJobsScenarios} on PostgreSQL, a fresh schema migrated by Flyway and dropped afterwards; runs wherever
 * LISTGUARD_TEST_POSTGRES_URL points to a server.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_ENV, matches = ".+")
class SharedJobsOnPostgresTest extends SharedJobsScenarios {

    private final String schema = "lg_jobs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String url = System.getenv(TestDatabases.POSTGRES_ENV);
    private final String user = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
    private final String password = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");

    @Override
    List<String> databaseArgs() {
        return List.of("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true");
    }

    @Override
    void dropDatabase() {
        try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
