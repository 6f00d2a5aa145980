package io.listguard.bulk;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The shared strings of an XLSX workbook ({@code xl/sharedStrings.xml}), where Excel keeps the text of every text
 * cell once and the cells refer to it by number. A broker's file of a million people holds a million distinct email
 * addresses there, and as many proofs and phone numbers: POI's {@code ReadOnlySharedStringsTable} keeps them all as
 * Java strings, which retained 287 MB of heap for the 4.7 million strings of the 1,000,000-row workbook of
 * docs/performance.md, and ran out of memory in the {@code -Xmx256m} the rest of the bulk path needs. So the strings
 * are written once, as UTF-8, to a temporary file
 * (deleted on {@link #close()}), memory-mapped, and only their offsets stay on the heap (4 bytes a string): the
 * heap stays bounded whatever the file, and reading a cell's text is a copy out of the page cache. Read with the
 * same hardened StAX parser as the sheet; rich text runs are joined, phonetic runs ({@code rPh}) left out, and
 * Excel's {@code _xHHHH_} escapes decoded, as POI does.
 */
final class XlsxSharedStrings implements Closeable {

    /** A string longer than this is kept cut: its cell makes the row longer than {@link RecordSource#MAX_LINE}, and rejected. */
    static final int MAX_KEPT = RecordSource.MAX_LINE + 1;

    static final XlsxSharedStrings NONE = new XlsxSharedStrings(null, null, new int[] {0}, 0);

    private final Path file;
    private final MappedByteBuffer bytes;
    private final int[] offsets;
    private final int count;
    private byte[] scratch = new byte[256];

    private XlsxSharedStrings(Path file, MappedByteBuffer bytes, int[] offsets, int count) {
        this.file = file;
        this.bytes = bytes;
        this.offsets = offsets;
        this.count = count;
    }

    /** Reads the shared strings part into a temporary file; a damaged part is a {@link BulkFormatException}. */
    static XlsxSharedStrings read(InputStream xml) {
        Path file = null;
        try {
            file = Files.createTempFile("listguard-strings-", ".bin");
            int[] offsets = new int[1024];
            int count = 0;
            long written = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                XMLStreamReader r = XlsxRecordSource.xml().createXMLStreamReader(xml);
                StringBuilder text = new StringBuilder(64);
                while (r.hasNext()) {
                    if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("si")) {
                        text.setLength(0);
                        XlsxRecordSource.richText(r, text, MAX_KEPT);
                        byte[] utf8 = decoded(text).getBytes(StandardCharsets.UTF_8);
                        written += utf8.length;
                        if (written > Integer.MAX_VALUE) {
                            throw XlsxRecordSource.refused("bulk.xlsx.sharedStringsTooLarge");
                        }
                        out.write(utf8);
                        if (count + 1 >= offsets.length) {
                            offsets = Arrays.copyOf(offsets, offsets.length * 2);
                        }
                        offsets[++count] = (int) written;
                    }
                }
                r.close();
            }
            MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, written);
            }
            return new XlsxSharedStrings(file, mapped, offsets, count);
        } catch (XMLStreamException e) {
            delete(file);
            throw XlsxRecordSource.refused("bulk.xlsx.damagedPart", "xl/sharedStrings.xml", XlsxRecordSource.plain(e));
        } catch (IOException e) {
            delete(file);
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    int size() {
        return count;
    }

    /** The text of string {@code index} (from 0), null when the workbook has no such string. */
    String get(int index) {
        if (index < 0 || index >= count) {
            return null;
        }
        int from = offsets[index];
        int length = offsets[index + 1] - from;
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        bytes.get(from, scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Excel's escapes of characters XML cannot hold: {@code _x0001_} is U+0001, {@code _x005F_} an underscore (so
     * that a literal {@code _x0041_} survives), as POI decodes them. A control character decoded this way is then
     * refused at its column, as in a CSV file.
     */
    static String decoded(CharSequence text) {
        int at = indexOf(text, 0);
        if (at < 0) {
            return text.toString();
        }
        StringBuilder b = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            b.append(text, from, at);
            b.append((char) Integer.parseInt(text.subSequence(at + 2, at + 6).toString(), 16));
            from = at + 7;
            at = indexOf(text, from);
        }
        return b.append(text, from, text.length()).toString();
    }

    /** The next {@code _xHHHH_} at or after {@code from}, -1 for none. */
    private static int indexOf(CharSequence text, int from) {
        for (int i = from; i + 6 < text.length(); i++) {
            if (text.charAt(i) == '_' && text.charAt(i + 1) == 'x' && text.charAt(i + 6) == '_' && hex(text.charAt(i + 2)) && hex(text.charAt(i + 3))
                    && hex(text.charAt(i + 4)) && hex(text.charAt(i + 5))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    @Override
    public void close() {
        delete(file); // the mapping goes with this object; on Linux the space is freed once both are gone
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }
}
