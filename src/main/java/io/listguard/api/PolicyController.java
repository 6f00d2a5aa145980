package io.listguard.api;

import io.listguard.evaluation.Evaluator;
import io.listguard.policy.CompiledPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Policies", description = "The policy version evaluations run under")
@RestController
@RequestMapping("/api/v1/policies")
class PolicyController {

    /**
     * The policy version this instance evaluates under, as applications and auditors see it ({@code id} and the
     * rest describe it); {@code active} is the cluster's active version (the database's), {@code running} this
     * instance's, {@code inSync} whether they are the same (an instance follows an activation within seconds).
     */
    record ActivePolicy(String id, String hash, Instant compiledAt, int rules, List<CompiledPolicy.FileSummary> files,
                        List<String> offerCategories, String active, String running, boolean inSync) {
    }

    private final io.listguard.evaluation.ActivePolicy activePolicy;
    private final io.listguard.lifecycle.PolicyLifecycle lifecycle;

    PolicyController(io.listguard.evaluation.ActivePolicy activePolicy, io.listguard.lifecycle.PolicyLifecycle lifecycle) {
        this.activePolicy = activePolicy;
        this.lifecycle = lifecycle;
    }

    @Operation(summary = "The active policy version, and the one this instance runs",
            description = "Its id, the hash over all policy and rule files, each file with its number of rules, and the offer categories it knows; "
                    + "active (the cluster's active version), running (this instance's) and inSync.")
    @GetMapping
    ActivePolicy active() {
        Evaluator evaluator = activePolicy.current();
        CompiledPolicy policy = evaluator.policy();
        String active = lifecycle.state().activeVersion();
        return new ActivePolicy(policy.versionId(), policy.hash(), policy.compiledAt(), policy.origins().size(), policy.files(),
                evaluator.catalogue().offerCodes(), active, policy.versionId(), policy.versionId().equals(active));
    }
}
