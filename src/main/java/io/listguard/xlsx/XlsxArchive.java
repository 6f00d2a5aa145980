package io.listguard.xlsx;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * The checks of an {@code .xlsx} file's zip archive that come before Apache POI parses any of it, shared by policy
 * workbooks ({@code io.listguard.policy.WorkbookGuard}) and records workbooks ({@code io.listguard.bulk}): each
 * entry is inflated for real and counted (the sizes an archive declares can lie), and the archive is refused when it
 * expands to too much in total, when one entry expands far more than any spreadsheet does (a zip bomb), when it holds
 * too many entries, when it is an OLE2 file (an old {@code .xls}, or any password-protected Excel file, which is an
 * encrypted package inside OLE2) or no zip at all, or when it is damaged. The archive is read the way POI will read
 * it: a workbook held in memory as a stream of local entries ({@link #check(byte[], Limits)}), a workbook on disk
 * through its central directory ({@link #check(Path, Limits)}), so that no entry POI opens escapes the count.
 * It also tells the parts that hold code or content from elsewhere ({@link #forbidden(String)}). Each caller words
 * the refusals for its own readers. Plain Java.
 */
public final class XlsxArchive {

    /**
     * @param maxUncompressedBytes the total size of the entries once expanded
     * @param maxInflateRatio      uncompressed / compressed size above which an entry is a zip bomb...
     * @param inflateRatioFrom     ...once it has expanded past this many bytes
     * @param maxEntries           entries (parts) in the archive
     */
    public record Limits(long maxUncompressedBytes, int maxInflateRatio, long inflateRatioFrom, int maxEntries) {
    }

    /** Why an archive is refused. */
    public enum Refusal {
        /** An OLE2 file: an old-format {@code .xls}, or a password-protected (encrypted) workbook. */
        OLD_FORMAT,
        /** Not a zip archive, as every {@code .xlsx} file is. */
        NOT_ZIP,
        TOO_MANY_ENTRIES,
        /** The entries expand to more than {@link Limits#maxUncompressedBytes()} in total. */
        TOO_LARGE,
        /** One entry expands more than {@link Limits#maxInflateRatio()} times its compressed size. */
        ZIP_BOMB,
        /** The zip data cannot be read: cut short, corrupt. */
        DAMAGED,
        /** A zip archive without any entry. */
        EMPTY
    }

    /** One part of the archive: its name, its real (inflated) size, and its bytes when it is small XML worth reading. */
    public record Part(String name, long size, byte[] xml) {
    }

    /**
     * What the check found: the parts (all of them when it passes) or the refusal, with the entry it concerns (for
     * {@link Refusal#ZIP_BOMB}) and the error underneath (for {@link Refusal#DAMAGED}).
     */
    public record Result(List<Part> parts, Refusal refusal, String entry, Exception cause) {

        public boolean refused() {
            return refusal != null;
        }

        /** The part of that name (letter case ignored, as in the archive's content types), null when absent. */
        public Part part(String name) {
            return parts.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }

        static Result refusedFor(Refusal refusal, String entry, Exception cause) {
            return new Result(List.of(), refusal, entry, cause);
        }
    }

    /** Content that a workbook of values needs none of, by what it is. */
    public enum Content { MACRO, EXTERNAL_LINK, DATA_CONNECTION, EMBEDDED_OBJECT }

    /** Archive parts that hold code, links to other files or data sources, or foreign objects; by name prefix. */
    private static final Map<String, Content> FORBIDDEN_PARTS = Map.ofEntries(
            Map.entry("xl/vbaproject", Content.MACRO),
            Map.entry("xl/macrosheets/", Content.MACRO),
            Map.entry("xl/dialogsheets/", Content.MACRO),
            Map.entry("customui/", Content.MACRO),
            Map.entry("xl/externallinks/", Content.EXTERNAL_LINK),
            Map.entry("xl/connections.xml", Content.DATA_CONNECTION),
            Map.entry("xl/querytables/", Content.DATA_CONNECTION),
            Map.entry("xl/pivotcache/", Content.DATA_CONNECTION),
            Map.entry("xl/embeddings/", Content.EMBEDDED_OBJECT),
            Map.entry("xl/activex/", Content.EMBEDDED_OBJECT),
            Map.entry("xl/ctrlprops/", Content.EMBEDDED_OBJECT));
    private static final Pattern EXTERNAL_RELATIONSHIP = Pattern.compile("<Relationship\\b[^>]*TargetMode=\"External\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIONSHIP_TYPE = Pattern.compile("Type=\"([^\"]*)\"");

    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
    /** Small XML parts read whole, to look for a macro-enabled content type and external relationships. */
    private static final long SMALL_XML = 1024 * 1024;

    private XlsxArchive() {
    }

    /** Checks a workbook held in memory, reading its entries as a stream, as POI reads a workbook from bytes. */
    public static Result check(byte[] bytes, Limits limits) {
        Result kind = kind(bytes.length < 4 ? bytes : java.util.Arrays.copyOf(bytes, 4));
        if (kind != null) {
            return kind;
        }
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.name(), false, true)) {
            Counter counter = new Counter(limits);
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                Result refused = counter.entry(entry, zip, zip::getCompressedCount);
                if (refused != null) {
                    return refused;
                }
            }
            return counter.result();
        } catch (IOException | RuntimeException e) {
            return Result.refusedFor(Refusal.DAMAGED, null, e);
        }
    }

    /**
     * Checks a workbook on disk through its central directory, the entries POI's {@code OPCPackage.open(File)} reads,
     * inflating each (so that data a central directory hides behind a small declared size is still counted).
     */
    public static Result check(Path file, Limits limits) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Result kind = kind(in.readNBytes(4));
            if (kind != null) {
                return kind;
            }
        } catch (IOException e) {
            return Result.refusedFor(Refusal.DAMAGED, null, e);
        }
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            Counter counter = new Counter(limits);
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            for (ZipArchiveEntry entry : Collections.list(entries)) {
                try (InputStream in = zip.getInputStream(entry)) {
                    Result refused = counter.entry(entry, in, () -> in instanceof InputStreamStatistics s ? s.getCompressedCount()
                            : Math.max(0, entry.getCompressedSize()));
                    if (refused != null) {
                        return refused;
                    }
                }
            }
            return counter.result();
        } catch (IOException | RuntimeException e) {
            return Result.refusedFor(Refusal.DAMAGED, null, e);
        }
    }

    /** An OLE2 file or no zip at all, told from the first bytes; null for what may be a zip archive. */
    private static Result kind(byte[] head) {
        if (head.length >= 4 && head[0] == OLE2[0] && head[1] == OLE2[1] && head[2] == OLE2[2] && head[3] == OLE2[3]) {
            return Result.refusedFor(Refusal.OLD_FORMAT, null, null);
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            return Result.refusedFor(Refusal.NOT_ZIP, null, null);
        }
        return null;
    }

    /** The running count over the entries of one archive. */
    private static final class Counter {
        private final Limits limits;
        private final List<Part> parts = new ArrayList<>();
        private final byte[] buffer = new byte[64 * 1024];
        private long total;
        private int entries;

        Counter(Limits limits) {
            this.limits = limits;
        }

        /** Inflates one entry to its end, counting; a refusal, or null when the archive may go on. */
        Result entry(ZipArchiveEntry entry, InputStream in, java.util.function.LongSupplier compressed) throws IOException {
            entries++;
            if (entries > limits.maxEntries()) {
                return Result.refusedFor(Refusal.TOO_MANY_ENTRIES, null, null);
            }
            if (entry.isDirectory()) {
                return null;
            }
            String lower = entry.getName().toLowerCase(Locale.ROOT);
            boolean keep = lower.endsWith(".rels") || lower.equals("[content_types].xml");
            ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
            long entrySize = 0;
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                if (kept != null && kept.size() < SMALL_XML) {
                    kept.write(buffer, 0, n);
                }
                entrySize += n;
                total += n;
                if (total > limits.maxUncompressedBytes()) {
                    return Result.refusedFor(Refusal.TOO_LARGE, entry.getName(), null);
                }
                if (entrySize > limits.inflateRatioFrom() && entrySize > (long) limits.maxInflateRatio() * Math.max(1, compressed.getAsLong())) {
                    return Result.refusedFor(Refusal.ZIP_BOMB, entry.getName(), null);
                }
            }
            parts.add(new Part(entry.getName(), entrySize, kept == null ? null : kept.toByteArray()));
            return null;
        }

        Result result() {
            if (entries == 0) {
                return Result.refusedFor(Refusal.EMPTY, null, null);
            }
            return new Result(List.copyOf(parts), null, null, null);
        }
    }

    /** What a part holds that a workbook of values needs none of, told from its name; null for an ordinary part. */
    public static Content forbidden(String partName) {
        String lower = partName.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Content> forbidden : FORBIDDEN_PARTS.entrySet()) {
            if (lower.startsWith(forbidden.getKey())) {
                return forbidden.getValue();
            }
        }
        return null;
    }

    /** Whether the content types part declares a macro-enabled workbook (an {@code .xlsm} saved under another name). */
    public static boolean macroEnabled(Part part) {
        return part.xml() != null && part.name().equalsIgnoreCase("[Content_Types].xml")
                && new String(part.xml(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("macroenabled");
    }

    /**
     * How many relationships of a {@code .rels} part point outside the workbook, hyperlinks left out (a hyperlink
     * opens in a browser when clicked; any other external target is content from elsewhere).
     */
    public static int externalRelationships(Part part) {
        if (part.xml() == null || !part.name().toLowerCase(Locale.ROOT).endsWith(".rels")) {
            return 0;
        }
        int count = 0;
        Matcher external = EXTERNAL_RELATIONSHIP.matcher(new String(part.xml(), StandardCharsets.UTF_8));
        while (external.find()) {
            Matcher type = RELATIONSHIP_TYPE.matcher(external.group());
            if (!(type.find() && type.group(1).endsWith("/hyperlink"))) {
                count++;
            }
        }
        return count;
    }
}
