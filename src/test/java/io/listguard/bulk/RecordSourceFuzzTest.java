package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.listguard.Fuzz;
import io.listguard.domain.Identifiers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // the reader decodes UTF-8 with replacement: compare with what it will see
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        List<String> expected = significantLines(decoded);
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
            assertThat(format).as("only a CSV header can make the file unreadable: %s", e.getMessage()).isEqualTo(RecordSource.Format.CSV);
            assertThat(read).as("the header is read when the file is opened").isEmpty();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        int header = format == RecordSource.Format.CSV ? 1 : 0;
        assertThat(read).as("one parsed line per line that is not blank").hasSize(expected.size() - header);
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).line()).as("line numbers increase").isGreaterThan(read.get(i - 1).line());
        }
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
}
