package io.listguard.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

/** Scenario files as compliance staff write them: a good one reads, a bad one names the file and the JSON path. */
class ScenarioParserTest {

    private static final String GOOD = """
            {
              "name": "R1: a consumer email needs consent",
              "description": "Consumers may be emailed only with prior consent (R1).",
              "given": {
                "campaign": { "id": "CMP-1", "audience": "CONSUMER", "channel": "EMAIL", "offerCategory": "INSURANCE",
                              "startDate": "2026-12-01", "endDate": "2026-12-20",
                              "sender": { "name": "Acme", "identified": true }, "optOut": "LINK", "sourceDisclosed": true },
                "file": { "id": "F-1", "provider": { "name": "DataCo", "certifications": ["SNCD"] }, "pricePerThousand": 300.0 },
                "records": [
                  { "id": "r-1", "kind": "PERSON", "email": "claire.martin@example.org",
                    "consents": [ { "channel": "EMAIL", "givenOn": "2026-03-01", "proofRef": "form-991", "renterNamed": true } ] },
                  { "id": "r-2", "kind": "PERSON", "email": "jean.dupont@example.org" }
                ]
              },
              "expect": { "decision": "APPROVED_WITH_EXCLUSIONS", "findings": [], "records": { "r-2": ["NO_CONSENT"], "r-1": [] } }
            }
            """;

    private static ScenarioParseException fails(String fileName, String json) {
        ScenarioParseException e = catchThrowableOfType(ScenarioParseException.class,
                () -> ScenarioParser.parse(fileName, json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("a ScenarioParseException for %s", fileName).isNotNull();
        assertThat(e.fileName()).isEqualTo(fileName);
        assertThat(e.getMessage()).startsWith("scenario file " + fileName + ": ");
        assertThat(e).isNotInstanceOf(JacksonException.class);
        return e;
    }

    @Test
    @DisplayName("A well-formed file reads into a Scenario named after its file, expectations in the order written")
    void readsAGoodFile() {
        Scenario s = ScenarioParser.parse("r01-consumer-email.json", GOOD.getBytes(StandardCharsets.UTF_8));

        assertThat(s.file()).isEqualTo("r01-consumer-email.json");
        assertThat(s.name()).isEqualTo("R1: a consumer email needs consent");
        assertThat(s.given().campaign().channel()).isEqualTo(Channel.EMAIL);
        assertThat(s.given().campaign().startDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(s.given().records()).hasSize(2);
        assertThat(s.given().records().get(0).consents().get(0).givenOn()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(s.expect().decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(s.expect().findings()).isEmpty();
        assertThat(s.expect().records()).containsExactly(
                java.util.Map.entry("r-2", List.of("NO_CONSENT")), java.util.Map.entry("r-1", List.of()));
    }

    @Test
    @DisplayName("Every part of expect is optional, but a scenario must expect something")
    void expectationsAreOptionalButNotAllAbsent() {
        Scenario s = ScenarioParser.parse("decision-only.json",
                GOOD.replaceFirst("\"expect\": \\{.*}", "\"expect\": { \"decision\": \"APPROVED\" }").getBytes(StandardCharsets.UTF_8));
        assertThat(s.expect().findings()).isNull();
        assertThat(s.expect().records()).isNull();

        ScenarioParseException e = fails("expects-nothing.json", GOOD.replaceFirst("\"expect\": \\{.*}", "\"expect\": { }"));
        assertThat(e.path()).isEqualTo("expect");
        assertThat(e.getMessage()).contains("at least one of decision, findings, records");
    }

    @Test
    @DisplayName("Malformed JSON: the file, the line and column, never a raw Jackson exception")
    void malformedJson() {
        String broken = GOOD.replace("\"channel\": \"EMAIL\", \"offerCategory\"", "\"channel\": \"EMAIL\" \"offerCategory\"");

        ScenarioParseException e = fails("r01-broken.json", broken);

        assertThat(e.path()).isEqualTo("given.campaign");
        assertThat(e.getMessage()).contains("malformed JSON at line 5, column");
    }

    @Test
    @DisplayName("A parse error reaches the validation report with its code, in the reader's language")
    void parseErrorInTheReport() {
        byte[] typo = GOOD.replace("\"channel\": \"EMAIL\", \"offerCategory\"", "\"channel\": \"MAIL\", \"offerCategory\"")
                .getBytes(StandardCharsets.UTF_8);
        ScenarioFiles.Loaded loaded = ScenarioFiles.load(List.of(new io.listguard.policy.PolicySource("policies/scenarios/r01-typo.json", typo)));

        assertThat(loaded.problems()).hasSize(1);
        io.listguard.policy.PolicyProblem problem = loaded.problems().get(0);
        assertThat(problem.code()).isEqualTo("scenario.parse.one");
        assertThat(problem.message(java.util.Locale.FRENCH)).isEqualTo("fichier de scénario policies/scenarios/r01-typo.json : "
                + "given.campaign.channel : ’MAIL’ ne fait pas partie des valeurs admises : EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(problem.message(java.util.Locale.ENGLISH)).isEqualTo("scenario file policies/scenarios/r01-typo.json: "
                + "given.campaign.channel: ’MAIL’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(problem.message()).isEqualTo(problem.message(java.util.Locale.ENGLISH));
    }

    @Test
    @DisplayName("A value of the wrong kind names its JSON path and the values allowed")
    void wrongEnumValue() {
        ScenarioParseException e = fails("r01-typo.json", GOOD.replace("\"channel\": \"EMAIL\", \"offerCategory\"", "\"channel\": \"MAIL\", \"offerCategory\""));

        assertThat(e.path()).isEqualTo("given.campaign.channel");
        assertThat(e.getMessage()).isEqualTo("scenario file r01-typo.json: given.campaign.channel: ’MAIL’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        assertThat(e.message(java.util.Locale.FRENCH)).isEqualTo("fichier de scénario r01-typo.json : given.campaign.channel : ’MAIL’ ne fait pas partie "
                + "des valeurs admises : EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
    }

    @Test
    @DisplayName("A bad date deep in a record names its JSON path")
    void badDate() {
        ScenarioParseException e = fails("r01-date.json", GOOD.replace("\"givenOn\": \"2026-03-01\"", "\"givenOn\": \"01/03/2026\""));

        assertThat(e.path()).isEqualTo("given.records[0].consents[0].givenOn");
        assertThat(e.getMessage()).contains("’01/03/2026’ is not a valid date (YYYY-MM-DD)");
    }

    @Test
    @DisplayName("A misspelt field is an error, not silently ignored: the scenario would check something else")
    void unknownField() {
        ScenarioParseException e = fails("r01-misspelt.json", GOOD.replace("\"decision\": \"APPROVED_WITH_EXCLUSIONS\"", "\"decison\": \"APPROVED_WITH_EXCLUSIONS\""));

        assertThat(e.path()).isEqualTo("expect.decison");
        assertThat(e.getMessage()).contains("unknown field ’decison’; expected one of decision, findings, records");
    }

    @Test
    @DisplayName("A record id written twice in expect.records is an error")
    void duplicateKey() {
        ScenarioParseException e = fails("r01-twice.json", GOOD.replace("\"r-1\": [] }", "\"r-2\": [] }"));

        assertThat(e.getMessage()).contains("malformed JSON").contains("r-2");
    }

    @Test
    @DisplayName("Expectations about a record the file does not hold, or codes not in capitals, are errors")
    void expectationsThatCannotHold() {
        ScenarioParseException e = fails("r01-ids.json",
                GOOD.replace("\"r-2\": [\"NO_CONSENT\"]", "\"r-9\": [\"no_consent\"]").replace("\"findings\": []", "\"findings\": [\"Opt out\"]"));

        assertThat(e.problems()).extracting(Violation::path)
                .containsExactly("expect.findings[0]", "expect.records.r-9", "expect.records.r-9[0]");
        assertThat(e.problems().get(1).message()).isEqualTo("no record has this id in given.records");
        assertThat(e.getMessage()).startsWith("scenario file r01-ids.json: 3 problems:");
    }

    @Test
    @DisplayName("What the API requires of a request is required in given, with the path under given")
    void requestRulesApply() {
        ScenarioParseException e = fails("r01-kind.json", GOOD.replace("{ \"id\": \"r-2\", \"kind\": \"PERSON\",", "{ \"id\": \"r-2\","));

        assertThat(e.path()).isEqualTo("given.records[1].kind");
        assertThat(e.getMessage()).isEqualTo("scenario file r01-kind.json: given.records[1].kind: is required");
    }

    @Test
    @DisplayName("Name and given are required; an empty file or a JSON null is no scenario")
    void requiredParts() {
        assertThat(fails("no-name.json", GOOD.replace("\"name\": \"R1: a consumer email needs consent\",", "")).path()).isEqualTo("name");
        assertThat(fails("empty.json", "").path()).isEqualTo("$");
        assertThat(fails("blank.json", "  \n").path()).isEqualTo("$");
        assertThat(fails("null.json", "null").path()).isEqualTo("$");
        assertThat(fails("list.json", "[]").getMessage()).contains("expected an object");
        assertThat(fails("two.json", GOOD + " {}").getMessage()).contains("a file holds exactly one scenario");
    }
}
