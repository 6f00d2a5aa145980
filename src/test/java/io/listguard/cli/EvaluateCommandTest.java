package io.listguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.bulk.ParsedLine;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.VerdictFiles;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.RecordVerdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code java -jar listguard.jar evaluate --campaign c.json --records prospects.csv --out verdicts.csv}: a file on this machine. */
class EvaluateCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Four good records (lines 2, 3, 5, 7) and four malformed lines (4, 6, 8, 9). */
    static final String CSV = """
            id,kind,email,birth_date,segments,opted_out,last_activity_on,consent_email_given_on,consent_email_proof_ref,consent_email_renter_named,consent_email_parental_consent
            r-1,PERSON,claire.martin@example.org,1988-03-02,FAMILY_WITH_CHILDREN,false,2026-03-01,2026-03-01,form-991#2026-03-01T10:02Z,true,false
            r-2,PERSON,jean.dupont@example.org,1950-03-02,RETIRED,false,2025-11-12,2025-11-12,form-991#2025-11-12T18:40Z,true,
            r-3,ROBOT,robot@example.org,,,,2026-01-15,2026-01-15,,false,
            r-4,PERSON,paul.petit@example.org,,,false,2026-05-04,,,,
            r-5,PERSON,"lea.moreau@example.org,",,true,2026-02-20,2026-02-20,form-991#2026-02-20T09:12Z,true,
            r-6,PERSON,lea.moreau@example.org,,,oui,2026-02-20,2026-02-20,form-991#2026-02-20T09:12Z,true,
            r-7,PERSON,sophie.bernard@example.org,1980-02-30,,,2026-01-15,2026-01-15,,false,
            r-8,PERSON,too-few@example.org
            """;

    /** The same lines as NDJSON (line numbers start at 1: no header). */
    static final String NDJSON = """
            {"id":"r-1","kind":"PERSON","email":"claire.martin@example.org","birthDate":"1988-03-02","segments":["FAMILY_WITH_CHILDREN"],"optedOut":false,"lastActivityOn":"2026-03-01","consents":[{"channel":"EMAIL","givenOn":"2026-03-01","proofRef":"form-991#2026-03-01T10:02Z","renterNamed":true,"parentalConsent":false}]}
            {"id":"r-2","kind":"PERSON","email":"jean.dupont@example.org","birthDate":"1950-03-02","segments":["RETIRED"],"optedOut":false,"lastActivityOn":"2025-11-12","consents":[{"channel":"EMAIL","givenOn":"2025-11-12","proofRef":"form-991#2025-11-12T18:40Z","renterNamed":true}],"unknownProperty":1}
            {"id":"r-3","kind":"ROBOT","email":"robot@example.org"}
            {"id":"r-4","kind":"PERSON","email":"paul.petit@example.org","optedOut":false,"lastActivityOn":"2026-05-04","consents":[]}
            {"id":"r-5","kind":"PERSON",
            {"id":"r-6","kind":"PERSON","email":"lea.moreau@example.org","optedOut":true,"lastActivityOn":"2026-02-20","consents":[{"channel":"EMAIL","givenOn":"2026-02-20","proofRef":"form-991#2026-02-20T09:12Z","renterNamed":true}]}
            {"id":"r-7","kind":"PERSON","consents":[{"channel":"FAX","givenOn":"2026-01-15"}]}
            {"email":"no-kind-no-id@example.org"}
            """;

    @TempDir
    Path tmp;
    Path campaign;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void campaignFromTheDocumentedExample() throws IOException {
        ObjectNode example = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
        example.remove("records");
        assertThat(example.propertyNames()).containsExactlyInAnyOrder("campaign", "file");
        campaign = Files.writeString(tmp.resolve("campaign.json"), JSON.writeValueAsString(example));
    }

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> rows(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<String> lineNumbers(List<String> rows) {
        return rows.stream().skip(1).map(r -> r.substring(0, r.indexOf(','))).toList();
    }

    /** What the synchronous API says of the good records of a file. */
    private EvaluationResult expected(Path records) throws IOException {
        List<ProspectRecord> good = new ArrayList<>();
        try (InputStream in = Files.newInputStream(records);
             RecordSource source = RecordSource.open(in, RecordSource.formatOf(records.getFileName().toString()))) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                if (!line.rejected()) {
                    good.add(line.record());
                }
            }
        }
        EvaluationRequest header = JSON.readValue(campaign.toFile(), EvaluationRequest.class);
        return BundledPolicy.evaluator().evaluate(new EvaluationRequest(header.campaign(), header.file(), good));
    }

    private static String verdictPrefix(RecordVerdict v) {
        return v.id() + "," + v.contactable() + "," + String.join("|", v.reasons()) + ","
                + v.legalBases().stream().map(Enum::name).collect(Collectors.joining("|")) + ",";
    }

    private void assertVerdictsAreThoseOfTheApi(Path verdicts, List<String> lines, EvaluationResult expected) throws IOException {
        List<String> rows = rows(verdicts);
        assertThat(rows.get(0)).isEqualTo(VerdictFiles.VERDICT_HEADER);
        assertThat(lineNumbers(rows)).containsExactlyElementsOf(lines);
        for (int i = 0; i < expected.records().size(); i++) {
            String row = rows.get(i + 1);
            assertThat(row.substring(row.indexOf(',') + 1)).startsWith(verdictPrefix(expected.records().get(i)));
        }
    }

    @Test
    void withLangFrTheRejectedLinesAreInFrench() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path verdicts = tmp.resolve("verdicts.csv");

        int code = run("--lang", "fr", "evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString());

        assertThat(code).as(errors()).isZero();
        List<String> rows = rows(tmp.resolve("verdicts.errors.csv"));
        assertThat(rows).contains("8,birth_date : ’1980-02-30’ n’est pas une date valide (AAAA-MM-JJ)")
                .anyMatch(r -> r.startsWith("4,") && r.contains("n’est ni PERSON ni GENERIC_ADDRESS"))
                .contains("6,10 colonnes alors que l’en-tête en a 11").noneMatch(r -> r.contains("is not") || r.contains("columns where"));
    }

    @Test
    void aCsvFileIsEvaluatedIntoVerdictsAndRejectedLinesWithASummaryThatAddsUp() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path verdicts = tmp.resolve("verdicts.csv");
        EvaluationResult expected = expected(records);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString());

        assertThat(code).as(errors()).isZero();
        assertVerdictsAreThoseOfTheApi(verdicts, List.of("2", "3", "5", "7"), expected);
        assertThat(expected.records()).extracting(RecordVerdict::id).containsExactly("r-1", "r-2", "r-4", "r-6");
        assertThat(expected.records()).anyMatch(RecordVerdict::contactable).anyMatch(v -> !v.contactable());

        Path errorFile = tmp.resolve("verdicts.errors.csv");
        assertThat(errorFile).exists();
        assertThat(rows(errorFile)).containsExactly(
                VerdictFiles.ERROR_HEADER,
                "4,\"kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS\"",
                "6,10 columns where the header has 11",
                "8,birth_date: ’1980-02-30’ is not a valid date (YYYY-MM-DD)",
                "9,3 columns where the header has 11");

        long contactable = expected.records().stream().filter(RecordVerdict::contactable).count();
        assertThat(output())
                .contains("decision: " + expected.decision() + " (policy ")
                .contains(String.format("lines read 8 = contactable %d + excluded %d + rejected 4%n", contactable, 4 - contactable))
                .doesNotContain("DOES NOT ADD UP")
                .contains("verdicts in " + verdicts + ", rejected lines in " + errorFile);
        expected.summary().excludedBy().keySet().forEach(reason -> assertThat(output()).contains("excluded " + reason));
        expected.findings().forEach(f -> assertThat(output()).contains(f.code()));
    }

    @Test
    void anNdjsonFileIsEvaluatedTheSameWay() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.ndjson"), NDJSON);
        Path verdicts = tmp.resolve("nd-verdicts.csv");
        EvaluationResult expected = expected(records);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--workers", "3", "--batch-size", "1");

        assertThat(code).as(errors()).isZero();
        assertThat(expected.records()).extracting(RecordVerdict::id).containsExactly("r-1", "r-2", "r-4", "r-6");
        assertVerdictsAreThoseOfTheApi(verdicts, List.of("1", "2", "4", "6"), expected);
        List<String> errorRows = rows(tmp.resolve("nd-verdicts.errors.csv"));
        assertThat(lineNumbers(errorRows)).containsExactly("3", "5", "7", "8");
        assertThat(errorRows.get(1)).isEqualTo("3,\"kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS\"");
        assertThat(errorRows.get(2)).startsWith("5,").contains("malformed JSON");
        assertThat(errorRows.get(3)).isEqualTo("7,\"consents[0].channel: ’FAX’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL\"");
        assertThat(errorRows.get(4)).isEqualTo("8,id is required; kind is required");
        long contactable = expected.records().stream().filter(RecordVerdict::contactable).count();
        assertThat(output()).contains("decision: " + expected.decision())
                .contains(String.format("lines read 8 = contactable %d + excluded %d + rejected 4%n", contactable, 4 - contactable));
    }

    @Test
    void theCsvAndNdjsonFilesGiveTheSameVerdictsAndDecision() throws IOException {
        Path csv = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path ndjson = Files.writeString(tmp.resolve("prospects.ndjson"), NDJSON);

        EvaluationResult fromCsv = expected(csv);
        EvaluationResult fromNdjson = expected(ndjson);

        assertThat(fromNdjson.records()).isEqualTo(fromCsv.records());
        assertThat(fromNdjson.decision()).isEqualTo(fromCsv.decision());
    }

    @Test
    void theErrorsFileMayBeNamedAndAGzippedFileIsRead() throws IOException {
        Path records = tmp.resolve("prospects.csv.gz");
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(records))) {
            gz.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        Path verdicts = tmp.resolve("out").resolve("verdicts.csv");
        Files.createDirectories(verdicts.getParent());
        Path errorFile = tmp.resolve("rejected.csv");

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--errors", errorFile.toString());

        assertThat(code).as(errors()).isZero();
        assertThat(lineNumbers(rows(verdicts))).containsExactly("2", "3", "5", "7");
        assertThat(lineNumbers(rows(errorFile))).containsExactly("4", "6", "8", "9");
        assertThat(verdicts.resolveSibling("verdicts.errors.csv")).doesNotExist();
    }

    @Test
    void aRecordsFileWithoutTheRequiredColumnsFailsWithExitCodeOneAndWritesNothing() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), "identifier;email\nr-1;a@example.org\n");
        Path verdicts = tmp.resolve("verdicts.csv");

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString());

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("required column(s) id, kind").contains("found: identifier, email");
        assertThat(verdicts).doesNotExist();
    }

    @Test
    void anInvalidCampaignFailsWithExitCodeOneNamingTheField() throws IOException {
        ObjectNode header = (ObjectNode) JSON.readTree(campaign.toFile());
        ((ObjectNode) header.get("campaign")).remove("channel");
        Files.writeString(campaign, JSON.writeValueAsString(header));
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString());

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("campaign.channel is required");
    }

    @Test
    void badUsageIsExitCodeTwo() {
        assertThat(run("evaluate")).isEqualTo(2);
        assertThat(errors()).contains("usage: java -jar listguard.jar evaluate --campaign campaign.json --records prospects.csv --out verdicts.csv");
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", "prospects.csv")).as("no --out").isEqualTo(2);
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", "p.csv", "--out", "v.csv", "--frobnicate", "x")).isEqualTo(2);
        assertThat(errors()).contains("unknown option --frobnicate");
        assertThat(tmp.resolve("v.csv")).doesNotExist();
        assertThat(output()).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueIsBadUsage() {
        int code = run("evaluate", "--records", "prospects.csv", "--out", "verdicts.csv", "--campaign");

        assertThat(code).as(errors()).isEqualTo(2);
    }

    @Test
    void aNonNumericWorkerCountIsBadUsage() {
        int code = run("evaluate", "--campaign", campaign.toString(), "--records", "prospects.csv", "--out", "verdicts.csv", "--workers", "two");

        assertThat(code).as(errors()).isEqualTo(2);
    }

    @Test
    void aBatchSizeBelowOneIsBadUsage() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out",
                tmp.resolve("verdicts.csv").toString(), "--batch-size", "0");

        assertThat(code).as(errors()).isEqualTo(2);
    }

    // --- issue 12, encodings

    /** The CSV of this class in Windows-1252, with an address only that charset spells right. */
    private Path windows1252File() throws IOException {
        String csv = CSV.replace("claire.martin@example.org", "françois.garçon@example.org");
        return Files.write(tmp.resolve("prospects.csv"), csv.getBytes(java.nio.charset.Charset.forName("windows-1252")));
    }

    @Test
    void aWindows1252FileIsReadWithCharsetFromTheOptionOrTheCampaignFileAndRefusedWithout() throws IOException {
        Path records = windows1252File();
        Path verdicts = tmp.resolve("verdicts.csv");

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString())).isEqualTo(1);
        assertThat(errors()).contains("line 2, byte offset ").contains(": the bytes 0xE7 are not valid UTF-8")
                .contains("look like Windows-1252: set charset to windows-1252").doesNotContain("\uFFFD");
        assertThat(verdicts).as("no verdict at all for a file not valid in its charset").doesNotExist();
        assertThat(tmp.resolve("verdicts.errors.csv")).doesNotExist();

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--charset", "windows-1252")).as(errors()).isZero();
        List<String> fromOption = rows(verdicts);
        assertThat(lineNumbers(fromOption)).containsExactly("2", "3", "5", "7");
        EvaluationResult expected = expected(Files.writeString(tmp.resolve("utf8.csv"), CSV.replace("claire.martin@example.org", "françois.garçon@example.org")));
        assertThat(fromOption.get(1)).startsWith("2," + verdictPrefix(expected.records().get(0)));

        ObjectNode header = (ObjectNode) JSON.readTree(campaign.toFile());
        header.putObject("format").put("charset", "Windows-1252");
        Path declaring = Files.writeString(tmp.resolve("declaring.json"), JSON.writeValueAsString(header));
        Path second = tmp.resolve("second.csv");
        assertThat(run("evaluate", "--campaign", declaring.toString(), "--records", records.toString(), "--out", second.toString())).as(errors()).isZero();
        assertThat(rows(second)).isEqualTo(fromOption);
    }

    @Test
    void anUnknownCharsetIsBadUsageNamingTheSupportedOnes() throws IOException {
        Path records = windows1252File();
        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--charset", "klingon");
        assertThat(code).isEqualTo(2);
        assertThat(errors()).contains("the charset ’klingon’ is not supported: use one of UTF-8, ISO-8859-1, ISO-8859-15, windows-1252");
        assertThat(tmp.resolve("v.csv")).doesNotExist();
    }

    // --- issue 12, item 2: mapping profiles and the separator

    private Path brokerProfile() throws IOException {
        return Files.writeString(tmp.resolve("dataplus-b2c.json"), io.listguard.bulk.BrokerFile.PROFILE);
    }

    @Test
    void theBrokerFileWithItsProfileGivesTheVerdictFileOfTheCore() throws IOException {
        Path records = Files.write(tmp.resolve("dataplus.csv"), io.listguard.bulk.BrokerFile.bytes());
        Path verdicts = tmp.resolve("verdicts.csv");
        io.listguard.bulk.ReadOptions options = JSON.readValue(campaign.toFile(), io.listguard.bulk.BulkHeader.class)
                .readOptions(io.listguard.bulk.mapping.ProfileReader.read(io.listguard.bulk.BrokerFile.PROFILE));
        String core = coreVerdicts(records, options);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--profile", brokerProfile().toString());

        assertThat(code).as(errors()).isZero();
        assertThat(Files.readString(verdicts)).isEqualTo(core);
        assertThat(lineNumbers(rows(verdicts))).containsExactly("3", "5", "6");
        assertThat(rows(verdicts).get(2)).startsWith("5,DP-002,false,OPTED_OUT,"); // R20
        assertThat(rows(tmp.resolve("verdicts.errors.csv"))).hasSize(2).last().asString().startsWith("7,");
        assertThat(output()).contains("warning: the column ’Civilité’ is not used by the profile ’dataplus-b2c’ and is ignored");
    }

    /** The core's bulk path over a file, as the service's jobs run it. */
    private String coreVerdicts(Path records, io.listguard.bulk.ReadOptions options) throws IOException {
        EvaluationRequest header = JSON.readValue(campaign.toFile(), EvaluationRequest.class);
        java.io.ByteArrayOutputStream verdicts = new java.io.ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(records);
             RecordSource source = RecordSource.open(in, RecordSource.Format.CSV, options);
             VerdictFiles files = new VerdictFiles(verdicts, new java.io.ByteArrayOutputStream())) {
            new io.listguard.bulk.BulkEvaluation(BundledPolicy.evaluator(), io.listguard.evaluation.SuppressionList.NONE, 7, 1)
                    .run(header.campaign(), header.file(), source, files, files, (read, done, rejected) -> { });
        }
        return verdicts.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutItsProfileTheBrokerFileIsRefusedWithExitCodeOne() throws IOException {
        Path records = Files.write(tmp.resolve("dataplus.csv"), io.listguard.bulk.BrokerFile.bytes());
        Path verdicts = tmp.resolve("verdicts.csv");

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--charset", "windows-1252", "--separator", ";");

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("error: " + records + ": ");
        assertThat(verdicts).doesNotExist();
    }

    @Test
    void aProfileWithProblemsIsExitCodeOneWithEachProblemAtItsPath() throws IOException {
        Path profile = Files.writeString(tmp.resolve("bad.json"), """
                {"name": "Bad Name", "separator": ":", "fields": {"id": {"colum": "Réf"}, "optedout": {"column": "X"}}}
                """);
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--profile", profile.toString());

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("error: " + profile + ": fields.id.colum: ’colum’ is not a property here; did you mean ’column’?");
        Files.writeString(profile, """
                {"name": "Bad Name", "separator": ":", "fields": {"id": {"column": "Réf"}, "optedout": {"column": "X"}}}
                """);
        err.reset();
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--profile", profile.toString())).isEqualTo(1);
        assertThat(errors())
                .contains(profile + ": name: the name ’Bad Name’ is not usable")
                .contains(profile + ": separator: the separator ’:’ is not supported")
                .contains(profile + ": fields.optedout: ’optedout’ is not a listguard column; did you mean ’opted_out’?")
                .contains(profile + ": fields.kind: the profile does not map kind");
        assertThat(tmp.resolve("v.csv")).doesNotExist();
    }

    @Test
    void aColumnTheProfileReadsThatTheFileLacksIsExitCodeOneNamingIt() throws IOException {
        Path records = Files.write(tmp.resolve("dataplus.csv"), io.listguard.bulk.BrokerFile.CSV.replace("Désinscrit", "Desinscrit")
                .getBytes(io.listguard.bulk.BrokerFile.WINDOWS_1252));

        int code = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--profile", brokerProfile().toString());

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("error: " + records + ": the file’s header has no column ’Désinscrit’, which the profile ’dataplus-b2c’"
                + " reads for fields.opted_out; did you mean ’Desinscrit’?");
        assertThat(tmp.resolve("v.csv")).doesNotExist();
    }

    @Test
    void theSeparatorOptionWinsAndABadOneIsBadUsage() throws IOException {
        // bars are never told from the header line: without the option, its one column has no id and no kind
        Path records = Files.writeString(tmp.resolve("bars.csv"), CSV.replace(",", "|"));
        Path verdicts = tmp.resolve("verdicts.csv");
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString())).isEqualTo(1);
        assertThat(errors()).contains("the header lacks the required column(s) id, kind");

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString(),
                "--separator", "|")).as(errors()).isZero();
        assertThat(lineNumbers(rows(verdicts))).containsExactly("2", "3", "5", "7");

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v2.csv").toString(),
                "--separator", ":")).isEqualTo(2);
        assertThat(errors()).contains("the separator ’:’ is not supported: use , ; | or a tab");
        assertThat(tmp.resolve("v2.csv")).doesNotExist();
    }

    @Test
    void aStoredProfileNamedInTheCampaignFileNeedsItsFileOffline() throws IOException {
        ObjectNode header = (ObjectNode) JSON.readTree(campaign.toFile());
        header.putObject("format").put("profile", "dataplus-b2c");
        Path naming = Files.writeString(tmp.resolve("naming.json"), JSON.writeValueAsString(header));
        Path records = Files.write(tmp.resolve("dataplus.csv"), io.listguard.bulk.BrokerFile.bytes());

        assertThat(run("evaluate", "--campaign", naming.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString()))
                .isEqualTo(1);
        assertThat(errors()).contains("format.profile ’dataplus-b2c’ names a profile stored by the service");
        assertThat(run("evaluate", "--campaign", naming.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--profile", brokerProfile().toString())).as(errors()).isZero();
    }

    // --- issue 12, item 3: no verdict on evidence the file does not hold

    /** The documented campaign, on consumer postal mail (R4: opt-out), so that only the objection column is needed (R20). */
    private Path postalCampaign(String... absent) throws IOException {
        ObjectNode header = (ObjectNode) JSON.readTree(campaign.toFile());
        ((ObjectNode) header.get("campaign")).put("channel", "POSTAL").put("offerCategory", "GARDENING").put("optOut", "POSTAL_ADDRESS");
        if (absent.length > 0) {
            var list = header.putObject("format").putArray("absent");
            for (String name : absent) {
                list.add(name);
            }
        }
        return Files.writeString(tmp.resolve("postal" + absent.length + ".json"), JSON.writeValueAsString(header));
    }

    static final String POSTAL_WITHOUT_OPT_OUT = """
            id,kind,postal_address,last_activity_on
            r-1,PERSON,"12 rue de la Paix, 75002 Paris",2026-03-01
            r-2,PERSON,"3 place du Marché, 69001 Lyon",2026-02-01
            """;

    @Test
    void r20APostalFileWithoutOptedOutIsRefusedNamingTheColumnWithExitCodeOneAndNoVerdictFile() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), POSTAL_WITHOUT_OPT_OUT);
        Path verdicts = tmp.resolve("verdicts.csv");

        int code = run("evaluate", "--campaign", postalCampaign().toString(), "--records", records.toString(), "--out", verdicts.toString());

        assertThat(code).isEqualTo(1);
        assertThat(errors()).contains("the file lacks the column(s) opted_out, which the campaign’s rules need: opted_out (R20, GDPR art. 21")
                .contains("--absent optedOut");
        assertThat(verdicts).doesNotExist();
        assertThat(tmp.resolve("verdicts.errors.csv")).doesNotExist();
    }

    @Test
    void r20DeclaredAbsentWithTheOptionOrTheCampaignFileEveryRecordIsExcludedOptOutNotInFile() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), POSTAL_WITHOUT_OPT_OUT);
        Path byOption = tmp.resolve("by-option.csv");
        Path byFile = tmp.resolve("by-file.csv");

        assertThat(run("evaluate", "--campaign", postalCampaign().toString(), "--records", records.toString(), "--out", byOption.toString(),
                "--absent", "optedOut")).as(errors()).isZero();
        assertThat(rows(byOption).subList(1, 3)).allSatisfy(row -> assertThat(row).contains(",false,OPT_OUT_NOT_IN_FILE,OPT_OUT,")
                .contains("evidence.drl:Objection not in the file"));
        assertThat(output()).contains("decision: REJECTED").contains("lines read 2 = contactable 0 + excluded 2 + rejected 0")
                .contains("excluded OPT_OUT_NOT_IN_FILE");

        assertThat(run("evaluate", "--campaign", postalCampaign("optedOut").toString(), "--records", records.toString(), "--out",
                byFile.toString())).as(errors()).isZero();
        assertThat(rows(byFile)).isEqualTo(rows(byOption));
    }

    @Test
    void anUnknownAbsentNameIsBadUsageNamingTheIntendedField() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), POSTAL_WITHOUT_OPT_OUT);

        assertThat(run("evaluate", "--campaign", postalCampaign().toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString(),
                "--absent", "opted_out")).isEqualTo(2);
        assertThat(errors()).contains("--absent[0] ’opted_out’ is not evidence a file can be declared not to hold; did you mean ’optedOut’?");
        assertThat(run("evaluate", "--campaign", postalCampaign("optOut").toString(), "--records", records.toString(), "--out",
                tmp.resolve("v.csv").toString())).as("a campaign file that is wrong").isEqualTo(1);
        assertThat(errors()).contains("format.absent[0] ’optOut’ is not evidence");
        assertThat(tmp.resolve("v.csv")).doesNotExist();
    }

    @Test
    void r20NdjsonLinesWithoutOptedOutAreRejectedLinesOfTheErrorsFile() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.ndjson"), """
                {"id":"r-1","kind":"PERSON","postalAddress":"12 rue de la Paix, 75002 Paris","optedOut":false}
                {"id":"r-2","kind":"PERSON","postalAddress":"3 place du Marché, 69001 Lyon"}
                """);
        Path verdicts = tmp.resolve("nd.csv");

        assertThat(run("evaluate", "--campaign", postalCampaign().toString(), "--records", records.toString(), "--out", verdicts.toString()))
                .as(errors()).isZero();
        assertThat(lineNumbers(rows(verdicts))).containsExactly("1");
        assertThat(rows(tmp.resolve("nd.errors.csv")).get(1)).startsWith("2,\"optedOut is missing or null");
        assertThat(output()).contains("lines read 2 = contactable 1 + excluded 0 + rejected 1");
    }

    /** Issue 12, item 5: a workbook is evaluated from its sheet (--sheet), and an option that does not apply to the file is bad usage. */
    @Test
    void aWorkbookIsEvaluatedFromTheSheetNamedAndOptionsThatDoNotApplyAreBadUsage() throws IOException {
        List<String> header = List.of("id", "kind", "email", "opted_out", "last_activity_on", "consent_email_given_on", "consent_email_proof_ref",
                "consent_email_renter_named");
        byte[] xlsx = io.listguard.bulk.XlsxFiles.workbook()
                .sheet("Notes", List.of("Export du 02/12/2026"))
                .sheet("Prospects", header,
                        List.of("w-1", "PERSON", "claire.martin@example.org", false, java.time.LocalDate.of(2026, 3, 1), java.time.LocalDate.of(2026, 3, 1),
                                "form-991", true),
                        List.of("w-2", "PERSON", "jean.dupont@example.org", true, java.time.LocalDate.of(2026, 3, 1), java.time.LocalDate.of(2026, 3, 1),
                                "form-992", true),
                        List.of("w-3", "PERSON", new io.listguard.bulk.XlsxFiles.Formula("\"x@example.org\""), false)).bytes();
        Path records = Files.write(tmp.resolve("prospects.xlsx"), xlsx);
        Path verdicts = tmp.resolve("w.csv");

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString()))
                .as("the first sheet is a title only: no listguard header").isEqualTo(1);
        assertThat(errors()).contains("the header lacks the required column(s) id, kind");
        assertThat(verdicts).doesNotExist();

        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--sheet", "Prospects", "--out",
                verdicts.toString())).as(errors()).isZero();
        assertThat(lineNumbers(rows(verdicts))).containsExactly("2", "3"); // the sheet's rows
        assertThat(rows(verdicts).get(1)).startsWith("2,w-1,true,");
        assertThat(rows(verdicts).get(2)).startsWith("3,w-2,false,OPTED_OUT");
        assertThat(rows(tmp.resolve("w.errors.csv")).get(1)).startsWith("4,").contains("cell C4 (column ’email’) holds a formula");

        Path csv = Files.writeString(tmp.resolve("p.csv"), CSV);
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", csv.toString(), "--sheet", "Prospects", "--out",
                tmp.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(errors()).contains("--sheet (’Prospects’) applies to .xlsx workbooks only");
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--separator", ";", "--out",
                tmp.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(errors()).contains("--separator (’;’) does not apply to an .xlsx workbook");
        assertThat(tmp.resolve("x.csv")).doesNotExist();

        // a sheet damaged below its header stops the reading at its row, and leaves no verdict file
        String sheet = io.listguard.bulk.XlsxFiles.part(xlsx, "xl/worksheets/sheet2.xml");
        Path damaged = Files.write(tmp.resolve("damaged.xlsx"), io.listguard.bulk.XlsxFiles.withPart(xlsx, "xl/worksheets/sheet2.xml",
                sheet.substring(0, sheet.indexOf("<row r=\"3\"") + 25).getBytes(StandardCharsets.UTF_8)));
        assertThat(run("evaluate", "--campaign", campaign.toString(), "--records", damaged.toString(), "--sheet", "Prospects", "--out",
                tmp.resolve("d.csv").toString())).isEqualTo(1);
        assertThat(errors()).contains("the sheet ’Prospects’ cannot be read at row 3: its XML is damaged");
        assertThat(tmp.resolve("d.csv")).doesNotExist();
        assertThat(tmp.resolve("d.errors.csv")).doesNotExist();
    }

    @Test
    void withACacheDirectoryTheSecondRunLoadsThePolicyCompiledByTheFirstAndWritesTheSameVerdicts() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path cache = tmp.resolve("cache");

        int first = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(),
                "--out", tmp.resolve("first.csv").toString(), "--cache-dir", cache.toString());
        List<Path> entries;
        try (var files = Files.list(cache)) {
            entries = files.filter(p -> p.toString().endsWith(".policy")).toList();
        }
        int second = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(),
                "--out", tmp.resolve("second.csv").toString(), "--cache-dir", cache.toString());

        assertThat(first).as(errors()).isZero();
        assertThat(second).as(errors()).isZero();
        assertThat(entries).hasSize(1);
        assertThat(errors()).doesNotContain("cannot be used")
                .contains("compiled in").contains("kept in the compiled policy cache (" + cache + ")")
                .contains("loaded from the compiled policy cache in");
        assertThat(rows(tmp.resolve("second.csv"))).isEqualTo(rows(tmp.resolve("first.csv"))).hasSize(5);
        assertThat(rows(tmp.resolve("second.errors.csv"))).isEqualTo(rows(tmp.resolve("first.errors.csv")));
        assertVerdictsAreThoseOfTheApi(tmp.resolve("second.csv"), List.of("2", "3", "5", "7"), expected(records));
    }

    @Test
    void noCacheCompilesWithoutACacheAndExcludesACacheDirectory() throws IOException {
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        Path cache = tmp.resolve("cache");

        int both = run("evaluate", "--campaign", campaign.toString(), "--records", records.toString(),
                "--out", tmp.resolve("v.csv").toString(), "--no-cache", "--cache-dir", cache.toString());
        assertThat(both).isEqualTo(2);
        assertThat(errors()).contains("--no-cache and --cache-dir exclude each other");
        err.reset();
        assertThat(cache).doesNotExist();
        assertThat(tmp.resolve("v.csv")).doesNotExist();

        int code = run("evaluate", "--no-cache", "--campaign", campaign.toString(), "--records", records.toString(),
                "--out", tmp.resolve("v.csv").toString());
        assertThat(code).as(errors()).isZero();
        assertThat(errors()).contains("compiled in").doesNotContain("compiled policy cache");
        assertVerdictsAreThoseOfTheApi(tmp.resolve("v.csv"), List.of("2", "3", "5", "7"), expected(records));
    }

    @Test
    void theCacheDirectoryIsTheOptionThenTheEnvironmentThenTheXdgCacheThenTheHomeCache() {
        Path option = Path.of("/opt/cache");
        assertThat(CacheOptions.directory(option, false, java.util.Map.of("LISTGUARD_CACHE_DIR", "/env"))).isEqualTo(option);
        assertThat(CacheOptions.directory(null, true, java.util.Map.of("LISTGUARD_CACHE_DIR", "/env"))).isNull();
        assertThat(CacheOptions.directory(null, false, java.util.Map.of("LISTGUARD_CACHE_DIR", "/env", "XDG_CACHE_HOME", "/xdg")))
                .isEqualTo(Path.of("/env"));
        assertThat(CacheOptions.directory(null, false, java.util.Map.of("XDG_CACHE_HOME", "/xdg"))).isEqualTo(Path.of("/xdg", "listguard"));
        assertThat(CacheOptions.directory(null, false, java.util.Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "listguard"));
        // Maven's tests run with LISTGUARD_CACHE_DIR under target/, never in the home directory
        assertThat(System.getenv("LISTGUARD_CACHE_DIR")).contains("target");
    }

    // ------------------------------------------------------------------ issue 16: French first

    @Test
    void withLangFrTheSummaryIsFrenchWithCountsGroupedTheFrenchWay() throws IOException {
        StringBuilder csv = new StringBuilder(CSV.substring(0, CSV.indexOf('\n') + 1));
        String good = CSV.lines().skip(1).findFirst().orElseThrow();
        for (int i = 0; i < 1_200; i++) {
            csv.append(good.replaceFirst("^r-1,", "g-" + i + ",")).append('\n');
        }
        Path records = Files.writeString(tmp.resolve("prospects.csv"), csv);
        Path verdicts = tmp.resolve("verdicts.csv");

        int code = run("--lang", "fr", "evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", verdicts.toString());

        assertThat(code).as(errors()).isZero();
        String twelveHundred = java.text.NumberFormat.getIntegerInstance(java.util.Locale.FRENCH).format(1_200);
        assertThat(twelveHundred).isNotEqualTo("1200").doesNotContain(",");
        assertThat(output()).contains("décision : ").contains(" (politique sha256:")
                .contains("lignes lues " + twelveHundred + " = contactables ").contains(" + rejetées 0")
                .contains(twelveHundred + " enregistrements en ").contains("verdicts dans " + verdicts + ", lignes rejetées dans ")
                .doesNotContain("lines read").doesNotContain("decision:").doesNotContain("records in").doesNotContain("verdicts in");
        assertThat(errors()).doesNotContain("policy sha256").containsPattern("politique sha256:\\S+ (compilée|chargée)");
    }

    @Test
    void withLangEnTheSameSummaryIsEnglishWithCommaGroupedCounts() throws IOException {
        StringBuilder csv = new StringBuilder(CSV.substring(0, CSV.indexOf('\n') + 1));
        String good = CSV.lines().skip(1).findFirst().orElseThrow();
        for (int i = 0; i < 1_200; i++) {
            csv.append(good.replaceFirst("^r-1,", "g-" + i + ",")).append('\n');
        }
        Path records = Files.writeString(tmp.resolve("prospects.csv"), csv);

        int code = run("evaluate", "--lang", "en", "--campaign", campaign.toString(), "--records", records.toString(), "--out", tmp.resolve("v.csv").toString());

        assertThat(code).as(errors()).isZero();
        assertThat(output()).contains("lines read 1,200 = contactable ").contains("1,200 records in ").doesNotContain("lignes lues");
    }

    @Test
    void withLangFrErrorsAndUsageAreFrench() throws IOException {
        assertThat(run("--lang", "fr", "evaluate")).isEqualTo(2);
        assertThat(errors()).contains("utilisation : java -jar listguard.jar evaluate").doesNotContain("usage");

        err.reset();
        ObjectNode header = (ObjectNode) JSON.readTree(campaign.toFile());
        ((ObjectNode) header.get("campaign")).remove("channel");
        Files.writeString(campaign, JSON.writeValueAsString(header));
        Path records = Files.writeString(tmp.resolve("prospects.csv"), CSV);
        assertThat(run("--lang", "fr", "evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out",
                tmp.resolve("v.csv").toString())).isEqualTo(1);
        assertThat(errors()).contains("erreur : campaign.channel est obligatoire").doesNotContain("error:").doesNotContain("is required");

        err.reset();
        assertThat(run("--lang", "fr", "evaluate", "--campaign", campaign.toString(), "--records", records.toString(), "--out", "v.csv",
                "--workers", "deux")).isEqualTo(2);
        assertThat(errors()).contains("l’option --workers demande un nombre entier, pas ’deux’");
    }
}
