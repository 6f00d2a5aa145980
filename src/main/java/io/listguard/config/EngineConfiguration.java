package io.listguard.config;

import io.listguard.evaluation.EvaluationListener;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Wires the Spring-free evaluation core: compiles the policies once at start-up (a policy that does not compile
 * stops start-up with its file, sheet and cell) and shares the evaluator with every request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ListguardProperties.class)
class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    PolicyCompiler policyCompiler() {
        return new PolicyCompiler(EngineConfiguration.class.getClassLoader());
    }

    @Bean
    PolicySet startupPolicySet(ListguardProperties properties) throws IOException {
        ListguardProperties.Policy policy = properties.policy();
        if (policy.rulesDir() != null || policy.policiesDir() != null) {
            if (policy.rulesDir() == null || policy.policiesDir() == null) {
                throw new IllegalStateException("set both listguard.policy.rules-dir and listguard.policy.policies-dir, or neither");
            }
            log.info("loading policies from {} and {}", policy.rulesDir().toAbsolutePath(), policy.policiesDir().toAbsolutePath());
            return PolicySet.fromDirectories(policy.rulesDir(), policy.policiesDir());
        }
        log.info("loading the policies bundled in the application");
        List<PolicySource> sources = new ArrayList<>();
        sources.addAll(bundled("rules", "*.drl"));
        sources.addAll(bundled("policies", "*.xlsx"));
        return new PolicySet(sources);
    }

    private static List<PolicySource> bundled(String folder, String pattern) throws IOException {
        List<PolicySource> sources = new ArrayList<>();
        var resolver = new PathMatchingResourcePatternResolver(EngineConfiguration.class.getClassLoader());
        for (Resource resource : resolver.getResources("classpath*:bundled/" + folder + "/" + pattern)) {
            try (InputStream in = resource.getInputStream()) {
                sources.add(new PolicySource(folder + "/" + resource.getFilename(), in.readAllBytes()));
            }
        }
        if (sources.isEmpty()) {
            throw new IllegalStateException("no bundled " + folder + " found on the classpath (bundled/" + folder + ")");
        }
        return sources;
    }

    @Bean
    Evaluator startupEvaluator(PolicyCompiler compiler, PolicySet startupPolicySet, ListguardProperties properties) {
        long started = System.nanoTime();
        CompiledPolicy policy = compiler.compile(startupPolicySet, "startup-" + startupPolicySet.contentId());
        log.info("compiled policy {} ({}, {} rules) in {} ms", policy.versionId(), policy.hash(), policy.origins().size(),
                (System.nanoTime() - started) / 1_000_000);
        return new Evaluator(policy, properties.evaluation().batchSize());
    }

    @Bean
    EvaluationService evaluationService(Evaluator startupEvaluator, List<EvaluationListener> listeners, ListguardProperties properties) {
        return new EvaluationService(startupEvaluator, listeners, properties.evaluation().maxRecords());
    }
}
