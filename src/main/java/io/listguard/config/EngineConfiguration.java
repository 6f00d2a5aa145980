package io.listguard.config;

import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.SuppressionList;
import io.listguard.lifecycle.PolicyDirectoryWatcher;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyVersions;
import io.listguard.policy.BundledPolicies;
import io.listguard.policy.CompiledPolicyCache;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import io.listguard.policy.WorkbookGuard;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Spring-free evaluation core. At start-up the active policy version is compiled once (the bundled
 * policies become version 1 on first start) and shared with every request; a policy that does not compile stops
 * start-up with its file, sheet and cell.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ListguardProperties.class, LimitsProperties.class})
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    /**
     * The compiler of every policy version, keeping compiled policies in {@code listguard.policy.cache-dir} (default
     * {@code <data-dir>/policy-cache}) so that a restart loads the active version instead of compiling it again.
     */
    @Bean
    PolicyCompiler policyCompiler(LimitsProperties limits, ListguardProperties properties,
                                  @Value("${listguard.data-dir:./data}") Path dataDir) {
        PolicyCompiler compiler = new PolicyCompiler(EngineConfiguration.class.getClassLoader(), new WorkbookGuard(limits.workbook().guardLimits()));
        if (!properties.policy().cache()) {
            return compiler;
        }
        Path cacheDir = properties.policy().cacheDir() != null ? properties.policy().cacheDir() : dataDir.resolve("policy-cache");
        log.info("compiled policies are cached in {}", cacheDir.toAbsolutePath());
        return compiler.withCache(new CompiledPolicyCache(cacheDir));
    }

    /** The policies shipped in the jar: version 1 on first start, and the template whose headers uploads must keep. */
    @Bean
    PolicySet bundledPolicySet() {
        return BundledPolicies.load();
    }

    @Bean
    TemplateLock templateLock(PolicySet bundledPolicySet, LimitsProperties limits) {
        return new TemplateLock(bundledPolicySet, new WorkbookGuard(limits.workbook().guardLimits()));
    }

    @Bean
    PolicyLifecycle policyLifecycle(PolicyVersions versions, PolicyCompiler compiler, TemplateLock templateLock, ListguardProperties properties) {
        return new PolicyLifecycle(versions, compiler, templateLock, new SingleHitAnalysis(properties.policy().analysisFrom()),
                properties.evaluation().batchSize());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "listguard.policy.watch", havingValue = "true")
    PolicyDirectoryWatcher policyDirectoryWatcher(PolicyLifecycle lifecycle, ActivePolicy activePolicy,
                                                  ListguardProperties properties,
                                                  net.javacrumbs.shedlock.core.LockingTaskExecutor locks) throws java.io.IOException {
        ListguardProperties.Policy policy = properties.policy();
        if (policy.rulesDir() == null || policy.policiesDir() == null) {
            throw new IllegalStateException("listguard.policy.watch needs listguard.policy.rules-dir and listguard.policy.policies-dir");
        }
        return new PolicyDirectoryWatcher(lifecycle, policy.rulesDir(), policy.policiesDir(), locks);
    }

    /**
     * The policy evaluations run under, the lifecycle's: the start-up version is compiled and activated here, before
     * any reader (the evaluation service, bulk jobs, the API, the console) gets it.
     */
    @Bean
    ActivePolicy activePolicy(PolicyLifecycle lifecycle, PolicySet bundledPolicySet, ListguardProperties properties) {
        ListguardProperties.Policy policy = properties.policy();
        boolean fromDirectories = policy.rulesDir() != null || policy.policiesDir() != null;
        PolicySet startup = bundledPolicySet;
        if (fromDirectories) {
            if (policy.rulesDir() == null || policy.policiesDir() == null) {
                throw new IllegalStateException("set both listguard.policy.rules-dir and listguard.policy.policies-dir, or neither");
            }
            log.info("policies from {} and {}", policy.rulesDir().toAbsolutePath(), policy.policiesDir().toAbsolutePath());
            startup = PolicySet.fromDirectories(policy.rulesDir(), policy.policiesDir());
        }
        if (startup.ruleSources().isEmpty()) {
            throw new IllegalStateException("no policies found (bundled/rules and bundled/policies on the classpath are empty)");
        }
        long started = System.nanoTime();
        var evaluator = lifecycle.bootstrap(startup, fromDirectories);
        log.info("active policy version {} ({}, {} rules) ready in {} ms{}", evaluator.policy().versionId(), evaluator.policy().hash(),
                evaluator.policy().origins().size(), (System.nanoTime() - started) / 1_000_000,
                evaluator.policy().fromCache() ? " (from the compiled policy cache)" : "");
        return lifecycle.activePolicy();
    }

    /** The one pipeline: the active policy, the audit trail as its recorder, the listeners (metrics). */
    @Bean
    EvaluationService evaluationService(ActivePolicy activePolicy, DecisionRecorder recorder, List<EvaluationListener> listeners,
                                        SuppressionList suppressions, ListguardProperties properties) {
        return new EvaluationService(activePolicy, recorder, listeners, suppressions, properties.evaluation().maxRecords());
    }
}
