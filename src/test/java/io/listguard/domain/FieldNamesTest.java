package io.listguard.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Issue 12: an unknown field is a warning, a near miss of a field that decides refuses the document. */
class FieldNamesTest {

    private static final FieldNames RECORD = FieldNames.of(ProspectRecord.class).orElseThrow();

    @Test
    void theFieldsAreThoseOfTheDomainRecords() {
        assertThat(RECORD.names()).contains("id", "kind", "email", "phone", "consents", "optedOut", "lastRefusalOn",
                "collectedOn", "contractWithRenter", "objectedDuringCallOn", "listeOrange", "outOfHoursCallsAgreed", "timeZone").hasSize(21);
        assertThat(FieldNames.of(Consent.class).orElseThrow().names()).containsExactly("channel", "givenOn", "proofRef", "renterNamed", "parentalConsent",
                "collectedBy", "hop");
        assertThat(FieldNames.of(String.class)).isEmpty();
    }

    @Test
    void nearMissesOfOptedOutAreNamedAsSuch() {
        for (String name : List.of("opted_out", "optOut", "OptedOut", "optedout", "opted-out", "OPTED_OUT", "optedOutt", "optdeOut")) {
            assertThat(RECORD.check(name)).as(name).isEqualTo(new FieldNames.NearMiss(name, "optedOut"));
        }
        assertThat(RECORD.check("optedOut")).isEqualTo(new FieldNames.Known("optedOut"));
    }

    @Test
    void otherDecisiveFieldsToo() {
        assertThat(RECORD.check("e-mail")).isEqualTo(new FieldNames.NearMiss("e-mail", "email"));
        assertThat(RECORD.check("mail")).isEqualTo(new FieldNames.NearMiss("mail", "email"));
        assertThat(RECORD.check("phones")).isEqualTo(new FieldNames.NearMiss("phones", "phone"));
        assertThat(RECORD.check("ID")).isEqualTo(new FieldNames.NearMiss("ID", "id"));
        assertThat(RECORD.check("Kind")).isEqualTo(new FieldNames.NearMiss("Kind", "kind"));
        assertThat(RECORD.check("consent")).isEqualTo(new FieldNames.NearMiss("consent", "consents"));
        assertThat(RECORD.check("bloctel_registred")).isEqualTo(new FieldNames.NearMiss("bloctel_registred", "bloctelRegistered"));
        // R21a (issue 15): the person's zone and express agreement to calls outside the slots decide too
        assertThat(RECORD.check("time_zone")).isEqualTo(new FieldNames.NearMiss("time_zone", "timeZone"));
        assertThat(RECORD.check("out_of_hours_calls_agreed")).isEqualTo(new FieldNames.NearMiss("out_of_hours_calls_agreed", "outOfHoursCallsAgreed"));
        FieldNames consent = FieldNames.of(Consent.class).orElseThrow();
        assertThat(consent.check("given_on")).isEqualTo(new FieldNames.NearMiss("given_on", "givenOn"));
        assertThat(consent.check("proofref")).isEqualTo(new FieldNames.NearMiss("proofref", "proofRef"));
        assertThat(consent.check("chanel")).isEqualTo(new FieldNames.NearMiss("chanel", "channel"));
    }

    @Test
    void harmlessNamesAndShortNamesFarFromAnyFieldAreUnknown() {
        for (String name : List.of("brokerRef", "favouriteColour", "ts", "ab", "source", "emailHash", "city")) {
            assertThat(RECORD.check(name)).as(name).isEqualTo(new FieldNames.Unknown(name));
        }
    }

    @Test
    void theDistanceCountsSwapsAsOneEditAndStopsPastItsLimit() {
        assertThat(FieldNames.distance("optedout", "optout", 2)).isEqualTo(2);
        assertThat(FieldNames.distance("emial", "email", 2)).isEqualTo(1);
        assertThat(FieldNames.distance("brokerref", "birthdate", 2)).isEqualTo(3);
        assertThat(FieldNames.fold("Opted_Out")).isEqualTo("optedout");
    }

    @Test
    void jacksonRefusesANearMissWithItsPathAndCountsUnknownFieldsOncePerPlace() {
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).addHandler(new FieldNameCheck()).build();
        String campaign = "\"campaign\":{\"id\":\"C\"},\"file\":{\"id\":\"F\"}";
        try {
            json.readValue("{" + campaign + ",\"records\":[{\"id\":\"a\",\"kind\":\"PERSON\"},{\"id\":\"b\",\"kind\":\"PERSON\",\"consents\":"
                    + "[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-01-01\"},{\"channel\":\"SMS\",\"given_on\":{\"a\":1}}]}]}", EvaluationRequest.class);
            throw new AssertionError("a near miss was read");
        } catch (MisspelledFieldException e) {
            assertThat(JsonErrors.describe(e)).isEqualTo(new Violation("records[1].consents[1].given_on",
                    "’given_on’ is not a field; did you mean ’givenOn’?", "fields.nearMiss", List.of("given_on", "givenOn")));
            assertThat(JsonErrors.describe(e).message(Messages.FRENCH)).isEqualTo("’given_on’ n’est pas un champ ; vouliez-vous dire ’givenOn’ ?");
        }

        UnknownFields unknown = new UnknownFields();
        EvaluationRequest request = json.readerFor(EvaluationRequest.class).withAttribute(FieldNameCheck.UNKNOWN_FIELDS, unknown).readValue(
                "{" + campaign + ",\"records\":[{\"id\":\"a\",\"kind\":\"PERSON\",\"brokerRef\":{\"x\":[1]},\"optedOut\":true},"
                        + "{\"id\":\"b\",\"kind\":\"PERSON\",\"brokerRef\":\"B-2\"},{\"id\":\"c\",\"kind\":\"PERSON\",\"consents\":[{\"channel\":\"SMS\",\"brokerRef\":1}]}]}");

        assertThat(request.records()).hasSize(3);
        assertThat(request.records().get(0).optedOut()).as("the value after a skipped object is read").isTrue();
        assertThat(unknown.warnings()).containsExactly(
                "the field ’brokerRef’ is unknown and was ignored (2 time(s), at records[].brokerRef)",
                "the field ’brokerRef’ is unknown and was ignored (1 time(s), at records[].consents[].brokerRef)");
    }
}
