package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Decision;
import io.listguard.domain.FindingScope;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.Messages;
import io.listguard.domain.OutcomeLabels;
import io.listguard.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 3: every decision, severity, legal basis and finding scope, and every exclusion reason the bundled
 * policies can raise, has a French and an English label ({@code findings_fr/en.properties}). The reasons are read
 * from the compiled bundled policies, not listed by hand: the {@code code} METADATA of every rule that raises no
 * finding (a finding row also gives its severity), DRL {@code @code} annotations, and the regime rows'
 * {@code noConsentReason}.
 */
class OutcomeLabelsTest {

    /** Every exclusion reason code of the bundled policies' rules, enabled or not. */
    static Set<String> bundledReasonCodes() {
        Set<String> codes = new TreeSet<>();
        for (RuleOrigin origin : BundledPolicy.evaluator().policy().origins().values()) {
            String code = origin.meta("code");
            if (code != null && !code.isBlank() && origin.meta("severity") == null) {
                codes.add(code.trim());
            }
            String noConsent = origin.meta("noConsentReason");
            if (noConsent != null && !noConsent.isBlank()) {
                codes.add(noConsent.trim());
            }
        }
        return codes;
    }

    @Test
    void theBundledPoliciesRaiseReasonsThisTestCanSee() {
        // the derivation must find the reasons of the record rules, the regime rows and the DRL files
        assertThat(bundledReasonCodes()).contains("NO_CONSENT", "OPTED_OUT", "OFFER_UNRELATED_TO_JOB", "SUPPRESSED", "CONSENT_NOT_IN_FILE")
                .doesNotContain("PRICE_BELOW_MARKET");
    }

    @Test
    void everyReasonOfTheBundledPoliciesHasAFrenchAndAnEnglishLabel() {
        List<String> missing = new ArrayList<>();
        for (String code : bundledReasonCodes()) {
            check(OutcomeLabels.REASON + code, missing);
        }
        assertThat(missing).as("labels missing in findings_fr/en.properties").isEmpty();
    }

    @Test
    void everyDecisionSeverityLegalBasisAndScopeHasAFrenchAndAnEnglishLabel() {
        List<String> missing = new ArrayList<>();
        Stream.of(Decision.values()).forEach(d -> check(OutcomeLabels.DECISION + d.name(), missing));
        Stream.of(Severity.values()).forEach(s -> check(OutcomeLabels.SEVERITY + s.name(), missing));
        Stream.of(LegalBasis.values()).forEach(b -> check(OutcomeLabels.LEGAL_BASIS + b.name(), missing));
        Stream.of(FindingScope.values()).forEach(s -> check(OutcomeLabels.SCOPE + s.name(), missing));
        assertThat(missing).isEmpty();
        assertThat(OutcomeLabels.decision(Messages.FRENCH, Decision.APPROVED_WITH_EXCLUSIONS)).isEqualTo("Approuvé avec exclusions");
        assertThat(OutcomeLabels.decision(Messages.ENGLISH, Decision.APPROVED_WITH_EXCLUSIONS)).isEqualTo("Approved with exclusions");
        assertThat(OutcomeLabels.reason(Messages.FRENCH, "NO_CONSENT")).isEqualTo("Pas de consentement");
        assertThat(OutcomeLabels.reason(Messages.FRENCH, "SOMETHING_NEW")).as("an unknown code shows as itself").isEqualTo("SOMETHING_NEW");
    }

    private static void check(String code, List<String> missing) {
        String french = Messages.text(Messages.FRENCH, code);
        String english = Messages.text(Messages.ENGLISH, code);
        if (french.equals(code) || english.equals(code)) {
            missing.add(code);
        }
    }
}
