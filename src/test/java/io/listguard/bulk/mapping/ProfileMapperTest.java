package io.listguard.bulk.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.listguard.bulk.BulkFormatException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, item 2: a profile bound to a broker file's header maps each row onto listguard's columns. */
class ProfileMapperTest {

    private static final List<String> HEADER = List.of("Réf", " E-mail ", "Téléphone", "Adresse 1", "Adresse 2", "CP", "Ville", "Désinscrit",
            "Bloctel", "Dernière activité", "Opt-in email", "Date opt-in", "Preuve", "Civilité");

    private static ProfileMapper broker() {
        return ProfileMapper.bind(ProfileReader.read(ProfileCheckTest.BROKER), HEADER);
    }

    private static List<String> row(String... cells) {
        return Arrays.asList(cells);
    }

    /** A row of the broker file, with the cells that vary. */
    private static List<String> brokerRow(String phone, String optedOut, String bloctel, String activity, String optIn, String optInDate) {
        return row("R-1", "claire@example.org", phone, "12 rue des Lilas", "", "75011", "Paris", optedOut, bloctel, activity, optIn, optInDate,
                "form-7/2026", "Mme");
    }

    private static String value(ProfileMapper mapper, ProfileMapper.Mapped mapped, String column) {
        return mapped.values().get(mapper.header().indexOf(column));
    }

    @Test
    void theCanonicalHeaderIsListguardsColumnsInListguardsOrder() {
        assertThat(broker().header()).containsExactly("id", "kind", "email", "phone", "postal_address", "bloctel_registered", "opted_out",
                "last_activity_on", "consent_email_given_on", "consent_email_proof_ref", "consent_email_renter_named");
    }

    @Test
    void aRowBecomesListguardsValues() {
        ProfileMapper mapper = broker();
        ProfileMapper.Mapped mapped = mapper.map(brokerRow("612345678", "", "FAUX", "01/03/2026", "OUI", "14/02/2026"));

        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.values()).containsExactly("R-1", "PERSON", "claire@example.org", "0612345678", "12 rue des Lilas\n75011\nParis", "false",
                "false" /* the blank key of Désinscrit */, "2026-03-01", "2026-02-14", "form-7", "true");
    }

    @Test
    void valueMapsAreMatchedTrimmedIgnoringCaseWithTheBlankKeyForABlankCell() {
        ProfileMapper mapper = broker();
        assertThat(value(mapper, mapper.map(brokerRow("", " x ", "vrai", "", "NON", "")), "opted_out")).isEqualTo("true");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "Vrai", "", "NON", "")), "opted_out")).isEqualTo("false");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "Vrai", "", "NON", "")), "bloctel_registered")).isEqualTo("true");
        // Bloctel lists no blank key: a blank cell is no value, not a problem
        ProfileMapper.Mapped blank = mapper.map(brokerRow("", "", "", "", "NON", ""));
        assertThat(blank.problems()).isEmpty();
        assertThat(value(mapper, blank, "bloctel_registered")).isNull();
    }

    @Test
    void aWordTheProfileDoesNotListIsAProblemNamingTheFieldAndTheColumnUnlessKeepOthers() {
        ProfileMapper mapper = broker();
        ProfileMapper.Mapped mapped = mapper.map(brokerRow("", "Y", "PEUT-ÊTRE", "", "NON", ""));

        assertThat(mapped.problems()).extracting(ProfileMapper.Problem::message).containsExactly(
                "bloctel_registered (column ’Bloctel’): ’PEUT-ÊTRE’ is not one of the values the profile lists (’VRAI’, ’FAUX’)",
                "opted_out (column ’Désinscrit’): ’Y’ is not one of the values the profile lists (’X’, (blank))");
        assertThat(mapped.problems().get(1).text().render(io.listguard.domain.Messages.FRENCH)).as("a blank cell is named in French")
                .endsWith("(’X’, (vide))");
        assertThat(value(mapper, mapped, "opted_out")).isNull();

        ProfileMapper keep = ProfileMapper.bind(ProfileReader.read("""
                {"name": "k", "fields": {"id": {"column": "R"}, "kind": {"column": "T", "values": {"P": "PERSON"}, "keepOthers": true}}}
                """), List.of("R", "T"));
        assertThat(keep.map(row("1", "P")).values()).containsExactly("1", "PERSON");
        assertThat(keep.map(row("1", "GENERIC_ADDRESS")).values()).containsExactly("1", "GENERIC_ADDRESS");
    }

    @Test
    void datesAreReadInTheProfilesFormatsStrictlyAndWrittenInIso() {
        ProfileMapper mapper = broker();
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "1/3/2026", "NON", "")), "last_activity_on")).isNull(); // dd needs two digits
        assertThat(mapper.map(brokerRow("", "", "", "1/3/2026", "NON", "")).problems()).extracting(ProfileMapper.Problem::message)
                .containsExactly("last_activity_on (column ’Dernière activité’): ’1/3/2026’ is not a date in dd/MM/yyyy, excel");
        ProfileMapper.Mapped february30 = mapper.map(brokerRow("", "", "", "30/02/2026", "OUI", "31/04/2026"));
        assertThat(february30.problems()).extracting(ProfileMapper.Problem::column).containsExactly("last_activity_on", "consent_email_given_on");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "29/02/2024", "NON", "")), "last_activity_on")).isEqualTo("2024-02-29");
    }

    @Test
    void excelSerialDaysFollowThe1900SystemWithItsNonExistentLeapDay() {
        ProfileMapper mapper = broker();
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "45352", "NON", "")), "last_activity_on")).isEqualTo("2024-03-01");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "45352.75", "NON", "")), "last_activity_on")).isEqualTo("2024-03-01");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "1", "NON", "")), "last_activity_on")).isEqualTo("1900-01-01");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "59", "NON", "")), "last_activity_on")).isEqualTo("1900-02-28");
        assertThat(value(mapper, mapper.map(brokerRow("", "", "", "61", "NON", "")), "last_activity_on")).isEqualTo("1900-03-01");
        assertThat(mapper.map(brokerRow("", "", "", "60", "NON", "")).problems()).extracting(ProfileMapper.Problem::message)
                .containsExactly("last_activity_on (column ’Dernière activité’): ’60’ is Excel’s 29 February 1900, a day that never existed");
        assertThat(mapper.map(brokerRow("", "", "", "0", "NON", "")).problems()).hasSize(1);
        assertThat(mapper.map(brokerRow("", "", "", "-3", "NON", "")).problems()).hasSize(1);
    }

    @Test
    void aFrenchNumberThatLostItsLeadingZeroGetsItBackAndOthersAreLeftAlone() {
        ProfileMapper mapper = broker();
        for (String[] phone : new String[][] {{"612345678", "0612345678"}, {"6 12 34 56 78", "06 12 34 56 78"}, {"1.23.45.67.89", "01.23.45.67.89"},
                {"0612345678", "0612345678"}, {"+33612345678", "+33612345678"}, {"0033612345678", "0033612345678"},
                {"012345678", "012345678"}, {"12345678", "12345678"}, {"６12345678", "0６12345678"}, {"61234567a", "61234567a"}}) {
            assertThat(value(mapper, mapper.map(brokerRow(phone[0], "", "", "", "NON", "")), "phone")).as(phone[0]).isEqualTo(phone[1]);
        }
        assertThat(ProfileMapper.frenchPhone("612345678")).isEqualTo("0612345678");
    }

    @Test
    void aConsentWhoseGivenFlagIsNotTrueIsNoConsentWhateverItsDate() {
        ProfileMapper mapper = broker();
        ProfileMapper.Mapped refused = mapper.map(brokerRow("", "", "", "", "NON", "14/02/2026"));
        assertThat(refused.problems()).isEmpty();
        assertThat(value(mapper, refused, "consent_email_given_on")).isNull();
        assertThat(value(mapper, refused, "consent_email_proof_ref")).isNull();
        assertThat(value(mapper, refused, "consent_email_renter_named")).isNull();
        // not given: even a bad date does not matter
        assertThat(mapper.map(brokerRow("", "", "", "", "NON", "31/02/2026")).problems()).isEmpty();
        ProfileMapper.Mapped blank = mapper.map(brokerRow("", "", "", "", "", "14/02/2026"));
        assertThat(value(mapper, blank, "consent_email_given_on")).isNull();
        ProfileMapper.Mapped given = mapper.map(brokerRow("", "", "", "", "oui", "14/02/2026"));
        assertThat(value(mapper, given, "consent_email_given_on")).isEqualTo("2026-02-14");
        assertThat(value(mapper, given, "consent_email_proof_ref")).isEqualTo("form-7");
    }

    @Test
    void anUnreadableGivenFlagIsAProblemAndNoConsent() {
        ProfileMapper mapper = ProfileMapper.bind(ProfileReader.read("""
                {"name": "g", "fields": {"id": {"column": "R"}, "kind": {"value": "PERSON"}},
                 "consents": {"sms": {"given": {"column": "SMS"}, "givenOn": {"column": "Date"}}}}
                """), List.of("R", "SMS", "Date"));

        ProfileMapper.Mapped mapped = mapper.map(row("1", "peut-être", "2026-02-14"));
        assertThat(mapped.problems()).extracting(ProfileMapper.Problem::column, ProfileMapper.Problem::message).containsExactly(
                tuple("consent_sms_given_on", "consents.sms.given (column ’SMS’): ’peut-être’ is not true or false"));
        assertThat(mapped.values()).containsExactly("1", "PERSON", null);
        assertThat(mapper.map(row("1", "1", "2026-02-14")).values()).containsExactly("1", "PERSON", "2026-02-14");
    }

    @Test
    void severalColumnsAreJoinedSkippingBlankOnesAndOneColumnMaySplit() {
        ProfileMapper mapper = ProfileMapper.bind(ProfileReader.read("""
                {"name": "j", "fields": {"id": {"column": "Ref", "split": {"separator": "-", "part": 2}}, "kind": {"value": "PERSON"},
                 "job_function": {"columns": ["Titre", "Service"]},
                 "segments": {"columns": ["S1", "S2", "S3"], "join": "|"}}}
                """), List.of("Ref", "Titre", "Service", "S1", "S2", "S3"));

        assertThat(mapper.map(row("DP-00042", " Directeur ", "", "RETIRED", " ", "HOMEOWNER")).values())
                .containsExactly("00042", "PERSON", "Directeur", "RETIRED|HOMEOWNER");
        assertThat(mapper.map(row("DP00042", "", "", "", "", "")).values()).containsExactly(null, "PERSON", null, null);
    }

    @Test
    void controlCharactersInTheRawCellsAreProblemsNamingTheFieldAndColumnAndAnAddressKeepsItsLines() {
        ProfileMapper mapper = broker();
        List<String> cells = new java.util.ArrayList<>(brokerRow("", "", "", "", "NON", ""));
        cells.set(0, "R-1\u0000");
        cells.set(3, "Bât. B\n12 rue des Lilas");
        ProfileMapper.Mapped mapped = mapper.map(cells);

        assertThat(mapped.problems()).extracting(ProfileMapper.Problem::message).singleElement().asString()
                .startsWith("id (column ’Réf’) contains a control character (U+0000) at character 4");
        assertThat(value(mapper, mapped, "postal_address")).isEqualTo("Bât. B\n12 rue des Lilas\n75011\nParis");
    }

    @Test
    void everyProblemOfARowIsCollectedAtOnce() {
        ProfileMapper mapper = broker();
        ProfileMapper.Mapped mapped = mapper.map(brokerRow("", "?", "?", "hier", "OUI", "demain"));

        assertThat(mapped.problems()).extracting(ProfileMapper.Problem::column)
                .containsExactly("bloctel_registered", "opted_out", "last_activity_on", "consent_email_given_on");
    }

    @Test
    void headerColumnsAreMatchedTrimmedIgnoringCaseAndUnicodeComposition() {
        List<String> header = new java.util.ArrayList<>(HEADER);
        header.set(0, " RE\u0301F ");  // decomposed É, upper case, spaces
        header.set(7, "désinscrit");
        assertThat(ProfileMapper.bind(ProfileReader.read(ProfileCheckTest.BROKER), header).header()).contains("id", "opted_out");
    }

    @Test
    void aColumnTheHeaderLacksRefusesTheFileNamingItTheProfileAndTheHeaderWithTheNearMiss() {
        List<String> header = new java.util.ArrayList<>(HEADER);
        header.set(7, "Desinscrit");
        header.remove("Preuve");

        assertThatThrownBy(() -> ProfileMapper.bind(ProfileReader.read(ProfileCheckTest.BROKER), header))
                .isInstanceOf(BulkFormatException.class)
                .hasMessageContaining("the file’s header has no column ’Désinscrit’, which the profile ’dataplus-b2c’ reads for fields.opted_out;"
                        + " did you mean ’Desinscrit’?")
                .hasMessageContaining("the file’s header has no column ’Preuve’, which the profile ’dataplus-b2c’ reads for consents.email.proofRef")
                .hasMessageContaining("The header’s columns are: ’Réf’, ’E-mail’, ’Téléphone’");
    }

    @Test
    void aColumnTheProfileReadsTwiceInTheHeaderRefusesTheFile() {
        List<String> header = new java.util.ArrayList<>(HEADER);
        header.set(13, "e-mail");
        assertThatThrownBy(() -> ProfileMapper.bind(ProfileReader.read(ProfileCheckTest.BROKER), header))
                .isInstanceOf(BulkFormatException.class).hasMessageContaining("’E-mail’, which the profile ’dataplus-b2c’ reads for fields.email, appears 2 times");
    }

    @Test
    void theFilesColumnsTheProfileDoesNotReadAreOneWarningEach() {
        List<String> header = new java.util.ArrayList<>(HEADER);
        header.add("Civilité");
        header.add("");
        header.add(" ");
        assertThat(ProfileMapper.bind(ProfileReader.read(ProfileCheckTest.BROKER), header).warnings()).containsExactly(
                "the column ’Civilité’ is not used by the profile ’dataplus-b2c’ and is ignored",
                "column 16 has no name and is not used by the profile ’dataplus-b2c’: it is ignored",
                "column 17 has no name and is not used by the profile ’dataplus-b2c’: it is ignored");
    }

    @Test
    void anInvalidProfileIsNeverBound() {
        assertThatThrownBy(() -> ProfileMapper.bind(new MappingProfile("x", null, null, null, null, null, null, java.util.Map.of(), null), HEADER))
                .isInstanceOf(InvalidProfileException.class);
    }
}
