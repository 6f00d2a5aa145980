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

    /** The kinds of database tests run on here: "h2", and "postgresql" where LISTGUARD_TEST_POSTGRES_URL is set. */
    public static java.util.stream.Stream<String> kinds() {
        String postgres = System.getenv(POSTGRES_ENV);
        return postgres == null || postgres.isBlank() ? java.util.stream.Stream.of("h2") : java.util.stream.Stream.of("h2", "postgresql");
    }

    /**
     * A fresh database of a kind ("h2" or "postgresql") migrated up to {@code target} (null: every migration), to
     * write data in an older layout and then run the migrations that follow ({@link Staged#migrateRest()}).
     */
    public static Staged migratedTo(String kind, String target) {
        String schema = "lg_stage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        org.flywaydb.core.api.configuration.FluentConfiguration config = Flyway.configure().locations("classpath:db/migration");
        DriverManagerDataSource ds;
        if (kind.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    "sa", "");
        } else {
            String url = System.getenv(POSTGRES_ENV);
            ds = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""));
            config.schemas(schema).createSchemas(true);
        }
        config.dataSource(ds);
        if (target != null) {
            config.target(target);
        }
        Flyway flyway = config.load();
        flyway.migrate();
        String drop = kind.equals("h2") ? "drop all objects" : "drop schema " + schema + " cascade";
        return new Staged(kind, ds, Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load(), () -> execute(ds, drop));
    }

    /** A database migrated up to some version, the migrations after it, and how to drop it. */
    public record Staged(String kind, DataSource dataSource, Flyway rest, Runnable drop) {
        public void migrateRest() {
            rest.migrate();
        }
    }

    private static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
