package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Issue 12, CSV read as RFC 4180, end to end: a {@code ;} file from French Excel whose addresses hold line breaks
 * (CRLF and LF) inside quotes, a line with several bad columns and a quote never closed at the end. The REST bulk
 * API and the CLI give the same verdicts and the same rejected lines, numbered by the line where each record starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkCsvMultiLineApiTest {

    static final String CSV = "id;kind;email;postal_address;consent_email_given_on;consent_email_proof_ref;consent_email_renter_named;opted_out;last_activity_on\r\n"
            + "m-1;PERSON;m1.rfc4180@example.org;\"12 rue des Lilas\r\n75011 Paris\";2026-03-01;form-1;oui;non;2026-03-01\r\n"
            + "m-2;PERSON;m2.rfc4180@example.org;\"Bât. B; 3e étage\n\n69003 Lyon\";2026-03-01;form-2;oui;non;2026-03-01\r\n"
            + "m-3;ROBOT;m3.rfc4180@example.org;\"dit \"\"la maison\"\"\";2026-02-30;form-3;peut-être;non;2026-03-01\r\n"
            + "m-4;PERSON;m4.rfc4180@example.org;x;2026-03-01;form-4;oui;non;2026-03-01\r\n"
            + "m-5;PERSON;m5.rfc4180@example.org;\"1 place du Marché;2026-03-01;form-5;oui;non;2026-03-01\r\n"
            + "m-6;PERSON;m6.rfc4180@example.org;x;2026-03-01;form-6;oui;non;2026-03-01\r\n";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HttpJson http;
    ObjectNode request;
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() throws Exception {
        http = new HttpJson(port);
        request = HttpJson.bulkRequestPart();
    }

    @Test
    void theCliAndTheRestApiGiveTheSameVerdictFilesForAMultiLineFile() throws Exception {
        byte[] bytes = CSV.getBytes(StandardCharsets.UTF_8);
        HttpJson.Response accepted = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", request.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "prospects.csv", bytes}), Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        for (int i = 0; i < 300 && http.get("/api/v1/jobs/" + id).json().get("state").asString().matches("QUEUED|RUNNING"); i++) {
            Thread.sleep(100);
        }
        JsonNode job = http.get("/api/v1/jobs/" + id).json();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        String restRecords = http.get("/api/v1/jobs/" + id + "/records.csv").body();
        String restErrors = http.get("/api/v1/jobs/" + id + "/errors.csv").body();

        Path records = Files.write(tmp.resolve("prospects.csv"), bytes);
        Path campaign = Files.writeString(tmp.resolve("campaign.json"), request.toString());
        Path out = tmp.resolve("verdicts.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String cliRecords = Files.readString(out, StandardCharsets.UTF_8);
        String cliErrors = Files.readString(tmp.resolve("verdicts.errors.csv"), StandardCharsets.UTF_8);

        // records spanning lines are numbered by their first line: m-1 on 2 (to 3), m-2 on 4 (to 6), m-3 on 7, m-4 on 8
        assertThat(columns(restRecords)).extracting(l -> l.split(",")[0] + ":" + l.split(",")[1])
                .containsExactly("line:id", "2:m-1", "4:m-2", "8:m-4");
        assertThat(columns(cliRecords)).isEqualTo(columns(restRecords));
        assertThat(cliErrors).isEqualTo(restErrors);
        assertThat(restErrors.lines().toList()).containsExactly(
                "line,reason",
                "7,\"consent_email_given_on: ’2026-02-30’ is not a valid date (YYYY-MM-DD); consent_email_renter_named: ’peut-être’ is not true"
                        + " or false; kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS\"",
                "9,\"column postal_address: the quote opened on line 9 is never closed, so lines 9 to 10 (the end of the file) were read as one"
                        + " field and are rejected: close the quote\"");
    }

    /**
     * A lone CR inside a quoted address used to make the job FAIL after it had been accepted (202): the upload's
     * whole-file pre-check refuses it with a 400 naming its line, and no job is created; the CLI refuses it alike.
     */
    @Test
    void aLoneCarriageReturnInsideQuotesIsRefusedAtUploadNamingItsLineAndNoJobIsCreated() throws Exception {
        String csv = CSV.replace("\"12 rue des Lilas\r\n75011 Paris\"", "\"12 rue des Lilas\r75011 Paris\"");
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Integer jobs = jdbc.queryForObject("select count(*) from bulk_job", Integer.class);
        long dirs = jobDirectories();

        HttpJson.Response refused = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", request.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "prospects.csv", bytes}), Map.of());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(problem.get("code").asString()).isEqualTo("bulk.csv.carriageReturnInQuotesAt");
        assertThat(problem.get("line").asLong()).isEqualTo(2);
        assertThat(problem.get("detail").asString()).startsWith("line 2: a quoted field holds a carriage return without a line feed")
                .doesNotContain("Lilas");
        assertThat(jdbc.queryForObject("select count(*) from bulk_job", Integer.class)).as("no job for a refused file").isEqualTo(jobs);
        assertThat(jobDirectories()).as("the upload is not kept").isEqualTo(dirs);

        Path records = Files.write(tmp.resolve("lone-cr.csv"), bytes);
        Path campaign = Files.writeString(tmp.resolve("campaign.json"), request.toString());
        Path out = tmp.resolve("lone-cr-verdicts.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2: a quoted field holds a carriage return without a line feed");
        assertThat(out).as("no verdict file at all").doesNotExist();
    }

    private static long jobDirectories() throws java.io.IOException {
        Path dir = Path.of("target/test-data/jobs");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var list = Files.list(dir)) {
            return list.count();
        }
    }

    /** line, id, contactable, reasons, legal bases: what the CLI and the service share whatever policy version is active. */
    private static List<String> columns(String recordsCsv) {
        return recordsCsv.lines().map(l -> String.join(",", Arrays.copyOf(l.split(",", -1), 5))).toList();
    }
}
