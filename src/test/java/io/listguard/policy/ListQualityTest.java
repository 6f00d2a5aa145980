package io.listguard.policy;

import io.listguard.BundledPolicy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.Requests.RecordBuilder;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.FindingScope;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * policies/list-quality.xlsx (legal reference §5, the renter's due diligence): sheets Fournisseurs, Prices, Targeting
 * and File thresholds. These are WARNING or INFO findings that never change the decision, except
 * NO_CONTACTABLE_RECORDS, which is BLOCKING.
 */
class ListQualityTest extends PolicyTestSupport {

    /** {@code count} lawful records r-ok-1..r-ok-n followed by the given ones. */
    private static RecordBuilder[] withLawful(int count, RecordBuilder... others) {
        List<RecordBuilder> all = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            all.add(person("r-ok-" + i));
        }
        all.addAll(List.of(others));
        return all.toArray(RecordBuilder[]::new);
    }

    // ---------------------------------------------------------------- Providers

    @Test
    @DisplayName("Provider certification: a provider with none of SNCD, DMF, ISO 27701 is PROVIDER_NOT_CERTIFIED (warning)")
    void providerNotCertified() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifications("ACME_QUALITY_LABEL"), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("PROVIDER_NOT_CERTIFIED");
        Finding f = assertFinding(result, "PROVIDER_NOT_CERTIFIED", Severity.WARNING, LIST_QUALITY, "Fournisseurs", "Q-PROVIDER");
        assertThat(f.scope()).isEqualTo(FindingScope.FILE);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("Provider certification counter-case: any one accepted certification is enough (case-insensitive)")
    void providerCertified() {
        for (String cert : List.of("SNCD", "DMF", "ISO_27701", "iso_27701")) {
            EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                    file().certifications(cert), person("r-1")));
            assertThat(result.findings()).as("certification %s", cert).isEmpty();
            assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        }
    }

    @Test
    @DisplayName("Provider certification expired: it ends before the campaign's last day (warning)")
    void providerCertificationExpired() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), // last day 2026-12-20
                file().certifiedUntil("2026-12-19"), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("PROVIDER_CERTIFICATION_EXPIRED");
        assertFinding(result, "PROVIDER_CERTIFICATION_EXPIRED", Severity.WARNING, LIST_QUALITY, "Fournisseurs", "Q-PROVIDER");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("Provider certification expired counter-case: valid through the campaign's last day")
    void providerCertificationValidThroughTheCampaign() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifiedUntil("2026-12-20"), person("r-1")));

        assertThat(result.findings()).isEmpty();
    }

    @Test
    @DisplayName("Provider CNIL declaration: offered as proof it is a red flag since 2018-05-25 (warning)")
    void providerCnilDeclarationOnly() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifications("CNIL_DECLARATION"), person("r-1")));

        assertThat(findingCodes(result)).containsExactlyInAnyOrder("PROVIDER_CNIL_DECLARATION_ONLY", "PROVIDER_NOT_CERTIFIED");
        assertFinding(result, "PROVIDER_CNIL_DECLARATION_ONLY", Severity.WARNING, LIST_QUALITY, "Fournisseurs", "Q-PROVIDER");
        assertFinding(result, "PROVIDER_NOT_CERTIFIED", Severity.WARNING, LIST_QUALITY, "Fournisseurs", "Q-PROVIDER");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("Provider CNIL declaration counter-case: a provider that does not offer it raises nothing")
    void providerWithoutCnilDeclaration() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifications("SNCD", "DMF"), person("r-1")));

        assertThat(findingCodes(result)).doesNotContain("PROVIDER_CNIL_DECLARATION_ONLY").isEmpty();
    }

    // ---------------------------------------------------------------- Prices

    @ParameterizedTest(name = "{0} at EUR {1} per thousand: {2}")
    @CsvSource({
            "EMAIL, 149.99, PRICE_BELOW_MARKET, WARNING, 14",
            "EMAIL, 750.01, PRICE_ABOVE_MARKET, INFO, 15",
            "POSTAL, 199, PRICE_BELOW_MARKET, WARNING, 16",
            "POSTAL, 231, PRICE_ABOVE_MARKET, INFO, 17"})
    @DisplayName("Price positioning: outside the market band raises PRICE_BELOW_MARKET (warning) or PRICE_ABOVE_MARKET (info)")
    void priceOutsideTheMarketBand(Channel channel, double price, String code, Severity severity, int row) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel), file().price(price), person("r-1")));

        assertThat(findingCodes(result)).containsExactly(code);
        Finding f = assertFinding(result, code, severity, LIST_QUALITY, "Prix", "Q-PRICE");
        assertThat(f.rule().row()).isEqualTo(row);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @ParameterizedTest(name = "{0} at EUR {1} per thousand: inside the band")
    @CsvSource({
            "EMAIL, 150", "EMAIL, 750", "POSTAL, 200", "POSTAL, 230"})
    @DisplayName("Price positioning counter-case: the band's bounds are inside the market")
    void priceInsideTheMarketBand(Channel channel, double price) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel), file().price(price), person("r-1")));

        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @ParameterizedTest(name = "{0} at EUR {1} per thousand: no band in force")
    @CsvSource({"SMS, 10", "SMS, 5000", "PHONE, 10", "PHONE, 5000", "AUTOMATED_CALL, 10"})
    @DisplayName("Price positioning: telephone and SMS bands are unconfirmed (confidence U) and ship disabled")
    void unconfirmedBandsAreDisabledByDefault(Channel channel, double price) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel), file().price(price), person("r-1")));

        assertThat(result.findings()).isEmpty();
        assertThat(BundledPolicy.evaluator().policy().origins().values()).filteredOn(o -> "Prix".equals(o.sheet()))
                .filteredOn(o -> "U".equals(o.meta("confidence"))).hasSize(2);
    }

    @Test
    @DisplayName("Provider CNIL declaration counter-case: offered beside an accepted certification, it is no red flag")
    void cnilDeclarationBesideAnAcceptedCertification() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifications("SNCD", "CNIL_DECLARATION"), person("r-1")));

        assertThat(findingCodes(result)).isEmpty();
    }

    // ---------------------------------------------------------------- Targeting

    @ParameterizedTest(name = "{0} offer to segment {1}")
    @CsvSource({
            "CHILDCARE, RETIRED, EMAIL",
            "CHILDCARE, STUDENT, EMAIL",
            "GARDENING, APARTMENT_DWELLER, EMAIL",
            "RENEWABLE_ENERGY, APARTMENT_DWELLER, POSTAL",
            "ENERGY_RENOVATION, APARTMENT_DWELLER, POSTAL"})
    @DisplayName("Targeting: a record in a segment the offer makes pointless is TARGETING_MISMATCH")
    void targetingMismatch(String offer, String segment, Channel channel) {
        RecordBuilder[] records = withLawful(4, person("r-1").segments(segment, "URBAN"));
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel).offer(offer), records));

        assertThat(reasons(result, "r-1")).containsExactly("TARGETING_MISMATCH");
        assertThat(exclusionRuleIds(result, "Ciblage", "r-1", "TARGETING_MISMATCH")).containsExactly("Q-TARGET");
        assertThat(result.findings()).isEmpty(); // 1 of 5 = 20%: not above the threshold
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("Targeting counter-case: the same segment with another offer, or another segment, is no mismatch")
    void targetingMatch() {
        EvaluationResult insurance = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("INSURANCE"),
                person("r-1").segments("RETIRED", "APARTMENT_DWELLER")));
        assertThat(reasons(insurance, "r-1")).isEmpty();

        EvaluationResult childcare = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"),
                person("r-1").segments("YOUNG_PARENT")));
        assertThat(reasons(childcare, "r-1")).isEmpty();
        assertThat(childcare.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("Poorly qualified file: more than 20% TARGETING_MISMATCH raises POORLY_QUALIFIED_FILE (warning)")
    void poorlyQualifiedFile() {
        RecordBuilder[] records = withLawful(3, person("r-1").segments("RETIRED")); // 1 of 4 = 25%
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"), records));

        assertThat(findingCodes(result)).containsExactly("POORLY_QUALIFIED_FILE");
        Finding f = assertFinding(result, "POORLY_QUALIFIED_FILE", Severity.WARNING, LIST_QUALITY, "Seuils du fichier", "Q-TARGET");
        assertThat(f.scope()).isEqualTo(FindingScope.FILE);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("Poorly qualified file counter-case: exactly 20% is not above the threshold")
    void poorlyQualifiedFile_notAt20Percent() {
        RecordBuilder[] records = withLawful(4, person("r-1").segments("RETIRED")); // 1 of 5 = 20%
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"), records));

        assertThat(result.findings()).isEmpty();
        assertThat(result.summary().excludedBy()).containsExactlyInAnyOrderEntriesOf(Map.of("TARGETING_MISMATCH", 1));
    }

    @Test
    @DisplayName("Poorly qualified file: other exclusions do not count as targeting mismatches")
    void poorlyQualifiedFile_countsOnlyTargeting() {
        RecordBuilder[] records = withLawful(2, person("r-1").optedOut(), person("r-2").withoutConsent()); // 50% excluded
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"), records));

        assertThat(findingCodes(result)).doesNotContain("POORLY_QUALIFIED_FILE").isEmpty();
    }

    // ---------------------------------------------------------------- Data hygiene

    @Test
    @DisplayName("Data hygiene: more than 8% INVALID_CONTACT raises HIGH_INVALID_CONTACT_RATE (warning)")
    void highInvalidContactRate() {
        RecordBuilder[] records = withLawful(11, person("r-1").email("not-an-email")); // 1 of 12 = 8.3%
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), records));

        assertThat(reasons(result, "r-1")).containsExactly("INVALID_CONTACT");
        assertThat(findingCodes(result)).containsExactly("HIGH_INVALID_CONTACT_RATE");
        assertFinding(result, "HIGH_INVALID_CONTACT_RATE", Severity.WARNING, LIST_QUALITY, "Seuils du fichier", "Q-HYGIENE");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("Data hygiene counter-case: 8% or less is tolerated")
    void highInvalidContactRate_notAtOrBelow8Percent() {
        RecordBuilder[] records = withLawful(12, person("r-1").email("not-an-email")); // 1 of 13 = 7.7%
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), records));

        assertThat(reasons(result, "r-1")).containsExactly("INVALID_CONTACT");
        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    // ---------------------------------------------------------------- NO_CONTACTABLE_RECORDS

    @Test
    @DisplayName("No contactable record: NO_CONTACTABLE_RECORDS is BLOCKING and the file is REJECTED")
    void noContactableRecords() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").withoutConsent(), person("r-2").optedOut()));

        assertThat(findingCodes(result)).containsExactly("NO_CONTACTABLE_RECORDS");
        Finding f = assertFinding(result, "NO_CONTACTABLE_RECORDS", Severity.BLOCKING, LIST_QUALITY, "Seuils du fichier", "Q-DECISION");
        assertThat(f.scope()).isEqualTo(FindingScope.FILE);
        assertThat(result.summary().contactable()).isZero();
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("No contactable record counter-case: one contactable record is enough")
    void noContactableRecords_notWithOneContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").withoutConsent(), person("r-2").optedOut(), person("r-ok")));

        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }
}
