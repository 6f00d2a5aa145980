package io.listguard.config;

import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The policies shipped in the jar under {@code bundled/} (copied from rules/, policies/ and policies/scenarios/
 * at build time): version 1 on first start, and the template whose headers every upload must keep.
 */
public final class BundledPolicies {

    private BundledPolicies() {
    }

    public static PolicySet load() {
        List<PolicySource> sources = new ArrayList<>();
        sources.addAll(read("rules", "*.drl"));
        sources.addAll(read("policies", "*.xlsx"));
        sources.addAll(read("policies/scenarios", "*.json"));
        sources.addAll(read("policies/scenarios", "*.xlsx"));
        if (sources.stream().noneMatch(s -> s.kind() != PolicySource.Kind.SCENARIO)) {
            throw new IllegalStateException("no bundled policies on the classpath (bundled/rules, bundled/policies)");
        }
        return new PolicySet(sources);
    }

    private static List<PolicySource> read(String folder, String pattern) {
        List<PolicySource> sources = new ArrayList<>();
        var resolver = new PathMatchingResourcePatternResolver(BundledPolicies.class.getClassLoader());
        try {
            for (Resource resource : resolver.getResources("classpath*:bundled/" + folder + "/" + pattern)) {
                try (InputStream in = resource.getInputStream()) {
                    sources.add(new PolicySource(folder + "/" + resource.getFilename(), in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }
}
