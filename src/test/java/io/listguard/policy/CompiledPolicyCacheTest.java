package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled policy cache: a policy loaded from it must answer exactly as the policy compiled from its files, and
 * anything wrong with the cache (another key, a damaged or tampered file, a class it must not hold) must end in a
 * compilation, never in a failure or in rules that were not checked.
 */
class CompiledPolicyCacheTest {

    private static final String BUILD = "test-build";
    private static final ClassLoader LOADER = CompiledPolicyCacheTest.class.getClassLoader();

    @TempDir
    static Path shared;
    static PolicySet set;
    static CompiledPolicy compiled;
    static String key;
    static byte[] entry;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileOnceIntoTheCache() throws IOException {
        set = BundledPolicy.policySet();
        CompiledPolicyCache cache = new CompiledPolicyCache(shared.resolve("cache"), 8, BUILD);
        compiled = new PolicyCompiler().withCache(cache).compile(set, "v7");
        assertThat(compiled.fromCache()).isFalse();
        key = cache.keyOf(set.hash(), WorkbookGuard.Limits.DEFAULTS);
        entry = Files.readAllBytes(cache.fileOf(key));
    }

    private CompiledPolicyCache cacheWithTheEntry() throws IOException {
        CompiledPolicyCache cache = new CompiledPolicyCache(dir, 8, BUILD);
        Files.write(cache.fileOf(key), entry);
        return cache;
    }

    private static EvaluationResult sample(CompiledPolicy policy) throws IOException {
        EvaluationRequest request = JsonMapper.builder().build()
                .readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
        return new Evaluator(policy).evaluate(request, "ev-1", java.util.Set.of());
    }

    @Test
    void aCachedPolicyAnswersExactlyAsTheCompiledOneWithTheSameTrace() throws IOException {
        CompiledPolicy cached = new PolicyCompiler().withCache(cacheWithTheEntry()).compile(set, "v9");

        assertThat(cached.fromCache()).isTrue();
        assertThat(cached.versionId()).isEqualTo("v9");
        assertThat(cached.hash()).isEqualTo(compiled.hash());
        assertThat(cached.origins()).isEqualTo(compiled.origins()).hasSizeGreaterThan(60);
        assertThat(cached.generatedDrl()).isEqualTo(compiled.generatedDrl()).isNotEmpty();
        assertThat(cached.files()).isEqualTo(compiled.files());
        assertThat(cached.compiledAt()).isEqualTo(compiled.compiledAt());
        assertThat(new Evaluator(cached).catalogue()).isEqualTo(new Evaluator(compiled).catalogue());

        EvaluationResult fresh = sample(compiled.as("v9"));
        EvaluationResult fromCache = sample(cached);
        assertThat(fresh.trace()).isNotEmpty();
        assertThat(fresh.summary().excluded()).isPositive();
        // everything but the instant of evaluation: decision, findings, verdicts, the trace with each rule's origin
        assertThat(fromCache).usingRecursiveComparison().ignoringFields("evaluatedAt").isEqualTo(fresh);
        assertThat(fromCache.trace()).isEqualTo(fresh.trace());
    }

    @Test
    void anotherPolicyOrOtherLimitsOrAnotherBuildIsAnotherKey() throws IOException {
        CompiledPolicyCache cache = cacheWithTheEntry();
        PolicySource decision = set.source("rules/decision.drl").orElseThrow();
        PolicySet edited = set.with(List.of(new PolicySource(decision.name(),
                (new String(decision.bytes(), StandardCharsets.UTF_8) + "\n// edited\n").getBytes(StandardCharsets.UTF_8))));
        String otherPolicy = cache.keyOf(edited.hash(), WorkbookGuard.Limits.DEFAULTS);
        var limits = WorkbookGuard.Limits.DEFAULTS;
        String otherLimits = cache.keyOf(set.hash(), new WorkbookGuard.Limits(limits.maxUncompressedBytes() / 2, limits.maxInflateRatio(),
                limits.inflateRatioFrom(), limits.maxEntries(), limits.maxRows(), limits.maxColumns(), limits.maxMergedRegions()));
        String otherBuild = new CompiledPolicyCache(dir, 8, "another-build").keyOf(set.hash(), limits);

        assertThat(List.of(otherPolicy, otherLimits, otherBuild)).doesNotContain(key).doesNotHaveDuplicates();
        assertThat(cache.read(otherPolicy, LOADER)).isEmpty();
        assertThat(cache.read(otherLimits, LOADER)).isEmpty();
        assertThat(cache.read(key, LOADER)).isPresent();
    }

    @Test
    void anEntryFiledUnderAnotherKeyIsNotUsed() throws IOException {
        CompiledPolicyCache cache = new CompiledPolicyCache(dir, 8, BUILD);
        String other = cache.keyOf("sha256:" + "0".repeat(64), WorkbookGuard.Limits.DEFAULTS);
        Files.write(cache.fileOf(other), entry);

        assertThat(cache.read(other, LOADER)).isEmpty();
    }

    @Test
    void aDamagedFileIsCompiledAgainAndRewritten() throws IOException {
        CompiledPolicyCache cache = cacheWithTheEntry();
        Files.write(cache.fileOf(key), java.util.Arrays.copyOf(entry, entry.length / 2));

        CompiledPolicy policy = new PolicyCompiler().withCache(cache).compile(set, "v8");

        assertThat(policy.fromCache()).isFalse();
        assertThat(policy.origins()).isEqualTo(compiled.origins());
        assertThat(Files.size(cache.fileOf(key))).isEqualTo(entry.length);
        assertThat(cache.read(key, LOADER)).isPresent();
    }

    @Test
    void aContentWhoseChecksumDoesNotMatchIsRefused() throws IOException {
        CompiledPolicyCache cache = new CompiledPolicyCache(dir, 8, BUILD);
        byte[] tampered = entry.clone();
        tampered[tampered.length - 100] ^= 0x01; // a byte of the compiled rules
        Files.write(cache.fileOf(key), tampered);
        assertThat(cache.read(key, LOADER)).isEmpty();

        byte[] badSum = entry.clone();
        int sha = 2 + "listguard-compiled-policy-1".length() + 2 + key.length(); // after the two UTF strings
        badSum[sha] ^= 0x01;
        Files.write(cache.fileOf(key), badSum);
        assertThat(cache.read(key, LOADER)).isEmpty();
    }

    /** A class outside the allow-list whose reading would be noticed. */
    static final class Gadget implements Serializable {
        static volatile boolean read;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            read = true;
            in.defaultReadObject();
        }
    }

    @Test
    void theAllowListRefusesAClassThatRulesDoNotUse() throws IOException {
        CompiledPolicyCache cache = new CompiledPolicyCache(dir, 8, BUILD);
        // a well-formed entry with a correct checksum, as someone able to write the directory could make
        cache.writeBody(key, CompiledPolicyCache.encode(List.of(new Gadget()), Map.of(), Map.of(), Instant.now()));
        assertThat(cache.read(key, LOADER)).isEmpty();
        assertThat(Gadget.read).isFalse();

        cache.writeBody(key, CompiledPolicyCache.encode(List.of(new java.io.File("/etc/passwd")), Map.of(), Map.of(), Instant.now()));
        assertThat(cache.read(key, LOADER)).isEmpty();

        cache.writeBody(key, CompiledPolicyCache.encode(List.of(), Map.of(), Map.of(), Instant.now()));
        assertThat(cache.read(key, LOADER)).as("an entry of allowed classes is read").isPresent();
    }

    @Test
    void atMostEightEntriesAreKeptTheLeastRecentlyUsedGoFirst() throws IOException {
        CompiledPolicyCache cache = new CompiledPolicyCache(dir, 8, BUILD);
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        List<String> keys = java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> cache.keyOf("sha256:" + i, WorkbookGuard.Limits.DEFAULTS)).toList();
        byte[] empty = CompiledPolicyCache.encode(List.of(), Map.of(), Map.of(), Instant.now());
        for (int i = 0; i < 8; i++) {
            cache.writeBody(keys.get(i), empty);
            Files.setLastModifiedTime(cache.fileOf(keys.get(i)), FileTime.from(anHourAgo.plusSeconds(i)));
        }
        assertThat(cache.read(keys.get(0), LOADER)).isPresent(); // used now: the second entry is the oldest

        cache.writeBody(keys.get(8), empty);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(CompiledPolicyCache.SUFFIX))).hasSize(8);
        }
        assertThat(cache.fileOf(keys.get(1))).doesNotExist();
        assertThat(cache.fileOf(keys.get(0))).exists();
        assertThat(cache.fileOf(keys.get(8))).exists();
    }
}
