package io.listguard.bulk.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.listguard.domain.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, item 2: a mapping profile is checked before use, every problem at once, each at its JSON path with its code. */
class ProfileCheckTest {

    /** The profile of the issue's broker file, as documented in docs/api.md §11. */
    static final String BROKER = """
            {"name": "dataplus-b2c", "provider": "DataPlus", "separator": ";", "charset": "windows-1252",
             "fields": {
               "id":             {"column": "Réf"},
               "kind":           {"value": "PERSON"},
               "email":          {"column": "E-mail"},
               "phone":          {"column": "Téléphone", "phone": "FR"},
               "postal_address": {"columns": ["Adresse 1", "Adresse 2", "CP", "Ville"], "join": "\\n"},
               "opted_out":      {"column": "Désinscrit", "values": {"X": "true", "": "false"}},
               "last_activity_on": {"column": "Dernière activité", "dateFormats": ["dd/MM/yyyy", "excel"]},
               "bloctel_registered": {"column": "Bloctel", "values": {"VRAI": "true", "FAUX": "false"}}},
             "consents": {
               "email": {"given":   {"column": "Opt-in email", "values": {"OUI": "true", "NON": "false"}},
                         "givenOn": {"column": "Date opt-in", "dateFormats": "dd/MM/yyyy"},
                         "proofRef": {"column": "Preuve", "split": {"separator": "/", "part": 1}},
                         "renterNamed": {"value": "true"}}}}
            """;

    private static List<ProfileProblem> problems(String json) {
        return ProfileCheck.problems(ProfileReader.parse(json));
    }

    private static List<String> paths(List<ProfileProblem> problems) {
        return problems.stream().map(ProfileProblem::path).toList();
    }

    @Test
    void theBrokerProfileHasNoProblem() {
        assertThat(problems(BROKER)).isEmpty();
        MappingProfile profile = ProfileReader.read(BROKER);
        assertThat(profile.fields().get("postal_address").join()).isEqualTo("\n");
        assertThat(profile.consents().get("email").givenOn().dateFormats()).containsExactly("dd/MM/yyyy");
    }

    @Test
    void everyProblemComesBackAtOnceEachAtItsPathWithItsCode() {
        List<ProfileProblem> problems = problems("""
                {"name": "Data Plus!", "separator": ":", "charset": "EBCDIC", "headerRow": 0,
                 "fields": {
                   "optedout":   {"column": "Désinscrit"},
                   "favourite":  {"column": "Couleur"},
                   "email":      {"column": "E-mail", "value": "x@example.org"},
                   "phone":      {},
                   "opted_out":  {"column": "Désinscrit", "values": {"X": "oui", "x ": "true"}},
                   "kind":       {"value": "ROBOT"},
                   "birth_date": {"column": "Naissance", "dateFormats": ["dd/MM/yy", "dd/bb/yyyy", "MM/yyyy"]},
                   "job_function": {"column": "Poste", "dateFormats": "dd/MM/yyyy", "phone": "FR"},
                   "segments":   {"column": "Segments", "split": {"separator": "", "part": 0}, "join": " "}},
                 "consents": {"emial": {"givenOn": {"column": "Date"}}, "sms": {"given": {"column": "Opt-in", "values": {"OUI": "yes"}}}}}
                """);

        assertThat(problems).extracting(ProfileProblem::path, ProfileProblem::code).containsExactlyInAnyOrder(
                tuple("name", "profile.name.notSlug"),
                tuple("separator", "bulk.separator.unknown"),
                tuple("charset", "bulk.charset.unknown"),
                tuple("headerRow", "profile.headerRow.range"),
                tuple("fields.optedout", "profile.field.nearMiss"),
                tuple("fields.favourite", "profile.field.unknown"),
                tuple("fields.email", "profile.source.several"),
                tuple("fields.phone", "profile.source.none"),
                tuple("fields.opted_out.values", "profile.values.duplicate"),
                tuple("fields.opted_out.values", "profile.values.target"),
                tuple("fields.kind.value", "profile.value.invalid"),
                tuple("fields.birth_date.dateFormats[0]", "profile.date.twoDigitYear"),
                tuple("fields.birth_date.dateFormats[1]", "profile.date.pattern"),
                tuple("fields.birth_date.dateFormats[2]", "profile.date.incomplete"),
                tuple("fields.job_function.dateFormats", "profile.date.notDate"),
                tuple("fields.job_function.phone", "profile.phone.notPhone"),
                tuple("fields.segments.join", "profile.join.withoutColumns"),
                tuple("fields.segments.split.separator", "profile.split.separator"),
                tuple("fields.segments.split.part", "profile.split.part"),
                tuple("fields.id", "profile.field.required"),
                tuple("consents.emial", "profile.consent.channelNearMiss"),
                tuple("consents.sms.givenOn", "profile.consent.givenOnRequired"),
                tuple("consents.sms.given.values", "profile.values.target"));

        assertThat(problems).filteredOn(p -> p.path().equals("fields.optedout")).singleElement()
                .extracting(ProfileProblem::message).isEqualTo("’optedout’ is not a listguard column; did you mean ’opted_out’?");
        assertThat(problems).filteredOn(p -> p.path().equals("consents.emial")).singleElement()
                .extracting(p -> p.message(Messages.FRENCH)).isEqualTo("’emial’ n’est pas un canal ; vouliez-vous dire ’email’ ?");
        assertThat(problems).filteredOn(p -> p.code().equals("profile.values.target") && p.path().startsWith("fields"))
                .singleElement().extracting(ProfileProblem::message)
                .isEqualTo("’X’ maps to ’oui’, which opted_out cannot hold: use true, false, or an empty text for no value");
    }

    @Test
    void valueTargetsMustFitTheFieldsType() {
        List<ProfileProblem> problems = problems("""
                {"name": "t", "fields": {"id": {"column": "Ref"}, "kind": {"column": "Type", "values": {"P": "PERSON", "G": "generic_address", "X": "ROBOT"}},
                 "last_activity_on": {"column": "D", "values": {"jamais": "", "hier": "2026-02-30"}},
                 "call_attempts_last_30_days": {"column": "N", "values": {"aucun": "0", "beaucoup": "many"}},
                 "job_function": {"column": "J", "values": {"dir": "Directeur"}}}}
                """);

        assertThat(problems).extracting(ProfileProblem::path, p -> p.args().get(0)).containsExactlyInAnyOrder(
                tuple("fields.kind.values", "X"),
                tuple("fields.last_activity_on.values", "hier"),
                tuple("fields.call_attempts_last_30_days.values", "beaucoup"));
    }

    @Test
    void idMustComeFromAColumnAndKindMayBeAConstant() {
        assertThat(problems("{\"name\": \"t\", \"fields\": {\"id\": {\"value\": \"same\"}, \"kind\": {\"value\": \"GENERIC_ADDRESS\"}}}"))
                .extracting(ProfileProblem::path, ProfileProblem::code)
                .containsExactly(tuple("fields.id", "profile.field.idConstant"));
        assertThat(problems("{\"name\": \"t\", \"fields\": {}}")).extracting(ProfileProblem::path).containsExactly("fields.id", "fields.kind");
    }

    @Test
    void separatorsAreCommaSemicolonTabOrBarAndTheNameIsASlug() {
        for (String ok : List.of(",", ";", "|", "\\t", "tab")) {
            assertThat(problems("{\"name\": \"a-1\", \"separator\": \"" + ok + "\", \"fields\": {\"id\": {\"column\": \"R\"}, \"kind\": {\"value\": \"PERSON\"}}}"))
                    .as(ok).isEmpty();
        }
        for (String bad : List.of("", " ", ";;", ":")) {
            assertThat(paths(problems("{\"name\": \"a\", \"separator\": \"" + bad + "\", \"fields\": {\"id\": {\"column\": \"R\"}, \"kind\": {\"value\": \"PERSON\"}}}")))
                    .as(bad).containsExactly("separator");
        }
        for (String bad : List.of("A", "a--b", "-a", "a_b", "é", "a".repeat(65))) {
            assertThat(paths(problems("{\"name\": \"" + bad + "\", \"fields\": {\"id\": {\"column\": \"R\"}, \"kind\": {\"value\": \"PERSON\"}}}")))
                    .as(bad).containsExactly("name");
        }
    }

    @Test
    void aConsentColumnMappedBothInFieldsAndInConsentsIsAProblem() {
        assertThat(problems("""
                {"name": "t", "fields": {"id": {"column": "R"}, "kind": {"value": "PERSON"}, "consent_email_given_on": {"column": "D"}},
                 "consents": {"email": {"givenOn": {"column": "D2"}}}}
                """)).extracting(ProfileProblem::path, ProfileProblem::code)
                .containsExactly(tuple("fields.consent_email_given_on", "profile.consent.twice"));
    }

    @Test
    void onlyAPostalAddressMayJoinWithLineBreaks() {
        assertThat(problems("""
                {"name": "t", "fields": {"id": {"columns": ["A", "B"], "join": "\\n"}, "kind": {"value": "PERSON"},
                 "postal_address": {"columns": ["L1", "L2"], "join": "\\r\\n"}}}
                """)).extracting(ProfileProblem::path).containsExactly("fields.id.join");
    }

    @Test
    void theReaderRefusesUnknownPropertiesNamingEachWithTheNearMiss() {
        assertThatThrownBy(() -> ProfileReader.parse("""
                {"name": "t", "seperator": ";", "fields": {"id": {"colum": "R"}, "kind": {"value": "PERSON", "colour": "red"}},
                 "consents": {"email": {"givenOn": {"column": "D", "dateFormat": "dd/MM/yyyy"}}}}
                """)).isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems())
                .extracting(ProfileProblem::path, ProfileProblem::code, p -> p.args().get(0)).containsExactlyInAnyOrder(
                        tuple("seperator", "profile.json.nearMiss", "seperator"),
                        tuple("fields.id.colum", "profile.json.nearMiss", "colum"),
                        tuple("fields.kind.colour", "profile.json.unknownProperty", "colour"),
                        tuple("consents.email.givenOn.dateFormat", "profile.json.nearMiss", "dateFormat")));
    }

    @Test
    void theReaderRefusesADuplicateKeyRatherThanLettingTheLastWin() {
        assertThatThrownBy(() -> ProfileReader.parse("""
                {"name": "t", "fields": {"opted_out": {"column": "A", "values": {"X": "true", "X": "false"}}}}
                """)).isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.code()).isEqualTo("json.duplicateKey");
                    assertThat(p.path()).isEqualTo("fields.opted_out.values.X");
                }));
    }

    @Test
    void malformedJsonAndAWrongTypeAreProblemsWithTheirPath() {
        assertThatThrownBy(() -> ProfileReader.parse("{\"name\": \"t\", "))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems()).singleElement()
                        .extracting(ProfileProblem::code).isEqualTo("profile.json.invalid"));
        assertThatThrownBy(() -> ProfileReader.parse("{\"name\": \"t\", \"headerRow\": [1]}"))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problems()).singleElement()
                        .extracting(ProfileProblem::path).isEqualTo("headerRow"));
        assertThatThrownBy(() -> ProfileReader.read(""))
                .isInstanceOf(InvalidProfileException.class);
    }

    @Test
    void readChecksTheProfileToo() {
        assertThatThrownBy(() -> ProfileReader.read("{\"name\": \"t\", \"fields\": {\"id\": {\"column\": \"R\"}}}"))
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(paths(e.problems())).containsExactly("fields.kind"))
                .hasMessageContaining("fields.kind: the profile does not map kind, which every record needs");
    }
}
