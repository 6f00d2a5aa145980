package io.listguard.spark;

import io.listguard.bulk.RecordBoundaries;
import io.listguard.bulk.RecordSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How a records file is cut into pieces of whole records, one task each (issue 17): the bytes before its data (read
 * by every task, so that each parses the header and its profile as the whole file would) and pieces that start where a
 * record starts ({@link RecordBoundaries}, found by a first Spark pass over byte ranges, in parallel). A file that
 * cannot be cut that way (a workbook, gzip, a charset whose bytes a line end may belong to, a header that quotes) is
 * one piece, read by one task from its first byte.
 */
final class FilePlan implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Bytes before the data, shipped to every task: more than this is not a header. */
    private static final int MAX_PREFIX = 1 << 20;
    private static final long MIN_RANGE = 1L << 20;
    private static final long MAX_RANGE = 128L << 20;

    final long size;
    final long headerLine;
    final long dataStart;
    final byte[] prefix;
    final List<RecordBoundaries.Piece> pieces;
    /** One piece, the whole file, read from its first byte. */
    final boolean whole;

    private FilePlan(long size, long headerLine, long dataStart, byte[] prefix, List<RecordBoundaries.Piece> pieces, boolean whole) {
        this.size = size;
        this.headerLine = headerLine;
        this.dataStart = dataStart;
        this.prefix = prefix;
        this.pieces = List.copyOf(pieces);
        this.whole = whole;
    }

    static FilePlan whole(long size) {
        return new FilePlan(size, 0, 0, new byte[0], List.of(new RecordBoundaries.Piece(0, size, 1)), true);
    }

    /**
     * The plan of a text file whose header (if any) is on {@code headerLine}, with CSV fields separated by
     * {@code separator} (null: one record a line). {@code rangeBytes}: the bytes each first-pass task scans (0: chosen
     * from the file's size and the cluster's parallelism).
     */
    static FilePlan of(JavaSparkContext spark, HadoopFiles files, String path, RecordSource.Format format, Charset charset, long headerLine,
                       Character separator, long rangeBytes) throws IOException {
        long size = files.size(path);
        if (format == RecordSource.Format.XLSX || !asciiCompatible(charset)) {
            return whole(size);
        }
        byte[] head = new byte[4];
        int got;
        try (InputStream in = files.open(path)) {
            got = in.readNBytes(head, 0, 4);
        }
        boolean gzip = got >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
        boolean utf16Bom = got >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE);
        if (gzip || utf16Bom) {
            return whole(size);
        }
        RecordBoundaries.Header header;
        try (InputStream in = files.open(path)) {
            header = RecordBoundaries.header(in, headerLine);
        }
        if (header.quoted() || header.dataStart() > MAX_PREFIX) {
            return whole(size);
        }
        byte[] prefix = new byte[(int) header.dataStart()];
        try (InputStream in = files.open(path)) {
            in.readNBytes(prefix, 0, prefix.length);
        }
        long data = size - header.dataStart();
        long range = rangeBytes > 0 ? rangeBytes
                : Math.max(MIN_RANGE, Math.min(MAX_RANGE, data / Math.max(1, 3L * spark.defaultParallelism())));
        List<long[]> ranges = new ArrayList<>();
        for (long from = header.dataStart(); from < size; from += range) {
            ranges.add(new long[] {from, Math.min(size, from + range)});
        }
        List<RecordBoundaries.RangeScan> scans = ranges.isEmpty() ? List.of()
                : spark.parallelize(ranges, ranges.size()).map(r -> scan(files, path, r[0], r[1], separator)).collect();
        List<RecordBoundaries.Piece> pieces = RecordBoundaries.pieces(scans, header.dataStart(), headerLine + 1, size);
        return new FilePlan(size, headerLine, header.dataStart(), prefix, pieces, false);
    }

    private static RecordBoundaries.RangeScan scan(HadoopFiles files, String path, long from, long to, Character separator) throws IOException {
        try (FSDataInputStream in = files.open(path)) {
            in.seek(Math.max(0, from - 1));
            return RecordBoundaries.scan(new java.io.BufferedInputStream(in, 1 << 16), from, to, separator);
        }
    }

    /** Whether a line end, a quote or a separator byte can only be that character in this charset. */
    static boolean asciiCompatible(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        return name.equals("UTF-8") || name.equals("US-ASCII") || name.startsWith("ISO-8859-") || name.startsWith("WINDOWS-125");
    }
}
