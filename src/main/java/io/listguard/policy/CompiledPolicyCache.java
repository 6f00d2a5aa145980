package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled policies kept on disk, so that the same policy is compiled once, not at every start of the CLI or the
 * service. An entry holds the compiled knowledge packages (Drools' own object streams: since Drools 8 a whole
 * KieBase cannot be serialised, its packages can, and a KieBase is rebuilt from them without compiling DRL or
 * decision tables again) and what the compiler derived from the sources besides the rules: the origin of every rule
 * and the DRL generated from each sheet.
 *
 * <p>An entry is found by a key that covers everything its content depends on: the policy hash, the build (every
 * class and library of this listguard, so that a rule compiled against other fact classes is never loaded), the
 * Java version and the workbook limits the guard checked the sources with. Each file carries the SHA-256 of its
 * content, checked on read; writes are atomic (a temporary file moved into place); reading refuses every class
 * outside an allow-list (an {@link ObjectInputFilter}), so that a tampered file cannot instantiate arbitrary
 * classes; at most {@value #DEFAULT_MAX_ENTRIES} entries are kept, the oldest removed. The cache is an
 * optimisation only: any problem with it (unreadable, corrupt, another key) is logged and the policy is compiled
 * and the entry written again; it never fails a compilation.
 *
 * <p>The cache directory must be writable by its user only (it is created with owner-only permissions): the
 * compiled rules hold bytecode, and someone who can write a matching entry with a matching checksum could make it
 * run. The checksum guards against corruption, the allow-list against deserialisation gadgets.
 */
public final class CompiledPolicyCache {

    private static final Logger log = LoggerFactory.getLogger(CompiledPolicyCache.class);
    static final int DEFAULT_MAX_ENTRIES = 8;
    private static final String MAGIC = "listguard-compiled-policy-1";
    static final String SUFFIX = ".policy";

    /**
     * The classes a cache file may hold: Drools' rule structures, the JDK's collections and boxed values, arrays of
     * them, and the listguard types the rules refer to (the domain's enums, the facts and the {@code out} global's
     * class). Anything else is refused before it is instantiated. A rule contract moved to another package would
     * only make every read fall back to compiling (CompiledPolicyCacheTest notices).
     */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(String.join(";",
            "maxdepth=200", "maxrefs=2000000", "maxarray=100000000",
            "org.drools.**", "org.kie.api.**", "org.kie.internal.**", "org.mvel2.**",
            "io.listguard.domain.*", "io.listguard.rules.**", "io.listguard.evaluation.**",
            "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.String",
            "java.lang.Enum", "java.lang.Object", "java.lang.Class", "java.math.BigDecimal", "java.math.BigInteger",
            "java.util.*", "java.util.concurrent.*", "java.util.concurrent.atomic.*", "java.util.concurrent.locks.*",
            "java.time.*", "!*"));

    /** What an entry gives back: the packages to build a KieBase from, and the compiler's other products. */
    record Entry(Collection<KiePackage> packages, Map<String, RuleOrigin> origins, Map<String, String> generatedDrl,
                 Instant compiledAt) {
    }

    private final Path dir;
    private final int maxEntries;
    private final String build;

    public CompiledPolicyCache(Path dir) {
        this(dir, DEFAULT_MAX_ENTRIES, BuildFingerprint.INSTANCE.get());
    }

    /** @param build what identifies the code the rules are compiled against; tests pass their own */
    CompiledPolicyCache(Path dir, int maxEntries, String build) {
        this.dir = dir;
        this.maxEntries = maxEntries;
        this.build = build;
    }

    public Path directory() {
        return dir;
    }

    /** The environment variable that names the cache directory of the commands (the CLI, the Spark job). */
    public static final String ENV = "LISTGUARD_CACHE_DIR";

    /**
     * Where a command keeps compiled policies when no option says: {@value #ENV}, else {@code $XDG_CACHE_HOME/listguard},
     * else {@code ~/.cache/listguard}.
     */
    public static Path defaultDirectory(java.util.Map<String, String> env) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "listguard");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "listguard");
    }

    /** The key of a policy compiled under these workbook limits, by this build on this Java. */
    String keyOf(String policyHash, WorkbookGuard.Limits limits) {
        return sha256((policyHash + "\n" + build + "\njava " + Runtime.version() + " " + System.getProperty("java.vendor")
                + "\nlimits " + limits).getBytes(StandardCharsets.UTF_8));
    }

    Path fileOf(String key) {
        return dir.resolve(key.substring(0, 40) + SUFFIX);
    }

    /** The entry of this key, or empty (and a log line) when there is none that can be trusted. */
    Optional<Entry> read(String key, ClassLoader classLoader) {
        Path file = fileOf(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a listguard cache file");
            }
            String storedKey = in.readUTF();
            if (!storedKey.equals(key)) {
                throw new IOException("written for another key");
            }
            byte[] expected = new byte[32];
            in.readFully(expected);
            int length = in.readInt();
            if (length < 0 || length > all.length) {
                throw new IOException("truncated");
            }
            byte[] body = new byte[length];
            in.readFully(body);
            if (!MessageDigest.isEqual(expected, digest(body))) {
                throw new IOException("its SHA-256 does not match its content");
            }
            Entry entry = decode(body, classLoader);
            touch(file);
            return Optional.of(entry);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            log.warn("compiled policy cache: {} cannot be used ({}); compiling the policy again", file, describe(e));
            return Optional.empty();
        }
    }

    /** Stores an entry (atomically), then removes the oldest beyond the limit. A failure is logged, never thrown. */
    void write(String key, Collection<KiePackage> packages, Map<String, RuleOrigin> origins, Map<String, String> generatedDrl,
               Instant compiledAt) {
        byte[] body;
        try {
            body = encode(new ArrayList<>(packages), origins, generatedDrl, compiledAt);
        } catch (IOException | RuntimeException e) {
            log.warn("compiled policy cache: cannot serialise policy entry {} ({}); the policy will be compiled again next time",
                    fileOf(key), describe(e));
            return;
        }
        writeBody(key, body);
    }

    /** Writes an encoded entry under its key with the checksum of {@code body}. */
    void writeBody(String key, byte[] body) {
        Path file = fileOf(key);
        Path tmp = null;
        try {
            createDirectory();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(MAGIC);
            out.writeUTF(key);
            out.write(digest(body));
            out.writeInt(body.length);
            out.write(body);
            out.flush();
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            evict();
        } catch (IOException | RuntimeException e) {
            log.warn("compiled policy cache: cannot write {} ({}); the policy will be compiled again next time", file, describe(e));
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: a stray temporary file is not read as an entry
                }
            }
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Keeps the {@code maxEntries} most recently used entries. */
    private void evict() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(dir)) {
            entries = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList());
        }
        if (entries.size() <= maxEntries) {
            return;
        }
        entries.sort(Comparator.comparing(CompiledPolicyCache::lastModified).reversed());
        for (Path old : entries.subList(maxEntries, entries.size())) {
            Files.deleteIfExists(old);
            log.info("compiled policy cache: removed the oldest entry {}", old.getFileName());
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // the entry is only evicted sooner
        }
    }

    /** @param packages the knowledge packages (tests pass other objects, to check what reading refuses) */
    static byte[] encode(List<?> packages, Map<String, RuleOrigin> origins, Map<String, String> generatedDrl,
                         Instant compiledAt) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        DataOutputStream out = new DataOutputStream(bytes);
        // the compiler's products as plain data, so that reading them instantiates no class at all
        out.writeLong(compiledAt.getEpochSecond());
        out.writeInt(compiledAt.getNano());
        out.writeInt(origins.size());
        for (RuleOrigin o : origins.values()) {
            writeString(out, o.ruleName());
            writeString(out, o.source());
            writeString(out, o.sheet());
            out.writeInt(o.row() == null ? -1 : o.row());
            writeString(out, o.cell());
            out.writeInt(o.line() == null ? -1 : o.line());
            out.writeBoolean(o.enabled());
            out.writeInt(o.metadata().size());
            for (Map.Entry<String, String> m : new java.util.TreeMap<>(o.metadata()).entrySet()) {
                writeString(out, m.getKey());
                writeString(out, m.getValue());
            }
        }
        out.writeInt(generatedDrl.size());
        for (Map.Entry<String, String> g : new java.util.TreeMap<>(generatedDrl).entrySet()) {
            writeString(out, g.getKey());
            writeString(out, g.getValue());
        }
        out.flush();
        try (DroolsObjectOutputStream drools = new DroolsObjectOutputStream(bytes)) {
            drools.writeObject(packages);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static Entry decode(byte[] body, ClassLoader classLoader) throws IOException, ClassNotFoundException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        DataInputStream in = new DataInputStream(bytes);
        Instant compiledAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        int count = in.readInt();
        Map<String, RuleOrigin> origins = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            String source = readString(in);
            String sheet = readString(in);
            int row = in.readInt();
            String cell = readString(in);
            int line = in.readInt();
            boolean enabled = in.readBoolean();
            int metas = in.readInt();
            Map<String, String> meta = new LinkedHashMap<>();
            for (int m = 0; m < metas; m++) {
                meta.put(readString(in), readString(in));
            }
            origins.put(name, new RuleOrigin(name, source, sheet, row < 0 ? null : row, cell, line < 0 ? null : line, meta, enabled));
        }
        int generatedCount = in.readInt();
        Map<String, String> generated = new LinkedHashMap<>();
        for (int i = 0; i < generatedCount; i++) {
            generated.put(readString(in), readString(in));
        }
        try (DroolsObjectInputStream drools = new DroolsObjectInputStream(bytes, classLoader)) {
            String[] refused = new String[1];
            drools.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = ALLOWED.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = info.serialClass() != null ? "class " + info.serialClass().getName()
                            : "depth " + info.depth() + ", references " + info.references() + ", array length " + info.arrayLength();
                }
                return status;
            });
            Object packages;
            try {
                packages = drools.readObject();
            } catch (java.io.InvalidClassException e) {
                throw refused[0] == null ? e : new IOException("it holds what the allow-list refuses: " + refused[0], e);
            }
            if (!(packages instanceof List<?> list) || !list.stream().allMatch(KiePackage.class::isInstance)) {
                throw new IOException("it does not hold knowledge packages");
            }
            return new Entry((List<KiePackage>) list, origins, generated, compiledAt);
        }
    }

    /** Strings may be longer than writeUTF's 64 KB (generated DRL): length and UTF-8 bytes; -1 for null. */
    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new IOException("truncated");
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /**
     * What identifies this build of listguard: a digest of every class and library it runs with. From a jar, the
     * names, sizes and CRCs of its entries (read from the jar's directory, without inflating anything); from a
     * classes directory (tests, an IDE), the bytes of its class files and the Drools jar's name. Computed once.
     */
    enum BuildFingerprint {
        INSTANCE;

        private volatile String value;

        String get() {
            String v = value;
            if (v == null) {
                v = compute();
                value = v;
            }
            return v;
        }

        private static String compute() {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            sha.update(String.valueOf(locationOf(KiePackage.class)).getBytes(StandardCharsets.UTF_8));
            sha.update(String.valueOf(locationOf(DroolsObjectInputStream.class)).getBytes(StandardCharsets.UTF_8));
            Path code = codePath(locationOf(CompiledPolicyCache.class));
            try {
                if (code == null) {
                    // unknown packaging: an identity of its own per process, so that nothing cached is ever trusted
                    sha.update(("unknown " + System.nanoTime() + " " + Math.random()).getBytes(StandardCharsets.UTF_8));
                } else if (Files.isDirectory(code)) {
                    try (Stream<Path> files = Files.walk(code)) {
                        for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                            sha.update(code.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                            sha.update(Files.readAllBytes(file));
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(code.toFile())) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            JarEntry entry = entries.nextElement();
                            sha.update((entry.getName() + " " + entry.getSize() + " " + entry.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(sha.digest());
        }

        private static URL locationOf(Class<?> type) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null ? null : source.getLocation();
        }

        /**
         * The file or directory behind a code location: {@code file:/…/classes/}, {@code file:/…/x.jar}, or a
         * Spring Boot nested location {@code jar:nested:/…/listguard.jar/!BOOT-INF/classes/!/} (the outer jar).
         */
        static Path codePath(URL location) {
            if (location == null) {
                return null;
            }
            String text = location.toString();
            try {
                if (text.startsWith("file:")) {
                    return Path.of(URI.create(text));
                }
                for (String prefix : Set.of("jar:nested:", "nested:")) {
                    if (text.startsWith(prefix)) {
                        String rest = text.substring(prefix.length());
                        int end = rest.indexOf("/!");
                        return Path.of(java.net.URLDecoder.decode(end < 0 ? rest : rest.substring(0, end), StandardCharsets.UTF_8));
                    }
                }
                if (text.startsWith("jar:file:")) {
                    String rest = text.substring("jar:".length());
                    int end = rest.indexOf("!/");
                    return Path.of(URI.create(end < 0 ? rest : rest.substring(0, end)));
                }
            } catch (RuntimeException e) {
                return null;
            }
            return null;
        }
    }
}
