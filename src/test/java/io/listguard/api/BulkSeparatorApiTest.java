package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.cli.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 12, item 2: {@code "format": {"separator": "|"}} in a bulk request reads a file whose separator the header
 * line cannot tell; an unsupported separator is a 400 at its path, before any job exists; the CLI's
 * {@code --separator} gives the same verdict file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkSeparatorApiTest {

    /** Bars, and commas inside the values: told from the header line, this file would be read as comma-separated. */
    static final String CSV = "id|kind|email|segments|job_function|consent_email_given_on|consent_email_proof_ref|consent_email_renter_named|opted_out|last_activity_on\r\n"
            + "s-1|PERSON|ada.bar@example.org|FAMILY_WITH_CHILDREN|Chimiste, physicienne|2026-03-01|form-1|oui|non|2026-03-01\r\n"
            + "s-2|PERSON|alan.bar@example.org|FAMILY_WITH_CHILDREN|Physicien, chimiste|2026-03-01|form-2|oui|oui|2026-03-01\r\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HttpJson http;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        http = new HttpJson(port);
    }

    private HttpJson.Response submit(String separator) {
        ObjectNode header = HttpJson.bulkRequestPart();
        if (separator != null) {
            header.putObject("format").put("separator", separator);
        }
        return http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "prospects.csv", CSV.getBytes(StandardCharsets.UTF_8)}), Map.of());
    }

    private String completed(HttpJson.Response accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        for (int i = 0; i < 300; i++) {
            JsonNode job = http.get("/api/v1/jobs/" + id).json();
            if (!job.get("state").asString().matches("QUEUED|RUNNING")) {
                assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
                return http.get("/api/v1/jobs/" + id + "/records.csv").body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    /** line, id, contactable, reasons, legal bases: what the CLI and the service share whatever policy version is active. */
    private static List<String> columns(String recordsCsv) {
        return recordsCsv.lines().map(l -> String.join(",", java.util.Arrays.copyOf(l.split(",", -1), 5))).toList();
    }

    @Test
    void aDeclaredSeparatorReadsTheFileAndTheCliGivesTheSameVerdicts() throws Exception {
        String verdicts = completed(submit("|"));
        assertThat(verdicts.lines().skip(1).map(l -> String.join(":", java.util.Arrays.copyOf(l.split(",", -1), 4))))
                .containsExactly("2:s-1:true:", "3:s-2:false:OPTED_OUT"); // R20

        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path campaign = Files.writeString(tmp.resolve("campaign.json"), HttpJson.bulkRequestPart().toString());
        Path out = tmp.resolve("verdicts.csv");
        var cliErr = new java.io.ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", out.toString(),
                "--separator", "|"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new java.io.PrintStream(cliErr, true, StandardCharsets.UTF_8));
        assertThat(exit).as(cliErr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(columns(Files.readString(out, StandardCharsets.UTF_8))).isEqualTo(columns(verdicts));
    }

    @Test
    void withoutItTheFileIsRefusedAndABadSeparatorIsA400AtItsPath() {
        Integer jobs = jdbc.queryForObject("select count(*) from bulk_job", Integer.class);
        HttpJson.Response undeclared = submit(null);
        assertThat(undeclared.status()).as(undeclared.body()).isEqualTo(400);
        assertThat(undeclared.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(undeclared.json().get("detail").asString()).contains("the header lacks the required column(s) id, kind");

        HttpJson.Response bad = submit(":");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-request");
        assertThat(bad.json().get("errors").get(0).get("path").asString()).isEqualTo("request.format.separator");
        assertThat(bad.json().get("errors").get(0).get("message").asString())
                .isEqualTo("the separator ’:’ is not supported: use , ; | or a tab (\\t or tab)");
        assertThat(jdbc.queryForObject("select count(*) from bulk_job", Integer.class)).as("no job for a refused request").isEqualTo(jobs);
    }
}
