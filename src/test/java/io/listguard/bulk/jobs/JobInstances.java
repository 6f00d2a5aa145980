package io.listguard.bulk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.SyntheticFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Instances of the whole service on one database and one data directory, as several would run in production: each
 * a Spring context with its own name, started and closed (gracefully) by a test.
 */
final class JobInstances {

    static final String HEADER = """
            {"campaign": {"id": "CMP-JOBS", "audience": "CONSUMER", "channel": "EMAIL", "offerCategory": "CHILDCARE",
                          "startDate": "2026-12-01", "endDate": "2026-12-20", "sender": {"name": "Acme", "identified": true},
                          "optOut": "LINK", "sourceDisclosed": true},
             "file": {"id": "F-JOBS", "provider": {"name": "DataCo", "certifications": ["SNCD"], "certifiedUntil": "2027-06-30"},
                      "pricePerThousand": 300.0}}""";

    private final List<String> databaseArgs;
    private final Path dataDir;

    JobInstances(List<String> databaseArgs, Path dataDir) {
        this.databaseArgs = databaseArgs;
        this.dataDir = dataDir;
    }

    /** An instance named {@code name}: small batches and frequent checkpoints, so that a job of a few seconds has many. */
    ConfigurableApplicationContext start(String name) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--listguard.data-dir=" + dataDir, "--listguard.instance-id=" + name,
                "--listguard.bulk.batch-size=100", "--listguard.bulk.workers=2", "--listguard.bulk.jobs.checkpoint-every=PT0.1S"));
        args.addAll(databaseArgs);
        return new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new));
    }

    Path dataDir() {
        return dataDir;
    }

    Path jobDir(String id) {
        return dataDir.resolve("jobs").resolve(id);
    }

    /** A synthetic records file (5% malformed lines), the same for the same seed. */
    static Path records(Path dir, long records, long seed) throws IOException {
        Path file = dir.resolve("records-" + records + "-" + seed + ".csv");
        if (!Files.exists(file)) {
            try (OutputStream out = Files.newOutputStream(file)) {
                SyntheticFile.write(out, records, seed);
            }
        }
        return file;
    }

    static BulkJob submit(ConfigurableApplicationContext instance, Path records) throws IOException {
        BulkHeader header = instance.getBean(JsonMapper.class).readValue(HEADER, BulkHeader.class);
        try (InputStream in = Files.newInputStream(records)) {
            return instance.getBean(BulkJobs.class).submit(header, "records.csv", in, "test-evaluator");
        }
    }

    static BulkJob await(ConfigurableApplicationContext instance, String id, Duration timeout, Predicate<BulkJob> until) throws InterruptedException {
        BulkJobs jobs = instance.getBean(BulkJobs.class);
        Instant deadline = Instant.now().plus(timeout);
        BulkJob job = jobs.find(id).orElseThrow();
        while (!until.test(job)) {
            assertThat(Instant.now()).as("waiting on job %s, now %s", id, job).isBefore(deadline);
            Thread.sleep(50);
            job = jobs.find(id).orElseThrow();
        }
        return job;
    }

    static BulkJob awaitEnd(ConfigurableApplicationContext instance, String id) throws InterruptedException {
        return await(instance, id, Duration.ofMinutes(3), j -> j.state().ended());
    }

    static long auditRows(ConfigurableApplicationContext instance, String id) {
        return instance.getBean(JdbcTemplate.class).queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, id);
    }

    static long executions(ConfigurableApplicationContext instance, String id) {
        return instance.getBean(JdbcTemplate.class).queryForObject("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?",
                Long.class, BulkJobs.TASK, id);
    }
}
