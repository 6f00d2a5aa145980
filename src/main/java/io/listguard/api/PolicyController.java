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

    /** The active policy version as applications and auditors see it. */
    record ActivePolicy(String id, String hash, Instant compiledAt, int rules, List<CompiledPolicy.FileSummary> files,
                        List<String> offerCategories) {
    }

    private final io.listguard.evaluation.ActivePolicy activePolicy;

    PolicyController(io.listguard.evaluation.ActivePolicy activePolicy) {
        this.activePolicy = activePolicy;
    }

    @Operation(summary = "The active policy version",
            description = "Its id, the hash over all policy and rule files, each file with its number of rules, and the offer categories it knows.")
    @GetMapping
    ActivePolicy active() {
        Evaluator evaluator = activePolicy.current();
        CompiledPolicy policy = evaluator.policy();
        return new ActivePolicy(policy.versionId(), policy.hash(), policy.compiledAt(), policy.origins().size(), policy.files(),
                evaluator.catalogue().offerCodes());
    }
}
