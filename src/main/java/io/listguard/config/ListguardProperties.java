package io.listguard.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the service, prefix {@code listguard}. Every one has a default, so the service starts with none set.
 *
 * @param policy where the policies come from
 * @param evaluation limits of the synchronous endpoint
 */
@Validated
@ConfigurationProperties("listguard")
public record ListguardProperties(@DefaultValue Policy policy, @DefaultValue Evaluation evaluation) {

    public ListguardProperties {
        policy = policy == null ? new Policy(null, null, null, false, null, true) : policy;
        evaluation = evaluation == null ? new Evaluation(10_000, 1_000) : evaluation;
    }

    /**
     * @param rulesDir     a directory of DRL files; unset: the rules bundled in the jar
     * @param policiesDir  a directory of decision-table workbooks (and scenarios/); unset: the bundled ones
     * @param analysisFrom gaps in the consent regime before this date are not reported (default 2020-01-01)
     * @param watch        watch the policy directories and propose (never activate by itself) a new version on change
     * @param cacheDir     where compiled policies are kept between starts; unset: {@code <data-dir>/policy-cache}
     * @param cache        false: compile every policy at every start, and keep nothing on disk
     */
    public record Policy(Path rulesDir, Path policiesDir, LocalDate analysisFrom, boolean watch, Path cacheDir,
                         @DefaultValue("true") boolean cache) {

        public Policy {
            analysisFrom = analysisFrom == null ? LocalDate.of(2020, 1, 1) : analysisFrom;
        }
    }

    /**
     * @param maxRecords records accepted by {@code POST /api/v1/evaluations} (bigger files go to bulk)
     * @param batchSize  records inserted per rule session
     */
    public record Evaluation(@DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRecords,
                             @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize) {
    }
}
