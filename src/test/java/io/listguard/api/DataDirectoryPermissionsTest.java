package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.listguard.ListguardApplication;
import io.listguard.files.DataFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The data directory is the service's alone: after a start on the embedded H2 file database (the zero-setup
 * default) and a bulk job, its directories are 0700 and its files 0600, whatever the umask.
 */
class DataDirectoryPermissionsTest {

    @TempDir
    Path tmp;

    @Test
    void theDataDirectoryAndEverythingUnderItArePrivate() throws Exception {
        Path data = tmp.resolve("data");
        assumeTrue(DataFiles.posix(tmp), "permissions are POSIX ones");
        String[] args = {"--server.port=0", "--listguard.data-dir=" + data,
                "--spring.datasource.url=jdbc:h2:file:" + data + "/listguard;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"};
        String jobId;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run(args)) {
            assertThat(data.resolve("listguard.mv.db")).exists();
            assertThat(data.resolve("audit-hmac.key")).exists();
            assertThat(notPrivate(data)).as("after a start").isEmpty();
            assertThat(new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
                    .queryForObject("select lock_timeout()", Integer.class)).as("config.DatabaseTimeouts on H2").isEqualTo(5000);

            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpJson http = new HttpJson(port);
            HttpJson.Response accepted = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                    new Object[] {"request", "request.json", HttpJson.bulkRequestPart().toString().getBytes(StandardCharsets.UTF_8)},
                    new Object[] {"records", "prospects.csv", BulkApiTest.CSV.getBytes(StandardCharsets.UTF_8)}), Map.of());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            jobId = accepted.json().get("id").asString();
            JsonNode job = null;
            for (int i = 0; i < 300; i++) {
                job = http.get("/api/v1/jobs/" + jobId).json();
                if (job.get("state").asString().equals("COMPLETED")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
            assertThat(notPrivate(data)).as("after a bulk job, its verdict and error files included").isEmpty();
            assertThat(mode(data)).as("no one else reaches a job's files").isEqualTo("rwx------");
        }
        try (ConfigurableApplicationContext again = new SpringApplicationBuilder(ListguardApplication.class).run(args)) {
            assertThat(data.resolve("jobs").resolve(jobId)).isDirectory();
            assertThat(notPrivate(data)).as("after a restart, the jobs' files included").isEmpty();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every directory not 0700 and file not 0600 under a directory, with its mode. */
    private static List<String> notPrivate(Path root) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String wanted = Files.isDirectory(p) ? "rwx------" : "rw-------";
                if (Files.exists(p) && !mode(p).equals(wanted)) {
                    wrong.add(root.relativize(p) + " " + mode(p));
                }
            }
        }
        return wrong;
    }
}
