package io.listguard.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.listguard.bulk.SyntheticFile;
import io.listguard.bulk.VerdictFiles;
import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Spark job on {@code local[2]} against the CLI's {@code evaluate} (the service's jar, run as a person runs it) on
 * the same files: the same verdict and error rows, byte for byte once sorted by id, and the same decision and totals
 * (issue 17, item 4); a file cut into many pieces, malformed lines, a record spanning lines, the suppression export
 * joined, Parquet, and a file refused half-way.
 */
class SparkJobTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CLI_JAR = ROOT.resolve("target/listguard.jar");
    private static final Path CAMPAIGN = ROOT.resolve("docs/examples/bulk-request.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static Path records;
    static Cli cli;

    record Cli(String stdout, List<String> verdicts, List<String> errors) {
    }

    record Run(int exit, String stdout, String stderr) {
    }

    @BeforeAll
    static void aFileWithEveryKindOfLine() throws Exception {
        assertTrue(Files.isRegularFile(CLI_JAR), "the CLI's jar is built first: mvn install at the top, then this build (" + CLI_JAR + ")");
        records = dir.resolve("records.csv");
        try (OutputStream out = Files.newOutputStream(records)) {
            SyntheticFile.write(out, 20_000, 17);
            // a record whose quoted address spans two lines, and CRLF line ends
            out.write(("q1,PERSON,q1@example.org,0611111111,\"1 rue\nde la Paix\",1980-01-01,,RETIRED,false,false,2025-01-01,1,,,,,,,,,\r\n"
                    + "q2,PERSON,q2@example.org,0622222222,\"2 rue de la Paix\",1981-01-01,,RETIRED,false,false,2025-01-01,1,2025-01-01,form-1#q2,true,,,,,,\r\n"
                    + "q3,PERSON,q3@example.org,,,1982-01-01,,RETIRED,false,false,2025-01-01,1,2025-01-01,form-1#q3,true,,,,,,\n")
                    .getBytes(StandardCharsets.UTF_8));
            SyntheticFile.write(new SkipHeader(out), 5_000, 18);
        }
        cli = cli(records, dir.resolve("cli"));
    }

    @Test
    void verdictsRowsAndDecisionAreTheClis() throws Exception {
        Path out = dir.resolve("spark-many");
        Run run = spark("--master", "local[2]", "--campaign", CAMPAIGN.toString(), "--records", records.toString(), "--out", out.toString(),
                "--split-size", "128k", "--conf", "spark.ui.enabled=false", "--lang", "en");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals(cli.verdicts(), sortedParts(out.resolve("verdicts"), VerdictFiles.VERDICT_HEADER));
        assertEquals(cli.errors(), sortedParts(out.resolve("errors"), VerdictFiles.ERROR_HEADER));
        assertTrue(cli.verdicts().stream().anyMatch(l -> l.startsWith("20002,q1,")), "the record spanning lines 20002-20003 is numbered by its first");
        assertTrue(cli.errors().size() > 1000, "the synthetic file's malformed lines are rejected: " + cli.errors().size());
        try (Stream<Path> parts = Files.list(out.resolve("verdicts"))) {
            assertTrue(parts.count() > 10, "the file was cut into many pieces");
        }
        // the decision, the totals and the exclusions printed as the CLI prints them
        assertEquals(summaryLines(cli.stdout()), summaryLines(run.stdout()));
        JsonNode summary = JSON.readTree(out.resolve("_SUMMARY.json").toFile());
        assertTrue(cli.stdout().contains("decision " + summary.get("decision").asString()) || cli.stdout().contains(summary.get("decision").asString()));
        assertEquals(25_003, summary.get("totals").get("linesRead").asLong());
        assertEquals(cli.verdicts().size(), summary.get("totals").get("evaluated").asLong());
        assertEquals(cli.errors().size(), summary.get("totals").get("rejected").asLong());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertFalse(Files.exists(out.resolve("_temporary")), "no task's temporary file is left");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"broadcast", "join"})
    void theSuppressionExportBarsTheSameRecordsShippedOrJoined(String mode) throws Exception {
        byte[] secret = "a test secret of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);
        IdentifierHashes hashes = new IdentifierHashes(secret);
        Path key = dir.resolve("key.b64");
        Files.writeString(key, Base64.getEncoder().encodeToString(secret) + "\n");
        Path export = dir.resolve("export.csv");
        // q3's email objected (R20), spelled otherwise in the export; q2's phone restricted (R29), in international form
        Files.writeString(export, "bar,kind,identifier_hash\n"
                + "SUPPRESSED,EMAIL," + hashes.emailHash(" Q3@Example.ORG ") + "\n"
                + "RESTRICTED,PHONE," + hashes.phoneHash("+33 6 22 22 22 22") + "\n");
        Path out = dir.resolve("spark-suppressed-" + mode);
        Run run = spark("--master", "local[2]", "--campaign", CAMPAIGN.toString(), "--records", records.toString(), "--out", out.toString(),
                "--suppressions", export.toString(), "--hash-key-file", key.toString(), "--suppressions-join", mode, "--split-size", "512k",
                "--conf", "spark.ui.enabled=false", "--lang", "en");
        assertEquals(0, run.exit(), run.stderr());
        List<String> spark = sortedParts(out.resolve("verdicts"), VerdictFiles.VERDICT_HEADER);
        assertEquals(cli.verdicts().size(), spark.size());
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < spark.size(); i++) {
            if (!spark.get(i).equals(cli.verdicts().get(i))) {
                changed.add(spark.get(i));
            }
        }
        assertEquals(2, changed.size(), changed.toString());
        assertTrue(changed.stream().anyMatch(l -> l.startsWith("20005,q3,false,") && l.contains("SUPPRESSED")), changed.toString());
        assertTrue(changed.stream().anyMatch(l -> l.startsWith("20004,q2,false,") && l.contains("RESTRICTED")), changed.toString());
    }

    @Test
    void aBrokersFileReadThroughItsMappingProfileIsCutAfterItsHeaderRow() throws Exception {
        // the DataPlus export of docs/files.md: windows-1252, ';', a title line above the header (headerRow 2), a quoted
        // address spanning two lines; its data lines repeated with other references, so that the job cuts it
        byte[] example = Files.readAllBytes(ROOT.resolve("docs/examples/broker/dataplus.csv"));
        String text = new String(example, java.nio.charset.Charset.forName("windows-1252"));
        int data = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
        StringBuilder big = new StringBuilder(text.substring(0, data));
        for (int copy = 0; copy < 1_500; copy++) {
            big.append(text.substring(data).replace("DP-0", "DP-" + copy + "-"));
        }
        Path broker = dir.resolve("dataplus-big.csv");
        Files.write(broker, big.toString().getBytes(java.nio.charset.Charset.forName("windows-1252")));
        Path profile = ROOT.resolve("docs/examples/broker/dataplus-b2c.json");
        Path verdicts = dir.resolve("cli-broker.csv");
        Run cliRun = run(List.of("java", "-jar", CLI_JAR.toString(), "--lang", "en", "evaluate", "--campaign", CAMPAIGN.toString(), "--records",
                broker.toString(), "--profile", profile.toString(), "--out", verdicts.toString()));
        assertEquals(0, cliRun.exit(), cliRun.stderr());
        Path out = dir.resolve("spark-broker");
        Run run = spark("--master", "local[2]", "--campaign", CAMPAIGN.toString(), "--records", broker.toString(), "--profile", profile.toString(),
                "--out", out.toString(), "--split-size", "64k", "--conf", "spark.ui.enabled=false", "--lang", "en");
        assertEquals(0, run.exit(), run.stderr());
        List<String> expected = sortedParts(verdicts, VerdictFiles.VERDICT_HEADER);
        assertTrue(expected.size() >= 4_000, "the copies are read: " + expected.size());
        assertEquals(expected, sortedParts(out.resolve("verdicts"), VerdictFiles.VERDICT_HEADER));
        assertEquals(sortedParts(Path.of(verdicts.toString().replace(".csv", ".errors.csv")), VerdictFiles.ERROR_HEADER),
                sortedParts(out.resolve("errors"), VerdictFiles.ERROR_HEADER));
        assertEquals(summaryLines(cliRun.stdout()), summaryLines(run.stdout()));
        try (Stream<Path> parts = Files.list(out.resolve("verdicts"))) {
            assertTrue(parts.count() > 2, "the file was cut");
        }
    }

    @Test
    void parquetRowsAreEvaluatedAsTheSameNdjsonLines() throws Exception {
        Path ndjson = dir.resolve("records.ndjson");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 3_000; i++) {
            lines.append(i % 500 == 0 ? "{\"id\":\"n" + i + "\",\"kind\":\"ROBOT\"}"
                    : "{\"id\":\"n" + i + "\",\"kind\":\"PERSON\",\"email\":\"n" + i + "@example.org\",\"birthDate\":\"1970-01-01\",\"optedOut\":false,"
                    + "\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-01-0" + (1 + i % 9) + "\",\"proofRef\":\"f#" + i + "\",\"renterNamed\":true}]}")
                    .append('\n');
        }
        Files.writeString(ndjson, lines);
        Cli fromNdjson = cli(ndjson, dir.resolve("cli-ndjson"));
        Path parquet = dir.resolve("records.parquet");
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            spark.read().json(ndjson.toString()).repartition(3).sortWithinPartitions("id").coalesce(1).write().parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        Path out = dir.resolve("spark-parquet");
        Run run = spark("--master", "local[2]", "--campaign", CAMPAIGN.toString(), "--records", parquet.toString(), "--out", out.toString(),
                "--conf", "spark.ui.enabled=false", "--lang", "en");
        assertEquals(0, run.exit(), run.stderr());
        // line numbers are the rows' order in the dataset: compare what each id got, without the line column
        assertEquals(withoutLine(fromNdjson.verdicts()), withoutLine(sortedParts(out.resolve("verdicts"), VerdictFiles.VERDICT_HEADER)));
        assertEquals(summaryLines(fromNdjson.stdout()), summaryLines(run.stdout()));
    }

    @Test
    void aByteNotValidInTheCharsetRefusesTheWholeFileNamingItsLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        byte[] good = Files.readAllBytes(records);
        try (OutputStream out = Files.newOutputStream(bad)) {
            out.write(good);
            out.write("z1,PERSON,z1@example.org,,,1980-01-01,,RETIRED,false,false,2025-01-01,1,,,,,,,,\n".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'z', '2', ',', 'P', 'E', 'R', 'S', 'O', 'N', ',', (byte) 0xE9, '\n'});
        }
        Path out = dir.resolve("spark-bad");
        Run run = spark("--master", "local[2]", "--campaign", CAMPAIGN.toString(), "--records", bad.toString(), "--out", out.toString(),
                "--split-size", "256k", "--conf", "spark.ui.enabled=false", "--lang", "en");
        assertEquals(1, run.exit(), run.stderr());
        Run cliRun = run(List.of("java", "-jar", CLI_JAR.toString(), "--lang", "en", "evaluate", "--campaign", CAMPAIGN.toString(), "--records", bad.toString(),
                "--out", dir.resolve("cli-bad.csv").toString()));
        assertEquals(1, cliRun.exit(), cliRun.stderr());
        String refusal = lastLine(cliRun.stderr());
        assertTrue(refusal.contains("25007"), "the CLI names the file's line: " + refusal);
        assertTrue(run.stderr().contains(refusal), "the job refuses as the CLI does, naming the same line and byte:\n" + run.stderr() + "\nCLI: " + refusal);
        assertFalse(Files.exists(out.resolve("verdicts")), "no verdict file is left");
    }

    @Test
    void usageErrorsExitTwoAndANonEmptyOutputIsRefused() throws Exception {
        assertEquals(2, spark("--campaign", CAMPAIGN.toString()).exit());
        assertEquals(2, spark("--conf", "novalue", "--campaign", CAMPAIGN.toString(), "--records", "x.csv", "--out", "y").exit());
        Path notAnExport = dir.resolve("not-an-export.csv");
        Files.writeString(notAnExport, "email\nclaire.martin@example.org\n");
        Path key = dir.resolve("key-usage.b64");
        Files.writeString(key, Base64.getEncoder().encodeToString("a test secret of at least sixteen bytes".getBytes(StandardCharsets.UTF_8)));
        Run refused = spark("--master", "local[1]", "--campaign", CAMPAIGN.toString(), "--records", records.toString(), "--out",
                dir.resolve("never").toString(), "--suppressions", notAnExport.toString(), "--hash-key-file", key.toString(), "--lang", "en");
        assertEquals(1, refused.exit(), refused.stderr());
        assertTrue(refused.stderr().contains("cannot be used") && !refused.stderr().contains("\tat "), refused.stderr());
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "a colleague's file");
        Run run = spark("--master", "local[1]", "--campaign", CAMPAIGN.toString(), "--records", records.toString(), "--out", full.toString(),
                "--conf", "spark.ui.enabled=false", "--lang", "fr");
        assertEquals(1, run.exit());
        assertTrue(run.stderr().contains("n’est pas vide"), run.stderr());
        assertEquals("a colleague's file", Files.readString(full.resolve("keep.txt")));
    }

    // --- helpers

    private static Run spark(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new SparkMain(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                SparkMain.language(args)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Cli cli(Path input, Path base) throws Exception {
        Path verdicts = Path.of(base + ".csv");
        Path errors = Path.of(base + ".errors.csv");
        Run run = run(List.of("java", "-jar", CLI_JAR.toString(), "--lang", "en", "evaluate", "--campaign", CAMPAIGN.toString(), "--records", input.toString(),
                "--out", verdicts.toString(), "--errors", errors.toString()));
        assertEquals(0, run.exit(), run.stderr());
        return new Cli(run.stdout(), sortedParts(verdicts, VerdictFiles.VERDICT_HEADER), sortedParts(errors, VerdictFiles.ERROR_HEADER));
    }

    private static Run run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The data rows of a file or of a directory's part files (each header checked and dropped), sorted by id then line. */
    private static List<String> sortedParts(Path path, String header) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> parts = Files.list(path)) {
                parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        List<String[]> rows = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> raw = rawRows(text);
            assertEquals(header, raw.get(0), file.toString());
            List<CsvRecord> parsed = CsvReader.builder().ofCsvRecord(text).stream().toList();
            for (int i = 1; i < raw.size(); i++) {
                CsvRecord r = parsed.get(i);
                rows.add(new String[] {r.getFieldCount() > 1 ? r.getField(1) : "", String.format("%012d", Long.parseLong(r.getField(0))), raw.get(i)});
            }
        }
        rows.sort(Comparator.<String[], String>comparing(r -> r[0]).thenComparing(r -> r[1]));
        return rows.stream().map(r -> r[2]).toList();
    }

    /** The rows of a CSV text as written, quoted line breaks kept inside their row. */
    private static List<String> rawRows(String text) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == '\n')) {
                rows.add(row.toString().replaceAll("\r$", ""));
                row.setLength(0);
            } else {
                row.append(c);
            }
        }
        if (!row.isEmpty()) {
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> withoutLine(List<String> rows) {
        return rows.stream().map(r -> r.substring(r.indexOf(',') + 1)).toList();
    }

    /** The lines both commands print alike: all but the last (the time taken and where the files are). */
    private static List<String> summaryLines(String stdout) {
        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 3, stdout);
        return lines.subList(0, lines.size() - 1);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }

    /** Writes a synthetic file's lines after its header line. */
    private static final class SkipHeader extends OutputStream {
        private final OutputStream out;
        private boolean inHeader = true;

        SkipHeader(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (inHeader) {
                inHeader = b != '\n';
                return;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
