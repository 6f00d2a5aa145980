package io.listguard.spark;

import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.CompiledPolicyCache;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy files of a job, shipped once to every executor (a Spark broadcast), with the hash the driver computed:
 * each executor compiles them once, checks that what it compiled has that hash, and keeps the {@link Evaluator} for
 * every task of the job it runs. Never compiled per record or per task.
 */
final class PolicyBundle implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The compiled policies of this executor's JVM, by policy hash. */
    private static final Map<String, Evaluator> COMPILED = new ConcurrentHashMap<>();

    private final List<String> names;
    private final List<byte[]> contents;
    private final String hash;
    private final String versionId;

    PolicyBundle(PolicySet policies, String versionId) {
        this.names = new ArrayList<>();
        this.contents = new ArrayList<>();
        for (PolicySource source : policies.sources()) {
            names.add(source.name());
            contents.add(source.content());
        }
        this.hash = policies.hash();
        this.versionId = versionId;
    }

    /** Whether this JVM's compile was loaded from the cache (for the driver's message). */
    private static volatile boolean fromCache;

    static boolean loadedFromCache() {
        return fromCache;
    }

    String hash() {
        return hash;
    }

    String versionId() {
        return versionId;
    }

    /** This JVM's evaluator of the bundle: compiled by the first task that needs it, then shared. */
    Evaluator evaluator() {
        return COMPILED.computeIfAbsent(hash, h -> compile());
    }

    private Evaluator compile() {
        List<PolicySource> sources = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            sources.add(new PolicySource(names.get(i), contents.get(i)));
        }
        PolicySet policies = new PolicySet(sources);
        if (!policies.hash().equals(hash)) {
            throw new IllegalStateException("the policy files received hash to " + policies.hash() + ", the driver sent " + hash);
        }
        // the CLI's cache (LISTGUARD_CACHE_DIR, else the user's cache directory): a policy compiled before loads in a fraction
        // of the compile time, on the driver and on each executor
        PolicyCompiler compiler = new PolicyCompiler(PolicyBundle.class.getClassLoader())
                .withCache(new CompiledPolicyCache(CompiledPolicyCache.defaultDirectory(System.getenv())));
        CompiledPolicy compiled = compiler.compile(policies, versionId);
        fromCache = compiled.fromCache();
        return new Evaluator(compiled);
    }
}
