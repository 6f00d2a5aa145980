package io.listguard.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The databases repository tests run on: the embedded H2 always, and PostgreSQL wherever
 * LISTGUARD_TEST_POSTGRES_URL points to one (.ci/run sets it to the machine's server). Each gets a fresh schema
 * migrated by Flyway, as the service would.
 */
public final class TestDatabases {

    public static final String POSTGRES_ENV = "LISTGUARD_TEST_POSTGRES_URL";

    /** A migrated database and how to drop it. */
    public record Database(String name, DataSource dataSource, Runnable drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TestDatabases() {
    }

    public static List<Database> all() {
        List<Database> databases = new ArrayList<>();
        databases.add(h2());
        String postgres = System.getenv(POSTGRES_ENV);
        if (postgres != null && !postgres.isBlank()) {
            databases.add(postgres(postgres));
        }
        return databases;
    }

    static Database h2() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new Database("h2", ds, () -> execute(ds, "drop all objects"));
    }

    static Database postgres(String url) {
        String schema = "lg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String user = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");
        DriverManagerDataSource ds = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
        Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true).locations("classpath:db/migration").load().migrate();
        return new Database("postgresql", ds, () -> execute(ds, "drop schema " + schema + " cascade"));
    }

    private static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
