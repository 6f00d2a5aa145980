package io.listguard.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kie.api.KieBase;

/**
 * An immutable, ready-to-run policy: the KieBase compiled once from a {@link PolicySet}, and the origin of each
 * of its rules. Shared by every evaluation that runs under this version; never compiled per request.
 */
public final class CompiledPolicy {

    /** A policy file and the number of rules it contributed. */
    public record FileSummary(String name, int rules) {
    }

    private final String versionId;
    private final PolicySet policySet;
    private final KieBase kieBase;
    private final Map<String, RuleOrigin> origins;
    private final List<FileSummary> files;
    private final Instant compiledAt;
    private final Map<String, String> generatedDrl;
    private final boolean fromCache;

    CompiledPolicy(String versionId, PolicySet policySet, KieBase kieBase, Map<String, RuleOrigin> origins,
                   List<FileSummary> files, Instant compiledAt, Map<String, String> generatedDrl) {
        this(versionId, policySet, kieBase, origins, files, compiledAt, generatedDrl, false);
    }

    CompiledPolicy(String versionId, PolicySet policySet, KieBase kieBase, Map<String, RuleOrigin> origins,
                   List<FileSummary> files, Instant compiledAt, Map<String, String> generatedDrl, boolean fromCache) {
        this.versionId = versionId;
        this.policySet = policySet;
        this.kieBase = kieBase;
        this.origins = Map.copyOf(origins);
        this.files = List.copyOf(files);
        this.compiledAt = compiledAt;
        this.generatedDrl = Map.copyOf(generatedDrl);
        this.fromCache = fromCache;
    }

    /** The same compiled rule base under another version id (a candidate becomes version vN once stored). */
    public CompiledPolicy as(String newVersionId) {
        return new CompiledPolicy(newVersionId, policySet, kieBase, origins, files, compiledAt, generatedDrl, fromCache);
    }

    /**
     * The DRL Drools generated from each workbook sheet, by "file#sheet" (e.g. {@code policies/list-quality.xlsx#Prices}):
     * what was compiled, for audits and for the tests proving that only checked values reach it.
     */
    public Map<String, String> generatedDrl() {
        return generatedDrl;
    }

    public String versionId() {
        return versionId;
    }

    public String hash() {
        return policySet.hash();
    }

    public PolicySet policySet() {
        return policySet;
    }

    /** The shared, thread-safe rule base: reached from the evaluation internals only through {@link RuleBaseAccess}. */
    KieBase kieBase() {
        return kieBase;
    }

    public Optional<RuleOrigin> origin(String ruleName) {
        return Optional.ofNullable(origins.get(ruleName));
    }

    public Map<String, RuleOrigin> origins() {
        return origins;
    }

    public List<FileSummary> files() {
        return files;
    }

    /** When the rules were compiled: for a policy loaded from the {@link CompiledPolicyCache}, when its entry was compiled. */
    public Instant compiledAt() {
        return compiledAt;
    }

    /** True when the rule base was loaded from the {@link CompiledPolicyCache} rather than compiled by this process. */
    public boolean fromCache() {
        return fromCache;
    }
}
