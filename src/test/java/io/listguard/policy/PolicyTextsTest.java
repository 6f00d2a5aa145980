package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Channel;
import io.listguard.domain.Messages;
import io.listguard.domain.PolicyText;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16, item 2, in the engine: a rule's French texts (@messageFr, @legalRefFr; METADATA messageFr, legalRefFr)
 * beside its English ones, English where it has none, holidays dated as each language writes dates; and the JSON
 * renderings the API and the audit trail use. The bundled policies plus test rules (src/test/resources/policy-texts).
 */
class PolicyTextsTest {

    @TempDir
    static Path dir;
    static Evaluator evaluator;
    static final JsonMapper JSON = JsonMapper.builder().addModule(PolicyText.module()).build();

    @BeforeAll
    static void compile() throws IOException {
        WorkingCopy copy = new WorkingCopy(dir);
        Files.copy(Path.of("src/test/resources/policy-texts/policy-texts-test.drl"), copy.rules.resolve("policy-texts-test.drl"));
        evaluator = new Evaluator(new PolicyCompiler().compile(copy.policySet(), "test"));
    }

    private static EvaluationResult armisticeCalls() {
        List<DayOfWeek> weekdays = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        CallingPlan plan = new CallingPlan(List.of(new CallingWindow(weekdays, LocalTime.parse("10:00"), LocalTime.parse("12:00"))), null, 2);
        return evaluator.evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-11-09", "2026-11-13").calling(plan), person("r-1")));
    }

    private static Finding finding(EvaluationResult result, String code) {
        return result.findings().stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow(() -> new AssertionError("no " + code));
    }

    @Test
    void aRuleWithFrenchTextsGivesBothAndOneWithoutFallsBackToEnglish() {
        EvaluationResult result = armisticeCalls();

        Finding bilingual = finding(result, "TEST_BILINGUAL");
        assertThat(bilingual.message()).isEqualTo(new PolicyText("The campaign was read.", "La campagne a été lue."));
        assertThat(bilingual.legalRef().in(Messages.FRENCH)).isEqualTo("Référence de test : RGPD art. 21");
        assertThat(bilingual.legalRef().in(Messages.ENGLISH)).isEqualTo("Test reference: GDPR art. 21");
        Finding englishOnly = finding(result, "TEST_ENGLISH_ONLY");
        assertThat(englishOnly.message().hasFrench()).isFalse();
        assertThat(englishOnly.message().in(Messages.FRENCH)).isEqualTo("Only in English.");
        assertThat(englishOnly.legalRef().in(Messages.FRENCH)).isEqualTo("English reference only");
        // the trace entry of a firing cites the rule's legal reference in both languages
        assertThat(result.trace()).filteredOn(t -> "TEST_BILINGUAL".equals(t.code())).singleElement()
                .satisfies(t -> assertThat(t.legalRef().in(Messages.FRENCH)).isEqualTo("Référence de test : RGPD art. 21"));
    }

    @Test
    void theHolidaysOfAMessageAreDatedAsItsLanguageWritesDates() {
        Finding holidays = finding(armisticeCalls(), "TEST_HOLIDAYS");

        assertThat(holidays.message().en()).isEqualTo("Calls on 2026-11-11 Armistice 1918; skip 2026-11-11 Armistice 1918.");
        assertThat(holidays.message().fr()).isEqualTo("Appels le 11/11/2026 Armistice 1918 ; sauter 11/11/2026 Armistice 1918.");
    }

    @Test
    void jsonGivesOneLanguageBothOnRequestAndKeepsBothWhenStored() {
        Finding bilingual = finding(armisticeCalls(), "TEST_BILINGUAL");

        JsonNode plain = JSON.valueToTree(bilingual);
        assertThat(plain.get("message").asString()).as("no rendering: English, as before").isEqualTo("The campaign was read.");
        assertThat(plain.has("messages")).isFalse();
        JsonNode french = JSON.readTree(JSON.writer().withAttribute(PolicyText.RENDERING, PolicyText.Rendering.of(Messages.FRENCH, false))
                .writeValueAsString(bilingual));
        assertThat(french.get("message").asString()).isEqualTo("La campagne a été lue.");
        assertThat(french.get("legalRef").asString()).isEqualTo("Référence de test : RGPD art. 21");
        assertThat(french.has("messages")).isFalse();
        JsonNode both = JSON.readTree(JSON.writer().withAttribute(PolicyText.RENDERING, PolicyText.Rendering.of(Messages.ENGLISH, true))
                .writeValueAsString(bilingual));
        assertThat(both.get("message").asString()).isEqualTo("The campaign was read.");
        assertThat(both.get("messages").get("fr").asString()).isEqualTo("La campagne a été lue.");
        assertThat(both.get("messages").get("en").asString()).isEqualTo("The campaign was read.");
        assertThat(both.get("legalRefs").get("fr").asString()).isEqualTo("Référence de test : RGPD art. 21");

        String stored = JSON.writer().withAttribute(PolicyText.RENDERING, PolicyText.Rendering.STORED).writeValueAsString(bilingual);
        assertThat(JSON.readValue(stored, Finding.class)).isEqualTo(bilingual);
        // stored before issue 16: the English string only
        Finding old = JSON.readValue(plain.toString(), Finding.class);
        assertThat(old.message()).isEqualTo(PolicyText.english("The campaign was read."));
        assertThat(old.message().in(Messages.FRENCH)).isEqualTo("The campaign was read.");
    }
}
