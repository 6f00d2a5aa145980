package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.cli.Cli;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
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
 * Issue 12, encodings, end to end: a {@code ;}-separated CSV saved by French Excel in Windows-1252, whose
 * {@code françois.garçon@example.org} objected and is on the central suppression list. Declared, the file is read
 * letter for letter and the person excluded as SUPPRESSED; undeclared, it is refused before any job exists, never
 * evaluated with a mangled address that would make the person contactable. The CLI gives the same verdicts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkCharsetApiTest {

    static final Charset CP1252 = Charset.forName("windows-1252");
    static final String FRANCOIS = "françois.garçon@example.org";
    static final String CSV = "id;kind;email;segments;consent_email_given_on;consent_email_proof_ref;consent_email_renter_named;opted_out;last_activity_on\r\n"
            + "e-1;PERSON;marie.curie@example.org;FAMILY_WITH_CHILDREN;2026-03-01;form-1;oui;non;2026-03-01\r\n"
            + "e-2;PERSON;" + FRANCOIS + ";FAMILY_WITH_CHILDREN;2026-03-01;form-2;oui;non;2026-03-01\r\n"
            + "e-3;PERSON;chloé.lefèvre@example.org;FAMILY_WITH_CHILDREN;2026-03-01;form-3;oui;non;2026-03-01\r\n";
    static final byte[] EXCEL = CSV.getBytes(CP1252);

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
        clean();
    }

    @AfterEach
    void clean() {
        jdbc.update("delete from suppression");
        jdbc.update("delete from suppression_removal");
    }

    private HttpJson.Response submit(ObjectNode header, String name, byte[] records) {
        return http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", name, records}), Map.of());
    }

    private ObjectNode declaring(String charset) {
        ObjectNode header = request.deepCopy();
        header.putObject("format").put("charset", charset);
        return header;
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

    /** line:id:contactable:reasons of each verdict row. */
    private static List<String> verdicts(String recordsCsv) {
        return recordsCsv.lines().skip(1).map(l -> String.join(":", Arrays.copyOf(l.split(",", -1), 4))).toList();
    }

    @Test
    void aWindows1252FileWithItsCharsetExcludesTheSuppressedPersonAndWithoutItIsRefused() throws Exception {
        // before the objection: all three contactable, and the CLI writes the same verdicts from the same bytes
        String before = completed(submit(declaring("windows-1252"), "prospects.csv", EXCEL));
        assertThat(verdicts(before)).containsExactly("2:e-1:true:", "3:e-2:true:", "4:e-3:true:");
        Path records = Files.write(tmp.resolve("prospects.csv"), EXCEL);
        Path campaign = Files.writeString(tmp.resolve("campaign.json"), request.toString());
        Path out = tmp.resolve("verdicts.csv");
        var cliErr = new java.io.ByteArrayOutputStream();
        int exit = Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", out.toString(),
                "--charset", "windows-1252"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new java.io.PrintStream(cliErr, true, StandardCharsets.UTF_8));
        assertThat(exit).as(cliErr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(columns(Files.readString(out, StandardCharsets.UTF_8))).isEqualTo(columns(before));

        HttpJson.Response added = http.postJson("/api/v1/suppressions",
                "{\"entries\": [{\"email\": \"" + FRANCOIS + "\", \"reason\": \"objected by reply\", \"source\": \"campaign CMP-3\"}], \"createdBy\": \"alice\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        String after = completed(submit(declaring("windows-1252"), "prospects.csv", EXCEL));
        assertThat(verdicts(after)).containsExactly("2:e-1:true:", "3:e-2:false:SUPPRESSED", "4:e-3:true:");
        ByteArrayOutputStreamGz gz = new ByteArrayOutputStreamGz(EXCEL);
        assertThat(verdicts(completed(submit(declaring("cp1252"), "prospects.csv.gz", gz.bytes))))
                .as("gzip'd, and by an alias").containsExactly("2:e-1:true:", "3:e-2:false:SUPPRESSED", "4:e-3:true:");

        Integer jobs = jdbc.queryForObject("select count(*) from bulk_job", Integer.class);
        for (ObjectNode undeclared : List.of(request, declaring("UTF-8"))) {
            HttpJson.Response refused = submit(undeclared, "prospects.csv", EXCEL);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            JsonNode problem = refused.json();
            int offset = CSV.indexOf('ç'); // line 3, "françois": the first byte that is not UTF-8
            assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
            assertThat(problem.get("code").asString()).isEqualTo("bulk.encoding.looksWindows1252");
            assertThat(problem.get("line").asLong()).isEqualTo(3);
            assertThat(problem.get("byteOffset").asLong()).isEqualTo(offset);
            assertThat(problem.get("charset").asString()).isEqualTo("UTF-8");
            assertThat(problem.get("suggestedCharset").asString()).isEqualTo("windows-1252");
            assertThat(problem.get("detail").asString()).startsWith("line 3, byte offset " + offset + ": the bytes 0xE7 are not valid UTF-8")
                    .contains("look like Windows-1252: set charset to windows-1252").doesNotContain("fran");
        }
        assertThat(jdbc.queryForObject("select count(*) from bulk_job", Integer.class)).as("no job for a refused file").isEqualTo(jobs);

        // the CLI refuses it too, with the same words, and writes no verdict file
        Path refusedOut = tmp.resolve("refused.csv");
        cliErr.reset();
        exit = Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", refusedOut.toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new java.io.PrintStream(cliErr, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(cliErr.toString(StandardCharsets.UTF_8)).contains("line 3, byte offset " + CSV.indexOf('ç') + ": the bytes 0xE7 are not valid UTF-8")
                .contains("set charset to windows-1252");
        assertThat(refusedOut).doesNotExist();
    }

    @Test
    void aBomFileNeedsNoCharset() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = CSV.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(utf8, 0, file, 3, utf8.length);
        http.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"" + FRANCOIS + "\", \"reason\": \"objected\", \"source\": \"hotline\"}]}");
        assertThat(verdicts(completed(submit(request, "prospects.csv", file)))).containsExactly("2:e-1:true:", "3:e-2:false:SUPPRESSED", "4:e-3:true:");
    }

    @Test
    void anUnknownCharsetIsA400NamingTheSupportedOnes() {
        HttpJson.Response r = submit(declaring("EBCDIC-FR"), "prospects.csv", EXCEL);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode problem = r.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:invalid-request");
        assertThat(problem.get("code").asString()).isEqualTo("bulk.charset.unknown");
        assertThat(problem.get("errors").get(0).get("path").asString()).isEqualTo("request.format.charset");
        assertThat(problem.get("errors").get(0).get("message").asString())
                .isEqualTo("the charset ’EBCDIC-FR’ is not supported: use one of UTF-8, ISO-8859-1, ISO-8859-15, windows-1252");
        assertThat(problem.get("supportedCharsets").toString()).isEqualTo("[\"UTF-8\",\"ISO-8859-1\",\"ISO-8859-15\",\"windows-1252\"]");
    }

    /** The verdict columns the CLI and the service share whatever policy version is active: line, id, contactable, reasons, legal bases. */
    private static List<String> columns(String recordsCsv) {
        return recordsCsv.lines().map(l -> String.join(",", Arrays.copyOf(l.split(",", -1), 5))).toList();
    }

    private static final class ByteArrayOutputStreamGz {
        final byte[] bytes;

        ByteArrayOutputStreamGz(byte[] plain) throws java.io.IOException {
            var out = new java.io.ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(plain);
            }
            bytes = out.toByteArray();
        }
    }
}
