package io.listguard.policy;

import java.io.IOException;
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
