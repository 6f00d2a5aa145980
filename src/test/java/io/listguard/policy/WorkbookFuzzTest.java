package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzing the policy checks with damaged workbooks: a bundled workbook's bytes flipped, overwritten, truncated or
 * extended, its zip entries dropped, or the XML inside an entry mutated and zipped again. Whatever the damage, the
 * template lock (and, for a workbook it lets through, the compiler) answers problems naming the file, in plain
 * words; no exception escapes.
 */
class WorkbookFuzzTest {

    private static final int TRIES = 150;
    private static final String[] WORKBOOKS = {"consent-regime.xlsx", "record-rules.xlsx", "campaign-obligations.xlsx", "list-quality.xlsx"};
    private static PolicySet bundled;
    private static TemplateLock lock;
    private static final Map<String, byte[]> ORIGINALS = new LinkedHashMap<>();
    private static final AtomicInteger COMPILED = new AtomicInteger();
    /** Compiling takes seconds: the few damaged workbooks that pass the lock are compiled, up to this many. */
    private static final int MAX_COMPILES = 2;

    @BeforeAll
    static void load() {
        bundled = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        lock = new TemplateLock(bundled);
        for (String file : WORKBOOKS) {
            ORIGINALS.put(file, WorkbookGuardTest.bundled(file));
        }
    }

    @AfterAll
    static void report() {
        System.out.println("WorkbookFuzzTest: " + COMPILED.get() + " damaged workbook(s) passed the template lock; the first "
                + Math.min(COMPILED.get(), MAX_COMPILES) + " were compiled");
    }

    static LongStream seeds() {
        return Fuzz.seeds("workbook", TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDamagedWorkbookIsReportedNamingTheFileAndNothingEscapes(long seed) throws IOException {
        Random random = new Random(seed);
        String file = WORKBOOKS[random.nextInt(WORKBOOKS.length)];
        String name = "policies/" + file;
        byte[] damaged = damage(ORIGINALS.get(file), random);
        PolicySet candidate = bundled.with(List.of(new PolicySource(name, damaged)));

        List<PolicyProblem> problems = lock.check(candidate);

        for (PolicyProblem p : problems) {
            assertThat(p.message()).as("a problem's message").isNotBlank();
            assertThat(p.describe()).as("in plain words").doesNotContainPattern("\\b(?:java|javax|org\\.apache|tools\\.jackson)\\.[a-z]+\\.")
                    .doesNotContain("\tat ");
        }
        if (!problems.isEmpty()) {
            assertThat(problems).as("the problems of a damaged %s", file).anyMatch(p -> p.source().equals(name));
            return;
        }
        if (COMPILED.incrementAndGet() > MAX_COMPILES) {
            return;
        }
        try {
            new PolicyCompiler().compile(candidate, "fuzz");
        } catch (PolicyCompilationException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message()).isNotBlank());
        }
    }

    /** One to three kinds of damage, at the byte level or inside the archive. */
    static byte[] damage(byte[] original, Random random) throws IOException {
        byte[] bytes = original;
        int kind = random.nextInt(10);
        if (kind < 4) {
            for (int k = random.nextInt(3); k >= 0; k--) {
                bytes = Fuzz.mutate(bytes, random);
            }
            return bytes;
        }
        Map<String, byte[]> entries = unzip(bytes);
        List<String> names = new ArrayList<>(entries.keySet());
        String target = names.get(random.nextInt(names.size()));
        if (kind < 9) {
            // the XML of one part, mutated and zipped again: a well-formed zip with broken or odd content
            String xml = new String(entries.get(target), StandardCharsets.UTF_8);
            for (int k = random.nextInt(5); k >= 0; k--) {
                xml = Fuzz.mutate(xml, random);
            }
            entries.put(target, xml.getBytes(StandardCharsets.UTF_8));
        } else {
            entries.remove(target);
        }
        return zip(entries);
    }

    static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
        return out.toByteArray();
    }
}
