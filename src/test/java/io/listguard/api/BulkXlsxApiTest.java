package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.BrokerFile;
import io.listguard.bulk.XlsxFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
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
 * Issue 12, item 5, through real HTTP: a broker's Excel workbook is a bulk job like its CSV export (the same
 * verdicts, at the sheet's rows), the CLI gives the same files, the preview reads it, and a workbook that cannot be
 * read is a 400 problem+json at upload, naming why, before any job exists.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkXlsxApiTest {

    @TempDir
    Path tmp;
    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HttpJson evaluator;

    @BeforeEach
    void storeTheBrokersProfile() {
        jdbc.update("delete from mapping_profile");
        jdbc.update("delete from mapping_profile_event");
        assertThat(new HttpJson(port, HttpJson.EDITOR_KEY).postJson("/api/v1/profiles", BrokerFile.PROFILE).status()).isEqualTo(201);
        evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);
    }

    private static ObjectNode withProfile() {
        ObjectNode request = HttpJson.bulkRequestPart();
        request.putObject("format").put("profile", "dataplus-b2c");
        return request;
    }

    private HttpJson.Response submit(ObjectNode request, String name, byte[] records, String... headers) {
        return evaluator.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", request.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", name, records}), Map.of(), headers);
    }

    private String[] completed(HttpJson.Response accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        for (int i = 0; i < 300; i++) {
            JsonNode job = evaluator.get("/api/v1/jobs/" + id).json();
            if (!job.get("state").asString().matches("QUEUED|RUNNING")) {
                assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
                return new String[] {text(evaluator.getBytes("/api/v1/jobs/" + id + "/records.csv")),
                        text(evaluator.getBytes("/api/v1/jobs/" + id + "/errors.csv"))};
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int jobs() {
        return jdbc.queryForObject("select count(*) from bulk_job", Integer.class);
    }

    @Test
    void theBrokersWorkbookIsAJobWithTheVerdictsOfItsCsvExportAndTheCliWritesTheSameFiles() throws Exception {
        String[] csv = completed(submit(withProfile(), "dataplus.csv", BrokerFile.bytes()));
        String[] xlsx = completed(submit(withProfile(), "Export DataPlus.xlsx", BrokerFile.xlsx()));

        // the same records, reasons, legal bases and deciding rules; the sheet's rows for the CSV's lines 3, 5, 6, 7
        Map<String, String> rows = Map.of("3", "3", "5", "4", "6", "5", "7", "6");
        assertThat(xlsx[0]).isEqualTo(atRows(csv[0], rows));
        assertThat(xlsx[1]).isEqualTo(atRows(csv[1], rows));
        List<String> verdicts = xlsx[0].lines().skip(1).toList();
        assertThat(verdicts).hasSize(3);
        assertThat(verdicts.get(0)).startsWith("3,DP-001,true,,CONSENT_REQUIRED,"); // R1: consent with proof, renter named
        assertThat(verdicts.get(1)).startsWith("4,DP-002,false,OPTED_OUT,"); // R20
        assertThat(verdicts.get(2)).startsWith("5,DP-003,false,NO_CONSENT,"); // R1: "NON" is no consent
        assertThat(xlsx[1].lines().skip(1).toList()).singleElement().asString().startsWith("6,")
                .contains("’PEUT-ÊTRE’ is not one of the values the profile lists").contains("’31/02/2026’ is not a date in dd/MM/yyyy");

        // the command line on the same workbook, with the profile from its file
        Path workbook = Files.write(tmp.resolve("Export DataPlus.xlsx"), BrokerFile.xlsx());
        Path campaign = Files.writeString(tmp.resolve("campaign.json"), HttpJson.bulkRequestPart().toString());
        Path out = tmp.resolve("verdicts.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = io.listguard.cli.Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", workbook.toString(),
                "--profile", BrokerFile.PROFILE_FILE.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // the deciding rules name the rows of the active policy version, which other tests of this service may change: compared
        // up to the legal bases, the rest of each verdict being the same
        assertThat(firstColumns(Files.readString(out, StandardCharsets.UTF_8))).isEqualTo(firstColumns(xlsx[0]));
        assertThat(Files.readString(tmp.resolve("verdicts.errors.csv"), StandardCharsets.UTF_8)).isEqualTo(xlsx[1]);

        // what the CLI refuses for a workbook: a charset, which it has not
        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        assertThat(io.listguard.cli.Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", workbook.toString(),
                "--profile", BrokerFile.PROFILE_FILE.toString(), "--charset", "windows-1252", "--out", tmp.resolve("x.csv").toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(refused, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(refused.toString(StandardCharsets.UTF_8)).contains("--charset (’windows-1252’) does not apply to an .xlsx workbook");
        assertThat(tmp.resolve("x.csv")).doesNotExist();
    }

    @Test
    void thePreviewReadsTheWorkbooksFirstRowsWithTheStoredProfile() {
        HttpJson.Response answer = evaluator.postMultipart("/api/v1/profiles/preview",
                List.<Object[]>of(new Object[] {"records", "Export DataPlus.xlsx", BrokerFile.xlsx()}), Map.of("name", "dataplus-b2c"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode preview = answer.json();
        assertThat(preview.get("refused").asBoolean()).isFalse();
        assertThat(preview.get("sheet").asString()).isEqualTo("Export DataPlus");
        assertThat(preview.hasNonNull("charset")).as("a workbook has no charset").isFalse();
        JsonNode lines = preview.get("lines");
        assertThat(lines.valueStream().map(l -> l.get("line").asLong()).toList()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(lines.get(0).at("/values/phone").asString()).isEqualTo("0612345678");
        assertThat(lines.get(0).at("/values/postal_address").asString()).isEqualTo("12 rue des Lilas\n75011 Paris");
        assertThat(lines.get(0).at("/values/consent_email_given_on").asString()).isEqualTo("2026-03-01");
        assertThat(lines.get(1).at("/values/last_activity_on").asString()).as("the General number, read as Excel's serial day").isEqualTo("2026-02-12");
        assertThat(lines.get(3).get("problems").valueStream().map(p -> p.get("column").asString()).toList())
                .containsExactly("bloctel_registered", "consent_email_given_on");

        JsonNode other = evaluator.postMultipart("/api/v1/profiles/preview",
                List.<Object[]>of(new Object[] {"records", "Export DataPlus.xlsx", BrokerFile.xlsx()},
                        new Object[] {"format", "format.json", "{\"sheet\": \"Feuil2\"}".getBytes(StandardCharsets.UTF_8)}), Map.of("name", "dataplus-b2c"))
                .json();
        assertThat(other.get("refused").asBoolean()).isTrue();
        assertThat(other.at("/fileProblems/0/code").asString()).isEqualTo("bulk.xlsx.unknownSheet");
    }

    @Test
    void aWorkbookThatCannotBeReadIsA400AtUploadNamingWhyAndNoJobIsQueued() throws Exception {
        int before = jobs();
        ByteArrayOutputStream xls = new ByteArrayOutputStream();
        try (HSSFWorkbook old = new HSSFWorkbook()) {
            old.createSheet("Export").createRow(0).createCell(0).setCellValue("Réf");
            old.write(xls);
        }
        HttpJson.Response oldFormat = submit(withProfile(), "export.xlsx", xls.toByteArray());
        assertThat(oldFormat.status()).as(oldFormat.body()).isEqualTo(400);
        assertThat(oldFormat.contentType()).startsWith("application/problem+json");
        assertThat(oldFormat.json().get("type").asString()).endsWith("invalid-records-file");
        assertThat(oldFormat.json().get("code").asString()).isEqualTo("bulk.xlsx.oldFormat");

        HttpJson.Response named = submit(withProfile(), "export.xls", xls.toByteArray());
        assertThat(named.json().get("code").asString()).isEqualTo("bulk.xlsx.otherExcelName");
        assertThat(named.json().get("detail").asString()).contains("save it as “Excel Workbook (.xlsx)”");

        HttpJson.Response french = submit(withProfile(), "export.xlsx", xls.toByteArray(), "Accept-Language", "fr");
        assertThat(french.json().get("detail").asString()).startsWith("ce fichier n’est pas un classeur .xlsx");

        byte[] workbook = BrokerFile.xlsx();
        String sheet = XlsxFiles.part(workbook, "xl/worksheets/sheet1.xml");
        byte[] damaged = XlsxFiles.withPart(workbook, "xl/worksheets/sheet1.xml",
                sheet.substring(0, sheet.indexOf("<row r=\"2\"") + 30).getBytes(StandardCharsets.UTF_8));
        HttpJson.Response cut = submit(withProfile(), "export.xlsx", damaged);
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        assertThat(cut.json().get("code").asString()).isEqualTo("bulk.xlsx.damagedSheet");
        assertThat(cut.json().get("detail").asString()).contains("cannot be read at row 2"); // its header row

        HttpJson.Response macros = submit(withProfile(), "export.xlsx", XlsxFiles.withPart(workbook, "xl/vbaProject.bin", new byte[] {1, 2, 3}));
        assertThat(macros.json().get("code").asString()).isEqualTo("bulk.xlsx.macro");

        ObjectNode unknownSheet = withProfile();
        ((ObjectNode) unknownSheet.get("format")).put("sheet", "Feuil1");
        HttpJson.Response noSuchSheet = submit(unknownSheet, "export.xlsx", workbook);
        assertThat(noSuchSheet.status()).isEqualTo(400);
        assertThat(noSuchSheet.json().get("code").asString()).isEqualTo("bulk.xlsx.unknownSheet");
        assertThat(noSuchSheet.json().get("detail").asString()).contains("its sheets are ’Export DataPlus’");

        ObjectNode charset = withProfile();
        ((ObjectNode) charset.get("format")).put("charset", "windows-1252");
        HttpJson.Response declared = submit(charset, "export.xlsx", workbook);
        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.json().get("type").asString()).endsWith("invalid-request");
        assertThat(declared.json().at("/errors/0/path").asString()).isEqualTo("request.format.charset");

        HttpJson.Response notZip = submit(withProfile(), "export.xlsx", BrokerFile.bytes());
        assertThat(notZip.json().get("code").asString()).isEqualTo("bulk.xlsx.notZip");

        assertThat(jobs()).as("no job for a refused workbook").isEqualTo(before);
    }

    /** A sheet damaged below its header (a file written wrong: the archive's checksums hold) fails its job at that row, leaving no verdict. */
    @Test
    void aSheetDamagedBelowItsHeaderFailsItsJobNamingTheRowAndLeavesNoVerdict() throws Exception {
        byte[] workbook = BrokerFile.xlsx();
        String sheet = XlsxFiles.part(workbook, "xl/worksheets/sheet1.xml");
        byte[] damaged = XlsxFiles.withPart(workbook, "xl/worksheets/sheet1.xml",
                sheet.substring(0, sheet.indexOf("<row r=\"6\"") + 30).getBytes(StandardCharsets.UTF_8));
        HttpJson.Response accepted = submit(withProfile(), "export.xlsx", damaged);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asString();
        JsonNode job = null;
        for (int i = 0; i < 300; i++) {
            job = evaluator.get("/api/v1/jobs/" + id).json();
            if (!job.get("state").asString().matches("QUEUED|RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(job.get("state").asString()).isEqualTo("FAILED");
        assertThat(job.get("error").asString()).contains("cannot be read at row 6");
        // issue 16: the stored refusal is kept by its code, and reads in the reader's language
        assertThat(evaluator.get("/api/v1/jobs/" + id, "Accept-Language", "fr-FR").json().get("error").asString())
                .contains("ne peut pas être lue à la ligne 6").doesNotContain("cannot be read");
        assertThat(evaluator.get("/api/v1/jobs/" + id + "/records.csv").status()).as("no verdicts of the rows before it").isEqualTo(409);
    }

    /** line, id, contactable, reasons, legal bases. */
    private static List<String> firstColumns(String recordsCsv) {
        return recordsCsv.lines().map(l -> String.join(",", Arrays.copyOf(l.split(",", -1), 5))).toList();
    }

    private static String atRows(String file, Map<String, String> rows) {
        return java.util.regex.Pattern.compile("(?m)^(\\d+),").matcher(file).replaceAll(m -> rows.getOrDefault(m.group(1), m.group(1)) + ",");
    }
}
