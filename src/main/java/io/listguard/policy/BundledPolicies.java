package io.listguard.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The policies shipped in the jar under {@code bundled/} (copied from rules/, policies/ and policies/scenarios/
 * at build time): version 1 on first start, and the template whose headers every upload must keep. The build
 * writes {@code bundled/index.txt}, one file a line (e.g. {@code policies/consent-regime.xlsx}), and the files it
 * lists are read from the class path: plain Java, no class-path scanning.
 */
public final class BundledPolicies {

    static final String INDEX = "bundled/index.txt";

    private BundledPolicies() {
    }

    public static PolicySet load() {
        return load(BundledPolicies.class.getClassLoader());
    }

    static PolicySet load(ClassLoader classLoader) {
        List<PolicySource> sources = new ArrayList<>();
        for (String name : index(classLoader)) {
            try (InputStream in = classLoader.getResourceAsStream("bundled/" + name)) {
                if (in == null) {
                    throw new IllegalStateException(INDEX + " lists " + name + " but bundled/" + name + " is not on the class path");
                }
                sources.add(new PolicySource(name, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (sources.stream().noneMatch(s -> s.kind() != PolicySource.Kind.SCENARIO)) {
            throw new IllegalStateException("no bundled policies on the classpath (bundled/rules, bundled/policies)");
        }
        return new PolicySet(sources);
    }

    /** The bundled files, as the build listed them: {@code rules/…}, {@code policies/…}, {@code policies/scenarios/…}. */
    static List<String> index(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("no bundled policies on the classpath (" + INDEX + " is missing: build with Maven)");
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String name = line.strip().replace('\\', '/');
                    if (!name.isEmpty() && !name.startsWith("#")) {
                        if (name.contains("..") || name.startsWith("/")) {
                            throw new IllegalStateException(INDEX + " lists a path outside bundled/: " + name);
                        }
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
