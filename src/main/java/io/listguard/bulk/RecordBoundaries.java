package io.listguard.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Where records start in a text records file, found from byte ranges scanned independently (a batch engine's tasks),
 * so that a file can be cut into pieces that each hold whole records, numbered by the file's own lines.
 *
 * <p>A CSV record may span lines inside quotes, so whether a line end ends a record depends on the quoting state there,
 * which a range scanned on its own does not know. Each range is therefore scanned once for every state it may start
 * in ({@link #STATES}: the states of {@link #step}, the grammar FastCSV reads and {@link QuoteStateReader} follows);
 * chaining the ranges from the file's first data byte, whose state is known, picks each range's true answer. An NDJSON
 * file is one record a line. The bytes are read as an ASCII-compatible charset (UTF-8, ISO-8859-x, windows-125x: a
 * line end, a quote or a separator byte is never part of another character); other charsets are not cut.
 *
 * <p>Lines are counted as the readers count them: {@code \n}, {@code \r\n} and a lone {@code \r} each end one line.
 */
public final class RecordBoundaries {

    public static final int FIELD_START = 0;
    public static final int UNQUOTED = 1;
    public static final int QUOTED = 2;
    public static final int QUOTE_IN_QUOTED = 3;
    /** Characters after a closing quote: FastCSV keeps them, and a quote there opens quoting again. */
    public static final int AFTER_CLOSE = 4;
    /** How many states a CSV range may start in. */
    public static final int STATES = 5;

    private RecordBoundaries() {
    }

    /** The state after reading {@code c} in state {@code s}: RFC 4180 as FastCSV reads it. */
    static int step(int s, char c, char separator) {
        boolean fieldEnd = c == separator || c == '\n' || c == '\r';
        return switch (s) {
            case QUOTED -> c == '"' ? QUOTE_IN_QUOTED : QUOTED;
            case QUOTE_IN_QUOTED -> c == '"' ? QUOTED : fieldEnd ? FIELD_START : AFTER_CLOSE;
            case AFTER_CLOSE -> c == '"' ? QUOTED : fieldEnd ? FIELD_START : AFTER_CLOSE;
            case FIELD_START -> c == '"' ? QUOTED : fieldEnd ? FIELD_START : UNQUOTED;
            default -> fieldEnd ? FIELD_START : UNQUOTED;
        };
    }

    /**
     * What one range of bytes says for each state it may start in (index: the state; an NDJSON range has one):
     * the state at its end, the offset of the first record start after its first byte (at most the range's end; -1:
     * none) and the line ends between the range's start and that record start; {@code lineEnds}: the line ends in the
     * range, whatever the state.
     */
    public record RangeScan(long from, long to, long lineEnds, int[] endState, long[] firstStart, long[] lineEndsBefore) implements Serializable {

        public RangeScan {
            endState = endState.clone();
            firstStart = firstStart.clone();
            lineEndsBefore = lineEndsBefore.clone();
        }

        /** The state at the end of the range when it starts in {@code state}. */
        public int endState(int state) {
            return endState[index(state)];
        }

        /** The first record start in (from, to] when the range starts in {@code state}, or -1. */
        public long firstStart(int state) {
            return firstStart[index(state)];
        }

        public long lineEndsBefore(int state) {
            return lineEndsBefore[index(state)];
        }

        private int index(int state) {
            return endState.length == 1 ? 0 : state;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RangeScan r && from == r.from && to == r.to && lineEnds == r.lineEnds && Arrays.equals(endState, r.endState)
                    && Arrays.equals(firstStart, r.firstStart) && Arrays.equals(lineEndsBefore, r.lineEndsBefore);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(from) * 31 + Long.hashCode(to);
        }
    }

    /**
     * Scans the bytes {@code [from, to)} of a file from {@code in}, which must be positioned at {@code from - 1} when
     * {@code from > 0} (that byte tells whether a line feed at {@code from} ends the line a carriage return began) and
     * may hold one byte past {@code to} (the same question at the end). {@code separator}: the CSV field separator, or
     * null for a file of one record a line.
     */
    public static RangeScan scan(InputStream in, long from, long to, Character separator) throws IOException {
        int n = separator == null ? 1 : STATES;
        char sep = separator == null ? '\n' : separator;
        int[] state = new int[n];
        for (int i = 0; i < n; i++) {
            state[i] = i;
        }
        long[] first = new long[n];
        long[] before = new long[n];
        boolean[] crOutsideQuotes = new boolean[n];
        Arrays.fill(first, -1);
        int unresolved = n;
        boolean prevCr = false;
        if (from > 0) {
            int b = in.read();
            prevCr = b == '\r';
        }
        long lines = 0;
        long p = from;
        byte[] buffer = new byte[1 << 16];
        while (p < to) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, to - p));
            if (read < 0) {
                throw new java.io.EOFException("the file ended at byte " + p + ", before " + to);
            }
            for (int k = 0; k < read; k++, p++) {
                char c = (char) (buffer[k] & 0xFF);
                if (prevCr && c != '\n' && unresolved > 0) {
                    for (int i = 0; i < n; i++) {
                        if (crOutsideQuotes[i] && first[i] < 0) {
                            first[i] = p;
                            before[i] = lines;
                            unresolved--;
                        }
                    }
                }
                if (c == '\r' || c == '\n' && !prevCr) {
                    lines++;
                }
                if (separator == null) {
                    if (c == '\n' && first[0] < 0) {
                        first[0] = p + 1;
                        before[0] = lines;
                        unresolved--;
                    }
                    crOutsideQuotes[0] = c == '\r';
                } else if (unresolved == 0 && c != '"' && c != '\r' && c != '\n' && c != sep) {
                    // the common case once every start is found: a plain character moves each state the same way, and
                    // the plain characters after it move none: skip to the next quote, line end or separator
                    for (int i = 0; i < n; i++) {
                        int s = state[i];
                        state[i] = s == QUOTE_IN_QUOTED || s == AFTER_CLOSE ? AFTER_CLOSE : s == QUOTED ? QUOTED : UNQUOTED;
                    }
                    int next = k + 1;
                    while (next < read) {
                        byte b = buffer[next];
                        if (b == '"' || b == '\r' || b == '\n' || b == (byte) sep) {
                            break;
                        }
                        next++;
                    }
                    p += next - 1 - k;
                    k = next - 1;
                } else {
                    for (int i = 0; i < n; i++) {
                        int s = state[i];
                        if (c == '\n' && s != QUOTED && first[i] < 0) {
                            first[i] = p + 1;
                            before[i] = lines;
                            unresolved--;
                        }
                        if (c == '\r') {
                            crOutsideQuotes[i] = s != QUOTED;
                        }
                        state[i] = step(s, c, sep);
                    }
                }
                prevCr = c == '\r';
            }
        }
        if (prevCr && unresolved > 0) {
            int next = in.read(); // the byte after the range, if any: a line feed there keeps the CR's line open
            if (next != '\n') {
                for (int i = 0; i < n; i++) {
                    if (crOutsideQuotes[i] && first[i] < 0) {
                        first[i] = to;
                        before[i] = lines;
                    }
                }
            }
        }
        return new RangeScan(from, to, lines, state, first, before);
    }
    /** A piece of a file holding whole records: bytes {@code [start, end)}, whose first byte is on line {@code firstLine}. */
    public record Piece(long start, long end, long firstLine) implements Serializable {
    }

    /**
     * The pieces of a file cut where its ranges say records start: {@code ranges} cover {@code [dataStart, size)} in
     * order, {@code dataStart} (the first byte after the header) is on line {@code firstLine} and starts a record in
     * {@link #FIELD_START}. Each range's true state is the previous one's end state, from the first; each piece runs
     * from a record start to the next, so that read in order they hold every record once.
     */
    public static java.util.List<Piece> pieces(java.util.List<RangeScan> ranges, long dataStart, long firstLine, long size) {
        java.util.List<long[]> starts = new java.util.ArrayList<>();
        starts.add(new long[] {dataStart, firstLine});
        int state = FIELD_START;
        long line = firstLine;
        long expected = dataStart;
        for (RangeScan range : ranges) {
            if (range.from() != expected) {
                throw new IllegalArgumentException("ranges must follow each other: " + range.from() + " after " + expected);
            }
            long start = range.firstStart(state);
            if (start >= 0 && start < size && range.from() != dataStart) { // the first range starts a record already
                starts.add(new long[] {start, line + range.lineEndsBefore(state)});
            }
            line += range.lineEnds();
            state = range.endState(state);
            expected = range.to();
        }
        if (expected != size && !(ranges.isEmpty() && dataStart >= size)) {
            throw new IllegalArgumentException("ranges end at " + expected + ", the file at " + size);
        }
        java.util.List<Piece> pieces = new java.util.ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            long end = i + 1 < starts.size() ? starts.get(i + 1)[0] : size;
            if (end > starts.get(i)[0]) {
                pieces.add(new Piece(starts.get(i)[0], end, starts.get(i)[1]));
            }
        }
        return pieces;
    }

    /** Where a file's data begins: the byte after its header line, and whether that line holds a quote (it may then span lines). */
    public record Header(long dataStart, boolean quoted) {
    }

    /**
     * Reads a file from its first byte to the end of line {@code headerLine} (0: no header, the data start at once).
     * A file that ends on its header has its data start at its end.
     */
    public static Header header(InputStream in, long headerLine) throws IOException {
        if (headerLine <= 0) {
            return new Header(0, false);
        }
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in, 1 << 16);
        long line = 1;
        long p = 0;
        boolean quoted = false;
        int b;
        while ((b = buffered.read()) >= 0) {
            p++;
            if (line == headerLine && b == '"') {
                quoted = true;
            }
            if (b == '\r') {
                buffered.mark(1);
                if (buffered.read() == '\n') {
                    p++;
                } else {
                    buffered.reset();
                }
            }
            if (b == '\r' || b == '\n') {
                if (line == headerLine) {
                    return new Header(p, quoted);
                }
                line++;
            }
        }
        return new Header(p, quoted);
    }
}
