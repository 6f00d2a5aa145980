package io.listguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The complete set of files that make one policy: DRL rules, decision-table workbooks and the scenarios that test
 * them. Its hash covers every rule file's name and bytes, so two evaluations that cite the same hash ran under the
 * same law.
 */
public final class PolicySet {

    private final List<PolicySource> sources;
    private final String hash;

    public PolicySet(List<PolicySource> sources) {
        List<PolicySource> sorted = new ArrayList<>(sources);
        sorted.sort(Comparator.comparing(PolicySource::name));
        this.sources = List.copyOf(sorted);
        // the hash names the law applied: rules and workbooks, not the scenarios that test them
        this.hash = "sha256:" + digest(this.sources.stream().filter(s -> s.kind() != PolicySource.Kind.SCENARIO).toList());
    }

    /**
     * Reads {@code *.drl} files from the rules directory, {@code *.xlsx} workbooks from the policies directory and
     * {@code *.json} scenarios and {@code *.xlsx} scenario workbooks from its {@code scenarios} folder. Office lock
     * files are skipped.
     */
    public static PolicySet fromDirectories(Path rulesDir, Path policiesDir) {
        List<PolicySource> sources = new ArrayList<>();
        sources.addAll(readDirectory(rulesDir, "rules", ".drl"));
        sources.addAll(readDirectory(policiesDir, "policies", ".xlsx"));
        Path scenarios = policiesDir.resolve("scenarios");
        if (Files.isDirectory(scenarios)) {
            sources.addAll(readDirectory(scenarios, "policies/scenarios", ".json"));
            sources.addAll(readDirectory(scenarios, "policies/scenarios", ".xlsx"));
        }
        return new PolicySet(sources);
    }

    /** The most a policy zip may hold once inflated ({@link #fromZip(InputStream)}): far above any real policy. */
    public static final long MAX_ZIP_BYTES = 256L << 20;

    private static final java.util.regex.Pattern ZIP_ENTRY = java.util.regex.Pattern.compile(
            "rules/[^/\\\\]+\\.drl|policies/[^/\\\\]+\\.xlsx|policies/scenarios/[^/\\\\]+\\.(json|xlsx)");

    /**
     * Reads a policy version as a zip ({@code GET /api/v1/policies/versions/{id}/export}, or {@link #writeZip}): its
     * {@code rules/*.drl} and {@code policies/*.xlsx} (and scenarios, if any, under {@code policies/scenarios/}) at the
     * relative paths {@link #fromDirectories} gives them, so that {@link #hash()} equals the stored version's hash
     * ({@code X-Listguard-Policy-Hash}). Plain Java, for a job that compiles the policy itself (a Spark driver).
     *
     * @throws IllegalArgumentException for an entry at another path, a repeated entry, an empty zip, or more than
     *                                  {@link #MAX_ZIP_BYTES} once inflated
     */
    public static PolicySet fromZip(InputStream zip) throws IOException {
        return fromZip(zip, MAX_ZIP_BYTES);
    }

    /** As {@link #fromZip(InputStream)}, with another limit of the inflated size. */
    public static PolicySet fromZip(InputStream zip, long maxBytes) throws IOException {
        Map<String, PolicySource> sources = new LinkedHashMap<>();
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(zip, StandardCharsets.UTF_8)) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!ZIP_ENTRY.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a file of a policy: " + name);
                }
                java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    total += n;
                    if (total > maxBytes) {
                        throw new IllegalArgumentException("the policy zip holds more than " + maxBytes + " bytes");
                    }
                    content.write(buffer, 0, n);
                }
                if (sources.put(name, new PolicySource(name, content.toByteArray())) != null) {
                    throw new IllegalArgumentException("the policy zip holds " + name + " twice");
                }
            }
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("the policy zip holds no policy file");
        }
        return new PolicySet(new ArrayList<>(sources.values()));
    }

    /** Writes the rule files (workbooks and DRL, not the scenarios) as the zip {@link #fromZip} reads; {@code out} is not closed. */
    public void writeZip(java.io.OutputStream out) throws IOException {
        java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out, StandardCharsets.UTF_8);
        for (PolicySource source : ruleSources()) {
            java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(source.name());
            entry.setTime(0); // the same version gives the same bytes
            zip.putNextEntry(entry);
            zip.write(source.bytes());
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /** This set with some files replaced or added (same name replaces): an upload carries the others over. */
    public PolicySet with(List<PolicySource> changed) {
        Map<String, PolicySource> byName = new LinkedHashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        changed.forEach(s -> byName.put(s.name(), s));
        return new PolicySet(new ArrayList<>(byName.values()));
    }

    public Optional<PolicySource> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The rule files (workbooks and DRL), without the scenarios. */
    public List<PolicySource> ruleSources() {
        return sources.stream().filter(s -> s.kind() != PolicySource.Kind.SCENARIO).toList();
    }

    public List<PolicySource> scenarios() {
        return sources.stream().filter(s -> s.kind() == PolicySource.Kind.SCENARIO).toList();
    }

    private static List<PolicySource> readDirectory(Path dir, String prefix, String suffix) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("policy directory not found: " + dir.toAbsolutePath()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().startsWith("~$") && !p.getFileName().toString().startsWith(".~lock"))
                    .sorted()
                    .map(p -> new PolicySource(prefix + "/" + p.getFileName(), readAll(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<PolicySource> sources() {
        return sources;
    }

    public String hash() {
        return hash;
    }

    /** A short id derived from the hash, for versions that have no other name yet. */
    public String contentId() {
        return hash.substring("sha256:".length(), "sha256:".length() + 12);
    }

    private static String digest(List<PolicySource> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PolicySource source : sources) {
                sha.update(source.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(source.bytes());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
