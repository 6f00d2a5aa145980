package io.listguard.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A file cut into pieces where {@link RecordBoundaries} says records start, each piece read after the header as the
 * Spark job reads it, gives the same lines (numbers, records, rejections) as the whole file read at once: whatever the
 * cut, through quoted line breaks, doubled quotes, text after a closing quote, CRLF, lone CR, blank lines and an
 * unclosed quote at the end.
 */
class RecordBoundariesTest {

    private static final String CSV_HEADER = "id,kind,email,segments,opted_out\r\n";

    private static final String TRICKY_CSV = CSV_HEADER
            + "a-1,PERSON,a1@example.org,RETIRED,false\r\n"
            + "a-2,PERSON,\"a2@example.org\",\"RETIRED\nSTUDENT\",false\r\n" // a line break inside quotes
            + "\r\n"
            + "a-3,PERSON,\"say \"\"hi\"\"\",RETIRED,false\n" // doubled quotes
            + "a-4,PERSON,\"x\"tail,RETIRED,false\r" // text after a closing quote; lone CR ends the line
            + "a-5,PERSON,a5@example.org,\"\r\n\r\n\",false\n"
            + "a-6,PERSON,a6\"b@example.org,RETIRED,false\n" // a quote inside an unquoted field is a character
            + "a-7,BUSINESS,,\"\",maybe\n" // a rejected line
            + "\n\n"
            + "a-8,PERSON,a8@example.org,RETIRED,false\r\n"
            + "a-9,PERSON,\"never closed,RETIRED,false\na-10,PERSON,a10@example.org,RETIRED,false\n";

    @Test
    void csvPiecesReadAsTheWholeFileAtEveryCut() throws IOException {
        byte[] file = TRICKY_CSV.getBytes(StandardCharsets.UTF_8);
        List<String> whole = lines(file, RecordSource.Format.CSV);
        assertTrue(whole.size() >= 9, whole.toString());
        assertTrue(whole.stream().anyMatch(l -> l.startsWith("16 !")), "the rejected unclosed quote is numbered by the line where it starts: " + whole);
        for (int cut = 1; cut <= 40; cut++) {
            assertEquals(whole, piecewise(file, RecordSource.Format.CSV, fixedRanges(file.length, cut)), "ranges of " + cut + " bytes");
        }
        Random random = new Random(17);
        for (int run = 0; run < 200; run++) {
            assertEquals(whole, piecewise(file, RecordSource.Format.CSV, randomRanges(file.length, random)), "random ranges, run " + run);
        }
    }

    @Test
    void ndjsonPiecesReadAsTheWholeFile() throws IOException {
        String ndjson = "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"n1@example.org\"}\r\n"
                + "\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"n2@example.org\"}\n"
                + "{not json}\r"
                + "{\"id\":\"n-3\",\"kind\":\"ALIEN\"}\n"
                + "{\"id\":\"n-4\",\"kind\":\"BUSINESS\",\"email\":\"n4@example.org\"}";
        byte[] file = ndjson.getBytes(StandardCharsets.UTF_8);
        List<String> whole = lines(file, RecordSource.Format.NDJSON);
        assertEquals(5, whole.size(), whole.toString());
        for (int cut = 1; cut <= 30; cut++) {
            assertEquals(whole, piecewise(file, RecordSource.Format.NDJSON, fixedRanges(file.length, cut)), "ranges of " + cut + " bytes");
        }
    }

    @Test
    void theHeaderEndsWhereItsLineEnds() throws IOException {
        byte[] file = "\r\n\nid,kind\r\nx,PERSON\n".getBytes(StandardCharsets.US_ASCII);
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(file), RecordSource.Format.CSV)) {
            assertEquals(3, source.headerLineNumber());
            assertEquals(',', source.fieldSeparator());
        }
        RecordBoundaries.Header header = RecordBoundaries.header(new ByteArrayInputStream(file), 3);
        assertEquals(12, header.dataStart());
        assertFalse(header.quoted());
        assertTrue(RecordBoundaries.header(new ByteArrayInputStream("\"id\",kind\n".getBytes(StandardCharsets.US_ASCII)), 1).quoted());
        assertEquals(10, RecordBoundaries.header(new ByteArrayInputStream("id,kind\r\n".getBytes(StandardCharsets.US_ASCII)), 1).dataStart() + 1);
    }

    /** Every line of a file read whole: "line id" for a record, "line !reason" for a rejected line. */
    private static List<String> lines(byte[] file, RecordSource.Format format) throws IOException {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(file), format)) {
            return drain(source, 0);
        }
    }

    private static List<String> drain(RecordSource source, long offset) {
        List<String> out = new ArrayList<>();
        ParsedLine line;
        while ((line = source.next()) != null) {
            out.add((line.line() + offset) + " " + (line.rejected() ? "!" + line.error() : line.record().id() + "|" + line.record().email()));
        }
        return out;
    }

    /** The file read piece by piece as the Spark job reads it: the bytes before the data, then the piece. */
    private static List<String> piecewise(byte[] file, RecordSource.Format format, long[] cuts) throws IOException {
        long headerLine;
        Character separator;
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(file), format)) {
            headerLine = source.headerLineNumber();
            separator = source.fieldSeparator();
        }
        long dataStart = RecordBoundaries.header(new ByteArrayInputStream(file), headerLine).dataStart();
        List<RecordBoundaries.RangeScan> scans = new ArrayList<>();
        long from = dataStart;
        for (long cut : cuts) {
            if (cut <= from) {
                continue;
            }
            long to = Math.min(cut, file.length);
            InputStream in = new ByteArrayInputStream(file, (int) Math.max(0, from - 1), file.length);
            scans.add(RecordBoundaries.scan(in, from, to, separator));
            from = to;
        }
        if (from < file.length) {
            scans.add(RecordBoundaries.scan(new ByteArrayInputStream(file, (int) Math.max(0, from - 1), file.length), from, file.length, separator));
        }
        List<String> out = new ArrayList<>();
        for (RecordBoundaries.Piece piece : RecordBoundaries.pieces(scans, dataStart, headerLine + 1, file.length)) {
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(file, 0, (int) dataStart),
                    new ByteArrayInputStream(Arrays.copyOfRange(file, (int) piece.start(), (int) piece.end())));
            try (RecordSource source = RecordSource.open(in, format)) {
                source.offsetLines(piece.firstLine() - (headerLine + 1));
                out.addAll(drain(source, 0));
            }
        }
        return out;
    }

    private static long[] fixedRanges(int length, int size) {
        long[] cuts = new long[length / size + 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (long) (i + 1) * size;
        }
        return cuts;
    }

    private static long[] randomRanges(int length, Random random) {
        List<Long> cuts = new ArrayList<>();
        long at = 0;
        while (at < length) {
            at += 1 + random.nextInt(25);
            cuts.add(at);
        }
        return cuts.stream().mapToLong(Long::longValue).toArray();
    }
}
