package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.listguard.Fuzz;
import io.listguard.domain.Identifiers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzzing the records file reader with random and mutated CSV and NDJSON: every line that is not blank comes out
 * exactly once, as a record or as a rejected line with a reason, whatever it holds (quotes, separators, control
 * characters, lines over 64 KiB, mixed line endings, BOMs, gzip). The only exception is {@link BulkFormatException},
 * for a CSV header that cannot be used or damaged gzip data.
 */
class RecordSourceFuzzTest {

    private static final int TRIES = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static LongStream csvSeeds() {
        return Fuzz.seeds("csv", TRIES);
    }

    static LongStream ndjsonSeeds() {
        return Fuzz.seeds("ndjson", TRIES);
    }

    static LongStream gzipSeeds() {
        return Fuzz.seeds("gzip", TRIES / 2);
    }

    static LongStream encodingSeeds() {
        return Fuzz.seeds("encoding", TRIES);
    }

    /** Letters of French names and addresses, signs, and what no single-byte charset holds. */
    private static final String ACCENTED = "éèêëàâäîïôöùûüçÉÈÀÇŒœÆæßñ€’«»–—…°ÿŸŠšŽž€漢字😀";
    private static final List<Charset> WRITTEN_IN = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, Charset.forName("ISO-8859-15"),
            RecordCharsets.WINDOWS_1252, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE);

    /**
     * Issue 12: a file written in a random charset (sometimes with a BOM), sometimes with invalid byte sequences
     * inserted (lone high bytes, cut or overlong sequences, encoded surrogates, U+FFFD), read in a random declared
     * charset, gzip'd or not. A file that Java's strict decoder refuses is refused as a whole at its first bad byte
     * (by {@link RecordSource#checkEncoding} and by reading it); an accepted file never puts a U+FFFD in a record, and
     * when it is read in the charset it was written in, every address comes back letter for letter.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("encodingSeeds")
    void randomEncodingsAndInvalidBytesAreRefusedOrReadFaithfully(long seed) throws IOException {
        Random random = new Random(seed);
        Charset written = WRITTEN_IN.get(random.nextInt(WRITTEN_IN.size()));
        boolean utf16 = written.name().startsWith("UTF-16");
        boolean bom = utf16 || random.nextInt(4) == 0 && written.equals(StandardCharsets.UTF_8);
        var encoder = written.newEncoder();
        boolean csv = random.nextBoolean();
        List<String> emails = new ArrayList<>();
        StringBuilder text = new StringBuilder(csv ? "id;kind;email;job_function\r\n" : "");
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            StringBuilder local = new StringBuilder("p" + i);
            for (int k = random.nextInt(4); k > 0; k--) {
                char c = ACCENTED.charAt(random.nextInt(ACCENTED.length()));
                if (!Character.isSurrogate(c) && encoder.canEncode(c)) {
                    local.append(c);
                }
            }
            String email = local + "@example.org";
            emails.add(email);
            text.append(csv ? "r-" + i + ";PERSON;" + email + ";caissière\r\n"
                    : "{\"id\":\"r-" + i + "\",\"kind\":\"PERSON\",\"email\":\"" + email + "\"}\n");
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        if (bom) {
            file.writeBytes("\uFEFF".getBytes(written));
        }
        file.writeBytes(text.toString().getBytes(written));
        byte[] bytes = file.toByteArray();
        boolean damaged = random.nextInt(3) > 0;
        if (damaged) {
            byte[][] bad = {{(byte) (0x80 + random.nextInt(0x80))}, {(byte) 0xE7, 'o'}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x80},
                    {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD},
                    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80}, {(byte) 0x81}, {(byte) 0x9D}, {(byte) 0x00, (byte) 0xD8}};
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = bom ? 3 + random.nextInt(Math.max(1, bytes.length - 3)) : random.nextInt(bytes.length + 1);
                at = Math.min(at, bytes.length);
                byte[] insert = bad[random.nextInt(bad.length)];
                byte[] next = new byte[bytes.length + insert.length];
                System.arraycopy(bytes, 0, next, 0, at);
                System.arraycopy(insert, 0, next, at, insert.length);
                System.arraycopy(bytes, at, next, at + insert.length, bytes.length - at);
                bytes = next;
            }
        }
        Charset declared = random.nextBoolean() ? written : RecordCharsets.SUPPORTED.get(random.nextInt(RecordCharsets.SUPPORTED.size()));
        if (utf16 && !RecordCharsets.SUPPORTED.contains(declared)) {
            declared = StandardCharsets.UTF_8; // UTF-16 is told by its BOM only
        }
        Long firstBad = firstBadByte(bytes, declared);
        boolean gzip = random.nextInt(4) == 0;
        byte[] input = gzip ? gzip(bytes) : bytes;
        RecordSource.Format format = csv ? RecordSource.Format.CSV : RecordSource.Format.NDJSON;

        BulkEncodingException refused = null;
        try {
            RecordSource.checkEncoding(new ByteArrayInputStream(input), declared);
        } catch (BulkEncodingException e) {
            refused = e;
        }
        List<ParsedLine> read = new ArrayList<>();
        BulkFormatException unreadable = null;
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(input), format, declared)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                read.add(line);
            }
        } catch (BulkFormatException e) {
            unreadable = e;
        }
        for (ParsedLine line : read) {
            if (!line.rejected()) {
                assertThat(line.record().toString()).as("line %d of a file in %s read as %s", line.line(), written, declared).doesNotContain("\uFFFD");
            }
        }
        if (firstBad != null) {
            assertThat(refused).as("a file not valid in %s (byte %d) is refused", declared, firstBad).isNotNull();
            assertThat(refused.byteOffset()).as("the first bad byte").isEqualTo(firstBad);
            assertThat(unreadable).as("reading it stops at the same byte").isInstanceOfSatisfying(BulkEncodingException.class,
                    e -> assertThat(e.byteOffset()).isEqualTo(firstBad));
            assertThat(refused.getMessage()).startsWith("line " + refused.line() + ", byte offset " + firstBad + ": ");
            return;
        }
        assertThat(refused).as("a file valid in %s is not refused", declared).isNull();
        if (!damaged && (declared.equals(written) || bom)) {
            assertThat(unreadable).isNull();
            assertThat(read).extracting(l -> l.record().email()).containsExactlyElementsOf(emails);
            assertThat(read).extracting(ParsedLine::line).startsWith(csv ? 2L : 1L);
        }
    }

    /** Where Java's own strict decoder first fails on the file (a U+FFFD counts as a failure), null if it does not. */
    private static Long firstBadByte(byte[] bytes, Charset declared) throws CharacterCodingException {
        Charset charset = declared;
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            start = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            start = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            start = 2;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 16);
        CoderResult result = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        out.flip();
        int replacement = out.toString().indexOf('\uFFFD');
        if (replacement >= 0) {
            return (long) start + charset.newEncoder().encode(CharBuffer.wrap(out.toString(), 0, replacement)).remaining();
        }
        return result.isError() ? (long) in.position() : null;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("csvSeeds")
    void mutatedCsvLinesAreEachARecordOrARejection(long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        SyntheticFile.write(base, 5 + random.nextInt(30), seed);
        List<String> lines = new ArrayList<>(Arrays.asList(base.toString(StandardCharsets.UTF_8).split("\n")));
        if (random.nextInt(8) == 0) {
            lines.set(0, Fuzz.mutate(lines.get(0), random)); // a damaged header: usable or a BulkFormatException
        }
        mutateLines(lines, 1, random, ',');
        String text = join(lines, random);
        check(text, RecordSource.Format.CSV, random.nextInt(4) == 0);
    }

    static LongStream quotedSeeds() {
        return Fuzz.seeds("csv-quoted", TRIES);
    }

    /**
     * Issue 12, RFC 4180: cells holding the separators, quotes and line breaks (\n and \r\n), written as a spreadsheet
     * quotes them, with {@code ,}, {@code ;} or tab: each record comes back once, numbered by the line where it starts,
     * with its text intact (trimmed, as every value is).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("quotedSeeds")
    void quotedFieldsWithSeparatorsQuotesAndLineBreaksComeBackIntact(long seed) throws IOException {
        Random random = new Random(seed);
        char separator = ",;\t".charAt(random.nextInt(3));
        // a postal address may hold line breaks; no text may hold a tab or another control character (issue 12, item 6),
        // so tabs appear only as separators
        String[] addressPieces = {"a", "Z", "é", "ç", "Œ", "’", "漢", "😀", " ", ",", ";", "\"", "\"\"", "\n", "\r\n", "rue", "75011"};
        String[] textPieces = {"a", "Z", "é", "ç", "Œ", "’", "漢", "😀", " ", ",", ";", "\"", "\"\"", "rue", "75011"};
        String eol = random.nextBoolean() ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder(String.join(String.valueOf(separator), "id", "kind", "postal_address", "job_function") + eol);
        long line = 2;
        List<Long> starts = new ArrayList<>();
        List<String[]> cells = new ArrayList<>();
        int n = 1 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            String[] values = new String[2];
            for (int k = 0; k < 2; k++) {
                StringBuilder value = new StringBuilder();
                String[] pieces = k == 0 ? addressPieces : textPieces;
                for (int j = random.nextInt(12); j > 0; j--) {
                    value.append(pieces[random.nextInt(pieces.length)]);
                }
                values[k] = value.toString();
            }
            starts.add(line);
            cells.add(values);
            text.append("q-").append(i).append(separator).append("PERSON");
            for (String value : values) {
                text.append(separator);
                boolean quote = random.nextInt(4) == 0 || value.indexOf(separator) >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                        || value.indexOf('\r') >= 0;
                text.append(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
                line += value.chars().filter(c -> c == '\n').count();
            }
            text.append(eol);
            line++;
        }
        List<ParsedLine> read = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
            ParsedLine parsed;
            while ((parsed = source.next()) != null) {
                read.add(parsed);
            }
        }
        assertThat(read).extracting(ParsedLine::line).containsExactlyElementsOf(starts);
        for (int i = 0; i < n; i++) {
            ParsedLine parsed = read.get(i);
            assertThat(parsed.error()).as("line %d", parsed.line()).isNull();
            assertThat(parsed.record().id()).isEqualTo("q-" + i);
            assertThat(parsed.record().postalAddress()).isEqualTo(cells.get(i)[0].trim().isEmpty() ? null : cells.get(i)[0].trim());
            assertThat(parsed.record().jobFunction()).isEqualTo(cells.get(i)[1].trim().isEmpty() ? null : cells.get(i)[1].trim());
        }
    }

    static LongStream profileSeeds() {
        return Fuzz.seeds("csv-profile", TRIES);
    }

    /** A broker's file read through a mapping profile: a title line above the header, the broker's columns and words. */
    private static final String FUZZ_PROFILE = """
            {"name": "fuzz", "headerRow": 2, "fields": {"id": {"column": "Réf"}, "kind": {"value": "PERSON"}, "email": {"column": "E-mail"},
              "phone": {"column": "Tél", "phone": "FR"}, "opted_out": {"column": "Désinscrit", "values": {"X": "true", "": "false"}},
              "last_activity_on": {"column": "Activité", "dateFormats": ["dd/MM/yyyy", "excel"]}},
             "consents": {"email": {"given": {"column": "Opt-in", "values": {"OUI": "true", "NON": "false", "": "false"}},
                                    "givenOn": {"column": "Date", "dateFormats": "dd/MM/yyyy"}}}}
            """;

    /**
     * Issue 12, item 2: random broker rows through a profile, with any declared separator and cells quoted as a
     * spreadsheet quotes them. Each record comes back once, at its first line; an opt-out is never lost (its cell is
     * X, blank, or the line is rejected naming the field and the broker's column); a consent exists only where the
     * broker said OUI beside a readable date; Excel serials, French dates and phones come out as listguard writes them;
     * a column the profile does not read is ignored whatever it holds.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("profileSeeds")
    void brokerRowsThroughAProfileKeepEveryOptOutAndConsentOrAreRejectedNamingTheColumn(long seed) throws IOException {
        Random random = new Random(seed);
        char separator = ",;\t|".charAt(random.nextInt(4));
        String[] civility = {"Mme", "M.", "", "Dr"};
        String[] phones = {"612345678", "06 12 34 56 78", "+33612345678", "0033 6 12 34 56 78", ""};
        String[] optOuts = {"X", "x", " X ", "", "  ", "oui", "Y", "X\u00a0"};
        String[] activities = {"01/03/2026", "45352", "60", "31/02/2026", "", "2026-03-01", "1/3/2026"};
        String[] optIns = {"OUI", "oui ", "NON", "", "peut-être"};
        String[] dates = {"14/02/2026", "", "30/02/2026", "2026-02-14"};
        String eol = random.nextBoolean() ? "\r\n" : "\n";
        String title = Fuzz.text(random, 30).replaceAll("[\r\n\uFFFD]", "");
        StringBuilder text = new StringBuilder(title).append(eol);
        List<String> header = List.of("Réf", "Civilité", "E-mail", "Tél", "Désinscrit", "Activité", "Opt-in", "Date");
        text.append(String.join(String.valueOf(separator), header)).append(eol);
        long line = 3;
        List<Long> starts = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        int n = 1 + random.nextInt(25);
        for (int i = 0; i < n; i++) {
            String[] row = {"F-" + i, random.nextInt(4) == 0 ? Fuzz.text(random, 20).replaceAll("[\r\uFFFD]", "") : civility[random.nextInt(4)],
                    "p" + i + "@example.org", phones[random.nextInt(phones.length)],
                    random.nextInt(6) == 0 ? Fuzz.text(random, 6).replaceAll("[\r\uFFFD]", "") : optOuts[random.nextInt(optOuts.length)],
                    activities[random.nextInt(activities.length)], optIns[random.nextInt(optIns.length)], dates[random.nextInt(dates.length)]};
            starts.add(line);
            rows.add(row);
            for (int k = 0; k < row.length; k++) {
                String cell = row[k];
                boolean quote = random.nextInt(5) == 0 || cell.indexOf(separator) >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0;
                text.append(k == 0 ? "" : String.valueOf(separator)).append(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
                line += cell.chars().filter(c -> c == '\n').count();
            }
            text.append(eol);
            line++;
        }
        ReadOptions options = new ReadOptions(StandardCharsets.UTF_8, separator, io.listguard.bulk.mapping.ProfileReader.read(FUZZ_PROFILE));
        List<ParsedLine> read = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV,
                options)) {
            assertThat(source.warnings()).containsExactly("the column ’Civilité’ is not used by the profile ’fuzz’ and is ignored");
            ParsedLine parsed;
            while ((parsed = source.next()) != null) {
                read.add(parsed);
            }
        }
        assertThat(read).extracting(ParsedLine::line).containsExactlyElementsOf(starts);
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(i);
            ParsedLine parsed = read.get(i);
            List<String> bad = new ArrayList<>();
            String optOut = row[4];
            Boolean optedOut = Identifiers.firstControl(optOut) >= 0 ? null : optOut.trim().equalsIgnoreCase("x") ? Boolean.TRUE
                    : optOut.trim().isEmpty() ? Boolean.FALSE : null;
            if (optedOut == null) {
                bad.add("opted_out (column ’Désinscrit’)");
            }
            String activity = switch (row[5]) {
                case "01/03/2026" -> "2026-03-01";
                case "45352" -> "2024-03-01";
                case "" -> null;
                default -> {
                    bad.add("last_activity_on (column ’Activité’)");
                    yield null;
                }
            };
            boolean given = row[6].trim().equalsIgnoreCase("oui");
            if (row[6].equals("peut-être")) {
                bad.add("consents.email.given (column ’Opt-in’)");
            }
            String givenOn = !given || row[7].isEmpty() ? null : row[7].equals("14/02/2026") ? "2026-02-14" : "bad";
            if ("bad".equals(givenOn)) {
                bad.add("consent_email_given_on (column ’Date’)");
            }
            if (bad.isEmpty()) {
                assertThat(parsed.error()).as("line %d: %s", parsed.line(), Arrays.toString(row)).isNull();
                assertThat(parsed.record().id()).isEqualTo("F-" + i);
                assertThat(parsed.record().optedOut()).isEqualTo(optedOut);
                assertThat(parsed.record().lastActivityOn() == null ? null : parsed.record().lastActivityOn().toString()).isEqualTo(activity);
                assertThat(parsed.record().consents()).hasSize(givenOn == null ? 0 : 1);
                assertThat(parsed.record().phone()).isEqualTo(row[3].isEmpty() ? null : row[3].equals("612345678") ? "0612345678" : row[3]);
            } else {
                assertThat(parsed.record()).as("line %d: %s", parsed.line(), Arrays.toString(row)).isNull();
                assertThat(parsed.error()).contains(bad);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("ndjsonSeeds")
    void mutatedNdjsonLinesAreEachARecordOrARejection(long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        int n = 5 + random.nextInt(30);
        for (int i = 0; i < n; i++) {
            lines.add(JSON.writeValueAsString(record(random, i)));
        }
        mutateLines(lines, 0, random, ',');
        check(join(lines, random), RecordSource.Format.NDJSON, random.nextInt(4) == 0);
    }

    static java.util.stream.LongStream controlSeeds() {
        return Fuzz.seeds("controls", TRIES / 2);
    }

    private static final String CONTROLS = "\u0000\u0001\u0007\u0008\t\u000b\u000c\u001b\u001f\u007f\u0080\u0085\u009b\u009f\u2028\u2029";
    private static final String INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2066\u2069\uff16\u0666";
    private static final String[] TEXT_FIELDS = {"id", "email", "phone", "jobFunction", "postalAddress"};

    /**
     * Control characters in ids and texts (issue 12): each line that holds one in any text field is rejected with its
     * own line number and a reason naming the character, never quoting it; a repeated key in an NDJSON line is a
     * rejected line too; a line with only invisible or fullwidth characters in its identifiers is read as a record.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("controlSeeds")
    void controlCharactersAndRepeatedKeysAreRejectedLinesOthersAreRead(long seed) throws IOException {
        Random random = new Random(seed);
        boolean csv = random.nextBoolean();
        int n = 3 + random.nextInt(20);
        List<String> lines = new ArrayList<>();
        java.util.Map<Long, String> expectedRejections = new java.util.HashMap<>();
        if (csv) {
            lines.add("id;kind;email;phone;job_function;postal_address");
        }
        for (int i = 0; i < n; i++) {
            String[] values = {"r-" + i, "p" + i + "@example.org", "06 12 34 56 " + (10 + i % 90), "buyer", i + " rue de la Paix 75002 Paris"};
            int kind = random.nextInt(4); // 0: a control character, 1: invisible or fullwidth characters, 2: a repeated key, 3: clean
            if (kind <= 1) {
                int field = random.nextInt(values.length);
                String pool = kind == 0 ? CONTROLS : INVISIBLE;
                char c = pool.charAt(random.nextInt(pool.length()));
                int at = random.nextInt(values[field].length() + 1);
                values[field] = values[field].substring(0, at) + c + values[field].substring(at);
                if (kind == 0) {
                    expectedRejections.put(lines.size() + 1L, Identifiers.codePoint(c));
                }
            }
            if (csv) {
                lines.add(String.join(";", values[0], "PERSON", values[1], values[2], values[3], values[4]));
            } else {
                ObjectNode r = JSON.createObjectNode();
                r.put("kind", "PERSON");
                for (int f = 0; f < TEXT_FIELDS.length; f++) {
                    r.put(TEXT_FIELDS[f], values[f]);
                }
                String line = JSON.writeValueAsString(r);
                if (kind == 2) {
                    String key = TEXT_FIELDS[random.nextInt(TEXT_FIELDS.length)];
                    line = line.substring(0, line.length() - 1) + ",\"" + key + "\":\"again\"}";
                    expectedRejections.put(lines.size() + 1L, "’" + key + "’");
                }
                lines.add(line);
            }
        }
        List<ParsedLine> read = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                csv ? RecordSource.Format.CSV : RecordSource.Format.NDJSON)) {
            for (ParsedLine line = source.next(); line != null; line = source.next()) {
                read.add(line);
            }
        }
        assertThat(read).hasSize(n);
        for (ParsedLine line : read) {
            String expected = expectedRejections.get(line.line());
            if (expected == null) {
                assertThat(line.rejected()).as("line %d: %s", line.line(), line.error()).isFalse();
            } else {
                assertThat(line.rejected()).as("line %d", line.line()).isTrue();
                assertThat(line.error()).as("line %d", line.line()).contains(expected);
                assertThat(Identifiers.firstControl(line.error())).as("the reason holds no control character").isEqualTo(-1);
            }
        }
    }

    /** Compressed data that is damaged or cut short: a BulkFormatException naming gzip, never another exception. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("gzipSeeds")
    void damagedGzipIsAFormatErrorNeverACrash(long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        SyntheticFile.write(base, 50 + random.nextInt(200), seed);
        byte[] damaged = Fuzz.mutate(gzip(base.toByteArray()), random);
        RecordSource.Format format = random.nextBoolean() ? RecordSource.Format.CSV : RecordSource.Format.NDJSON;
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(damaged), format)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                assertThat(line.rejected() ? line.error() : "ok").isNotBlank();
            }
        } catch (BulkFormatException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
        }
    }

    @Test
    void aTruncatedGzipHeaderIsAFormatError() {
        for (byte[] bytes : List.of(new byte[] {0x1f, (byte) 0x8b}, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0})) {
            try (RecordSource ignored = RecordSource.open(new ByteArrayInputStream(bytes), RecordSource.Format.NDJSON)) {
                fail("a damaged gzip header must be refused");
            } catch (BulkFormatException e) {
                assertThat(e.getMessage()).contains("gzip");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void mutateLines(List<String> lines, int from, Random random, char separator) {
        for (int i = from; i < lines.size(); i++) {
            int roll = random.nextInt(10);
            if (roll < 3) {
                String line = lines.get(i);
                for (int k = random.nextInt(4); k >= 0; k--) {
                    line = Fuzz.mutate(line, random);
                }
                lines.set(i, line);
            } else if (roll == 3) {
                lines.set(i, Fuzz.text(random, 200));
            } else if (roll == 4) {
                // a field replaced by something random, quotes and separators included
                String[] fields = lines.get(i).split(String.valueOf(separator), -1);
                fields[random.nextInt(fields.length)] = random.nextBoolean() ? "\"" + Fuzz.text(random, 40) : Fuzz.text(random, 40);
                lines.set(i, String.join(String.valueOf(separator), fields));
            }
        }
        int extra = random.nextInt(3);
        for (int k = 0; k < extra; k++) {
            int at = from + random.nextInt(lines.size() - from + 1);
            switch (random.nextInt(5)) {
                case 0 -> lines.add(at, "");
                case 4 -> lines.add(at, "[".repeat(1 + random.nextInt(20_000))); // deep nesting within the line limit
                case 1 -> lines.add(at, " \t ");
                case 2 -> lines.add(at, "x".repeat(RecordSource.MAX_LINE + random.nextInt(3) - 1)); // at, just over, or under the limit
                default -> lines.add(at, (random.nextBoolean() ? "{" : "\"").repeat(RecordSource.MAX_LINE * (1 + random.nextInt(3))));
            }
        }
    }

    /** Lines joined with \n, \r\n or \r, sometimes with a BOM and a final line ending. */
    private static String join(List<String> lines, Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(6) == 0) {
            text.append('\uFEFF');
        }
        String[] endings = {"\n", "\r\n", "\r"};
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i));
            if (i < lines.size() - 1 || random.nextBoolean()) {
                text.append(endings[random.nextInt(4) == 0 ? random.nextInt(3) : 0]);
            }
        }
        return text.toString();
    }

    /** The lines the reader must give back: every line that is not blank (or is too long to tell), one each. */
    private static List<String> significantLines(String text) {
        String[] raw = text.split("\r\n|\r|\n", -1);
        int count = raw.length;
        if (count > 0 && raw[count - 1].isEmpty()) {
            count--; // a final line ending does not start a line
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = i == 0 && raw[i].startsWith("\uFEFF") ? raw[i].substring(1) : raw[i];
            if (line.length() > RecordSource.MAX_LINE || !line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void check(String text, RecordSource.Format format, boolean gzip) throws IOException {
        if (text.indexOf('\uFFFD') >= 0) {
            // issue 12: a U+FFFD (Fuzz's palette has it) refuses the whole file; then the lines are fuzzed without it
            byte[] refused = text.getBytes(StandardCharsets.UTF_8);
            try {
                RecordSource.checkEncoding(new ByteArrayInputStream(gzip ? gzip(refused) : refused), StandardCharsets.UTF_8);
                fail("a file holding U+FFFD must be refused");
            } catch (BulkEncodingException e) {
                assertThat(e.code()).isEqualTo(BulkEncodingException.REPLACEMENT_CHARACTER);
            }
            text = text.replace('\uFFFD', '?');
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // getBytes wrote a '?' for a lone surrogate; the reader decodes strictly and refuses a U+FFFD (issue 12)
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        List<Long> expected = format == RecordSource.Format.CSV ? csvRecordStarts(decoded) : null;
        List<String> expectedLines = significantLines(decoded);
        List<ParsedLine> read = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(gzip ? gzip(bytes) : bytes), format)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                read.add(line);
                if (line.rejected()) {
                    assertThat(line.error()).as("the reason of line %d", line.line()).isNotBlank();
                    assertThat(line.record()).isNull();
                } else {
                    assertThat(line.record()).as("line %d", line.line()).isNotNull();
                }
            }
        } catch (BulkFormatException e) {
            assertThat(e).as("valid UTF-8 without U+FFFD is never refused for its encoding").isNotInstanceOf(BulkEncodingException.class);
            if (format == RecordSource.Format.CSV && loneCrInQuotes && e.getMessage().contains("carriage return")) {
                return; // FastCSV 4.1 loses a field holding a lone \r: such a file is refused, never misread
            }
            assertThat(format).as("only a CSV header can make the file unreadable: %s", e.getMessage()).isEqualTo(RecordSource.Format.CSV);
            assertThat(read).as("the header is read when the file is opened").isEmpty();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (format == RecordSource.Format.CSV) {
            assertThat(loneCrInQuotes).as("a lone \\r inside quotes refuses the file").isFalse();
            // RFC 4180: a record may span lines (quoted line breaks); each is numbered by the line where it starts
            assertThat(read).extracting(ParsedLine::line).as("one parsed line per record, at its first line")
                    .containsExactlyElementsOf(expected.subList(1, expected.size()));
            if (endsInsideQuotes && !read.isEmpty()) {
                assertThat(read.get(read.size() - 1).error()).as("the record whose quote is never closed").contains("is never closed");
            }
        } else {
            assertThat(read).as("one parsed line per line that is not blank").hasSize(expectedLines.size());
        }
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).line()).as("line numbers increase").isGreaterThan(read.get(i - 1).line());
        }
    }

    private static boolean endsInsideQuotes;
    private static boolean loneCrInQuotes;

    /**
     * A model of RFC 4180 as the reader follows it, independent of FastCSV: the first line of each record that is not
     * blank (the header first), counting \n, \r\n and \r inside quotes too; sets {@link #endsInsideQuotes}.
     */
    private static List<Long> csvRecordStarts(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String headerLine = Arrays.stream(text.split("\r\n|\r|\n")).filter(l -> !l.isBlank()).findFirst().orElse("");
        char separator = CsvRecordSource.separatorOf(headerLine);
        List<Long> starts = new ArrayList<>();
        loneCrInQuotes = false;
        long line = 1;
        long start = -1;
        int fields = 0;
        boolean blank = true;
        int state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote inside quoted
        char previous = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lf = c == '\n' && previous == '\r';
            previous = c;
            if (lf) {
                continue; // the \n of a \r\n: the line was counted, the record ended at the \r
            }
            if (start < 0) {
                start = line;
                fields = 1;
                blank = true;
            }
            boolean lineBreak = c == '\n' || c == '\r';
            if (state == 2) {
                if (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                    loneCrInQuotes = true;
                }
                if (c == '"') {
                    state = 3;
                } else {
                    blank &= Character.isWhitespace(c);
                    if (lineBreak) {
                        line++;
                    }
                }
                continue;
            }
            if (lineBreak) {
                if (fields != 1 || !blank) {
                    starts.add(start);
                }
                start = -1;
                state = 0;
                line++;
            } else if (c == separator) {
                fields++;
                state = 0;
            } else if (c == '"' && (state == 0 || state == 3 || state == 4)) {
                if (state != 0) {
                    blank = false;
                }
                state = 2;
            } else {
                blank &= Character.isWhitespace(c);
                state = state == 3 || state == 4 ? 4 : 1;
            }
        }
        endsInsideQuotes = start >= 0 && state == 2;
        if (start >= 0 && (endsInsideQuotes || fields != 1 || !blank)) {
            starts.add(start);
        }
        return starts;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A record as the JSON API takes it, with random values in some fields. */
    private static ObjectNode record(Random random, int i) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", "r-" + i);
        r.put("kind", random.nextInt(10) == 0 ? Fuzz.text(random, 10) : "PERSON");
        r.put("email", "p" + i + "@example.org");
        if (random.nextBoolean()) {
            r.put("phone", "06" + (10_000_000 + random.nextInt(89_999_999)));
        }
        r.put("birthDate", random.nextInt(8) == 0 ? "1980-02-30" : "1980-02-01");
        r.putArray("segments").add("RETIRED");
        ObjectNode consent = r.putArray("consents").addObject();
        consent.put("channel", random.nextInt(8) == 0 ? "EMAL" : "EMAIL");
        consent.put("givenOn", "2026-03-01");
        consent.put("proofRef", "form-" + i);
        consent.put("renterNamed", true);
        r.put("optedOut", false);
        switch (random.nextInt(6)) {
            case 0 -> r.put("lastActivityOn", Fuzz.text(random, 12));
            case 1 -> r.putNull("id");
            case 2 -> r.put("callAttemptsLast30Days", random.nextLong());
            default -> r.put("lastActivityOn", "2026-03-01");
        }
        return r;
    }

    static LongStream xlsxSeeds() {
        return Fuzz.seeds("xlsx", TRIES / 2);
    }

    private static final List<String> XLSX_HEADER = List.of("id", "kind", "email", "job_function", "opted_out", "last_activity_on",
            "call_attempts_last_30_days");

    /**
     * Issue 12, item 5: a workbook of random cells (text with any character, numbers, TRUE/FALSE, dates, formulas,
     * errors, gaps, blank rows, values right of the header), with shared or inline strings. Every row that holds
     * something comes out exactly once, numbered by its sheet row, as a record or a rejected line; a formula or an
     * error rejects its row naming the cell; a text id comes back as it was typed.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("xlsxSeeds")
    void randomCellsOfAWorkbookComeOutOnceEachAsARecordOrARejectedLine(long seed) throws IOException {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(30);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(new ArrayList<>(XLSX_HEADER));
        List<Long> expectedLines = new ArrayList<>();
        java.util.Map<Long, String> ids = new java.util.HashMap<>();
        java.util.Map<Long, String> problemCells = new java.util.HashMap<>();
        for (int r = 0; r < n; r++) {
            if (random.nextInt(8) == 0) {
                rows.add(null); // an empty row
                continue;
            }
            List<Object> row = new ArrayList<>();
            boolean holds = false;
            long line = rows.size() + 1;
            for (int c = 0; c < XLSX_HEADER.size(); c++) {
                Object cell = switch (random.nextInt(12)) {
                    case 0, 1 -> null;
                    case 2 -> random.nextInt(1000);
                    case 3 -> random.nextDouble() * 1e9;
                    case 4 -> random.nextBoolean();
                    case 5 -> java.time.LocalDate.of(1950 + random.nextInt(80), 1 + random.nextInt(12), 1 + random.nextInt(28));
                    case 6 -> random.nextInt(6) == 0 ? new XlsxFiles.Formula("1+" + random.nextInt(9))
                            : random.nextInt(5) == 0 ? new XlsxFiles.ErrorCell(org.apache.poi.ss.usermodel.FormulaError.NA) : "PERSON";
                    default -> Fuzz.text(random, 12);
                };
                if (c == 0 && random.nextInt(3) > 0) {
                    cell = "r-" + r + Fuzz.text(random, 3); // mostly an id that can be told apart
                }
                row.add(cell);
                boolean problem = cell instanceof XlsxFiles.Formula || cell instanceof XlsxFiles.ErrorCell;
                holds |= cell != null && (problem || !(cell instanceof String text) || !xmlText(text).isBlank());
                if (problem) {
                    problemCells.putIfAbsent(line, org.apache.poi.ss.util.CellReference.convertNumToColString(c) + line);
                }
            }
            if (random.nextInt(10) == 0) {
                row.add(null);
                row.add("beyond the header"); // no column name: ignored, one warning
            }
            rows.add(row);
            if (holds) {
                expectedLines.add(line);
                if (row.get(0) instanceof String id && xmlText(id).equals(id) && !id.contains("_x")) {
                    ids.put(line, id.trim());
                }
            } else {
                problemCells.remove(line);
            }
        }
        XlsxFiles file = XlsxFiles.workbook().sheet("Fuzz", rows.toArray(List[]::new));
        byte[] xlsx = random.nextBoolean() ? file.bytes() : file.inlineStrings();

        List<ParsedLine> read = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(xlsx), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                read.add(line);
                assertThat(line.rejected() ? line.error() : line.record()).as("line %d", line.line()).isNotNull();
            }
        }
        assertThat(read).extracting(ParsedLine::line).containsExactlyElementsOf(expectedLines);
        for (ParsedLine line : read) {
            String cell = problemCells.get(line.line());
            if (cell != null) {
                assertThat(line.error()).as("line %d", line.line()).contains("cell " + cell + " ");
            }
            String id = ids.get(line.line());
            if (!line.rejected() && id != null) {
                assertThat(line.record().id()).isEqualTo(id.isEmpty() ? null : id);
            }
        }
    }

    /** Text as a workbook holds it: POI's writer puts '?' for what XML 1.0 cannot hold. */
    private static String xmlText(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF ? '?' : c));
        return b.toString();
    }

    static LongStream damagedWorkbookSeeds() {
        return Fuzz.seeds("xlsx-damaged", TRIES / 2);
    }

    /**
     * Issue 12, item 5: a workbook damaged at random (spans of its sheet or shared strings XML cut, repeated or
     * replaced by random text, or bytes of the archive itself flipped) is read to its end or refused as a whole with
     * a {@link BulkFormatException}, by the precheck and by the reading alike: never another exception (an internal
     * error for the uploader).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("damagedWorkbookSeeds")
    void aWorkbookDamagedAtRandomIsReadOrRefusedNeverAnInternalError(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] good = BrokerFile.xlsx();
        byte[] damaged;
        if (random.nextInt(4) == 0) {
            damaged = good.clone();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
        } else {
            String part = random.nextBoolean() ? "xl/worksheets/sheet1.xml" : "xl/sharedStrings.xml";
            StringBuilder xml = new StringBuilder(XlsxFiles.part(good, part));
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int from = random.nextInt(xml.length());
                int to = Math.min(xml.length(), from + random.nextInt(40));
                switch (random.nextInt(3)) {
                    case 0 -> xml.delete(from, to);
                    case 1 -> xml.insert(from, xml.substring(from, to));
                    default -> xml.replace(from, to, Fuzz.text(random, 20));
                }
            }
            damaged = XlsxFiles.withPart(good, part, xml.toString().getBytes(StandardCharsets.UTF_8));
        }
        ReadOptions options = BrokerFileTest.campaign().readOptions(io.listguard.bulk.mapping.ProfileReader.read(BrokerFile.PROFILE),
                RecordSource.Format.XLSX);
        try {
            RecordSource.precheck(new ByteArrayInputStream(damaged), RecordSource.Format.XLSX, options);
        } catch (BulkFormatException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
        }
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(damaged), RecordSource.Format.XLSX, options)) {
            while (source.next() != null) {
                // every row comes out, or the reading stops with a refusal
            }
        } catch (BulkFormatException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
        }
    }
}
