package io.listguard.bulk.jobs;

import java.util.List;
import java.util.UUID;

/** {@link SharedJobsScenarios} on one embedded H2 database (in memory, PostgreSQL mode) shared by the instances. */
class SharedJobsOnH2Test extends SharedJobsScenarios {

    private final String name = "shared-jobs-" + UUID.randomUUID();

    @Override
    List<String> databaseArgs() {
        return List.of("--spring.datasource.url=jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @Override
    void dropDatabase() {
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:mem:" + name, "sa", ""); var s = c.createStatement()) {
            s.execute("shutdown");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
