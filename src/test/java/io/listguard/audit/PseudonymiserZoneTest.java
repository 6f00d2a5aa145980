package io.listguard.audit;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Channel;
import io.listguard.domain.ContactPoints;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.LocalZones;
import io.listguard.evaluation.EvaluationResult;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The surrogates of the audit trail keep what R21a reads of a contact point (issue 15): an overseas phone prefix
 * (time zone, département) and the postal code's département, so that a replay finds the same verdicts; and never
 * the number or the address itself.
 */
class PseudonymiserZoneTest {

    private final Pseudonymiser pseudonymiser = new Pseudonymiser("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0692 12 34 56", "+262 692 12 34 56", "0262 41 00 00", "+262 639 12 34 56", "0690123456", "+590 590 12 34 56",
            "+33 6 94 12 34 56", "0594300000", "+508 41 23 45", "+269 773 12 34"})
    @DisplayName("R21a: an overseas number's surrogate keeps its zone, département and validity, not its digits")
    void overseasPhoneKeepsItsZone(String phone) {
        String surrogate = pseudonymiser.phoneSurrogate(phone);

        assertThat(LocalZones.zoneOfPhone(surrogate)).isEqualTo(LocalZones.zoneOfPhone(phone));
        assertThat(LocalZones.overseasDepartementOfPhone(surrogate)).isEqualTo(LocalZones.overseasDepartementOfPhone(phone));
        assertThat(ContactPoints.validPhone(surrogate)).isEqualTo(ContactPoints.validPhone(phone));
        assertThat(ContactPoints.validMobile(surrogate)).isEqualTo(ContactPoints.validMobile(phone));
        assertThat(surrogate.replace(" ", "")).isNotEqualTo(phone.replace(" ", ""));
    }

    @Test
    @DisplayName("R21a counter-case: a metropolitan number keeps the old surrogate, which tells only Europe/Paris")
    void metropolitanPhoneUnchanged() {
        assertThat(pseudonymiser.phoneSurrogate("06 12 34 56 78")).startsWith("+336");
        assertThat(pseudonymiser.phoneSurrogate("01 45 67 89 10")).startsWith("+331");
    }

    @Test
    @DisplayName("R21a: an address's surrogate keeps its département (97400, 57000), not the address; no postal code keeps the old one")
    void addressKeepsItsDepartement() {
        assertThat(pseudonymiser.addressSurrogate("3 rue de Paris, 97400 Saint-Denis")).endsWith(" 97400").doesNotContain("Paris");
        assertThat(pseudonymiser.addressSurrogate("1 place d'Armes, 57050 Metz")).endsWith(" 57000");
        assertThat(pseudonymiser.addressSurrogate("12 chemin des Vignes, Ajaccio 20090")).endsWith(" 20000");
        assertThat(pseudonymiser.addressSurrogate("Lieu-dit Les Granges, route 7")).endsWith(" 0");
    }

    @Test
    @DisplayName("R21a: a replay of the pseudonymised request gives the same verdicts in La Réunion and Moselle")
    void replayKeepsTheVerdicts() {
        EvaluationRequest original = request(campaign(Audience.CONSUMER, Channel.PHONE).period("2025-12-26", null)
                        .calling(new CallingPlan(List.of(new CallingWindow(List.of(DayOfWeek.FRIDAY), LocalTime.of(19, 0), LocalTime.of(20, 0))), false, 1)),
                io.listguard.Requests.file().bloctelScrubbedOn("2025-12-20"),
                person("r-974").phone("0692 12 34 56").postalAddress("3 rue de Paris, 97400 Saint-Denis"),
                person("r-57").postalAddress("1 place d'Armes, 57000 Metz"), person("r-75"));

        EvaluationResult before = BundledPolicy.evaluator().evaluate(original);
        EvaluationResult after = BundledPolicy.evaluator().evaluate(pseudonymiser.pseudonymise(original));

        assertThat(before.records()).extracting(r -> r.id() + " " + r.reasons())
                .containsExactly("r-974 [CALL_HOURS_OUTSIDE_LOCAL_TIME]", "r-57 [LOCAL_PUBLIC_HOLIDAY]", "r-75 []");
        assertThat(after.records()).extracting(r -> r.id() + " " + r.reasons())
                .containsExactlyElementsOf(before.records().stream().map(r -> r.id() + " " + r.reasons()).toList());
    }
}
