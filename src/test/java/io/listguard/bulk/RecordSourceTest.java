package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading records files: CSV as Excel writes it (in English and French), NDJSON as the JSON API takes it, gzip or not. */
class RecordSourceTest {

    private static List<ParsedLine> readAll(byte[] bytes, RecordSource.Format format) {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(bytes), format)) {
            return drain(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ParsedLine> drain(RecordSource source) {
        List<ParsedLine> lines = new ArrayList<>();
        ParsedLine line;
        while ((line = source.next()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private static List<ParsedLine> csv(String text) {
        return readAll(text.getBytes(StandardCharsets.UTF_8), RecordSource.Format.CSV);
    }

    private static List<ParsedLine> ndjson(String text) {
        return readAll(text.getBytes(StandardCharsets.UTF_8), RecordSource.Format.NDJSON);
    }

    private static ProspectRecord only(List<ParsedLine> lines) {
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).error()).isNull();
        return lines.get(0).record();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(plain);
        }
        return bytes.toByteArray();
    }

    @Nested
    class Csv {

        @Test
        void aCommaSeparatedFileGivesTheSameRecordAsTheJsonApi() {
            ProspectRecord record = only(csv("""
                    id,kind,email,phone,postal_address,birth_date,job_function,segments,bloctel_registered,opted_out,active_contract_related_to_offer,last_activity_on,call_attempts_last_30_days,last_refusal_on,consent_email_given_on,consent_email_proof_ref,consent_email_renter_named,consent_email_parental_consent
                    r-1,PERSON,claire@example.org,06 12 34 56 78,"12 rue de la Paix, 75002 Paris",1988-03-02,MARKETING,FAMILY_WITH_CHILDREN|RETIRED,false,no,0,2026-03-01,2,2025-12-24,2026-03-01,form-991#1,true,non
                    """));

            assertThat(record).isEqualTo(new ProspectRecord("r-1", RecordKind.PERSON, "claire@example.org", "06 12 34 56 78",
                    "12 rue de la Paix, 75002 Paris", LocalDate.of(1988, 3, 2), "MARKETING", List.of("FAMILY_WITH_CHILDREN", "RETIRED"),
                    List.of(new Consent(Channel.EMAIL, LocalDate.of(2026, 3, 1), "form-991#1", true, false)), false, false, false,
                    LocalDate.of(2026, 3, 1), 2, LocalDate.of(2025, 12, 24)));
        }

        @Test
        void aSemicolonSeparatedFileFromFrenchExcelIsReadTheSame() {
            ProspectRecord comma = only(csv("""
                    id,kind,email,postal_address,segments,opted_out,consent_sms_given_on,consent_sms_renter_named
                    r-1,PERSON,a@example.org,"12 rue de la Paix, 75002 Paris",RETIRED|STUDENT,oui,2026-01-15,oui
                    """));
            ProspectRecord semicolon = only(csv("""
                    id;kind;email;postal_address;segments;opted_out;consent_sms_given_on;consent_sms_renter_named
                    r-1;PERSON;a@example.org;12 rue de la Paix, 75002 Paris;RETIRED|STUDENT;oui;2026-01-15;oui
                    """));

            assertThat(semicolon).isEqualTo(comma);
            assertThat(semicolon.postalAddress()).isEqualTo("12 rue de la Paix, 75002 Paris");
            assertThat(semicolon.optedOut()).isTrue();
            assertThat(semicolon.consents()).containsExactly(new Consent(Channel.SMS, LocalDate.of(2026, 1, 15), null, true, null));
        }

        @Test
        void columnsMayComeInAnyOrderAndInAnyCase() {
            ProspectRecord a = only(csv("id,kind,email,birth_date\nr-1,PERSON,a@example.org,1970-01-02\n"));
            ProspectRecord b = only(csv("Birth_Date, EMAIL ,KIND,Id\n1970-01-02,a@example.org,person,r-1\n"));

            assertThat(b).isEqualTo(a);
            assertThat(b.kind()).isEqualTo(RecordKind.PERSON);
            assertThat(b.birthDate()).isEqualTo(LocalDate.of(1970, 1, 2));
        }

        @Test
        void aByteOrderMarkAndWindowsLineEndingsAreNotPartOfTheData() {
            String text = "\uFEFFid;kind;email\r\nr-1;PERSON;a@example.org\r\nr-2;GENERIC_ADDRESS;contact@example.org\r\n";

            List<ParsedLine> lines = csv(text);

            assertThat(lines).extracting(ParsedLine::error).containsOnlyNulls();
            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L);
            assertThat(lines).extracting(l -> l.record().id()).containsExactly("r-1", "r-2");
            assertThat(lines.get(1).record().email()).isEqualTo("contact@example.org");
            assertThat(lines.get(1).record().kind()).isEqualTo(RecordKind.GENERIC_ADDRESS);
        }

        @Test
        void oldMacLineEndingsAreLineEndingsToo() {
            List<ParsedLine> lines = csv("id,kind\rr-1,PERSON\rr-2,PERSON");

            assertThat(lines).extracting(l -> l.record().id()).containsExactly("r-1", "r-2");
            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L);
        }

        @Test
        void manyWindowsLinesAcrossReadBuffersKeepTheirNumbers() {
            StringBuilder text = new StringBuilder("id,kind,job_function\r\n");
            for (int i = 1; i <= 5_000; i++) {
                text.append("r-").append(i).append(",PERSON,").append("j".repeat(i % 97)).append("\r\n");
            }

            List<ParsedLine> lines = csv(text.toString());

            assertThat(lines).hasSize(5_000).extracting(ParsedLine::error).containsOnlyNulls();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i).line()).isEqualTo(i + 2L);
                assertThat(lines.get(i).record().id()).isEqualTo("r-" + (i + 1));
                assertThat(lines.get(i).record().jobFunction()).isEqualTo((i + 1) % 97 == 0 ? null : "j".repeat((i + 1) % 97));
            }
        }

        @Test
        void quotedFieldsMayHoldSeparatorsAndDoubledQuotes() {
            ProspectRecord record = only(csv("""
                    id,kind,postal_address,job_function
                    "r,1",PERSON,"Résidence ""Les Tilleuls"", 3 allée Verte",""
                    """));

            assertThat(record.id()).isEqualTo("r,1");
            assertThat(record.postalAddress()).isEqualTo("Résidence \"Les Tilleuls\", 3 allée Verte");
            assertThat(record.jobFunction()).as("an empty quoted field is no value").isNull();
        }

        @Test
        void segmentsAreSeparatedByBarsAndEmptyCellsAreNoValue() {
            List<ParsedLine> lines = csv("""
                    id,kind,segments,email,bloctel_registered,call_attempts_last_30_days
                    r-1,PERSON, RETIRED | STUDENT ||,,,
                    r-2,PERSON,,  ,,
                    """);

            assertThat(lines.get(0).record().segments()).containsExactly("RETIRED", "STUDENT");
            ProspectRecord empty = lines.get(1).record();
            assertThat(empty.segments()).isEmpty();
            assertThat(empty.email()).isNull();
            assertThat(empty.bloctelRegistered()).isNull();
            assertThat(empty.callAttemptsLast30Days()).isNull();
            assertThat(empty.consents()).isEmpty();
        }

        @Test
        void consentsAreReadPerChannelFromTheirFourColumns() {
            ProspectRecord record = only(csv("""
                    id,kind,consent_email_given_on,consent_email_proof_ref,consent_email_renter_named,consent_email_parental_consent,consent_phone_given_on,consent_phone_proof_ref,consent_phone_renter_named,consent_automated_call_given_on,consent_postal_given_on,consent_postal_proof_ref
                    r-1,PERSON,2026-03-01,form-1,yes,no,2025-11-12,,0,,2024-02-29,post-7
                    """));

            assertThat(record.consents()).containsExactly(
                    new Consent(Channel.EMAIL, LocalDate.of(2026, 3, 1), "form-1", true, false),
                    new Consent(Channel.PHONE, LocalDate.of(2025, 11, 12), null, false, null),
                    new Consent(Channel.POSTAL, LocalDate.of(2024, 2, 29), "post-7", null, null));
        }

        @Test
        void aConsentWithoutItsDateIsNoConsent() {
            ProspectRecord record = only(csv("id,kind,consent_sms_given_on,consent_sms_proof_ref,consent_sms_renter_named\nr-1,PERSON,,form-1,true\n"));

            assertThat(record.consents()).isEmpty();
        }

        @Test
        void booleansAreTrueFalseYesNoOuiNonOneZeroInAnyCase() {
            List<ParsedLine> lines = csv("""
                    id,kind,bloctel_registered,opted_out,active_contract_related_to_offer
                    t1,PERSON,true,TRUE,True
                    t2,PERSON,yes,Yes,YES
                    t3,PERSON,oui,OUI,1
                    f1,PERSON,false,FALSE,False
                    f2,PERSON,no,No,NO
                    f3,PERSON,non,NON,0
                    """);

            assertThat(lines).hasSize(6).extracting(ParsedLine::error).containsOnlyNulls();
            for (ParsedLine line : lines) {
                boolean expected = line.record().id().startsWith("t");
                ProspectRecord r = line.record();
                assertThat(List.of(r.bloctelRegistered(), r.optedOut(), r.activeContractRelatedToOffer())).as(r.id())
                        .containsOnly(expected);
            }
        }

        @Test
        void blankLinesAreSkippedButStillCountInLineNumbers() {
            List<ParsedLine> lines = csv("id,kind\n\nr-1,PERSON\n   \n\r\nr-2,PERSON\n\n");

            assertThat(lines).extracting(l -> l.record().id()).containsExactly("r-1", "r-2");
            assertThat(lines).extracting(ParsedLine::line).containsExactly(3L, 6L);
        }

        @Test
        void aRejectedLineAndAWarningSayWhyInFrenchForAFrenchReaderAndInEnglishForAnEnglishOne() {
            // issue 16: a French user never reads English; the English text stays what the API's errors.csv says
            String text = "id,kind,birth_date,opted_out,call_attempts_last_30_days,favourite_colour\n"
                    + "r-1,ROBOT,1980-13-45,maybe,three,blue\n"
                    + "r-2,PERSON\n";
            try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
                List<ParsedLine> lines = drain(source);

                assertThat(lines.get(0).error(java.util.Locale.FRENCH)).isEqualTo("kind : ’ROBOT’ n’est ni PERSON ni GENERIC_ADDRESS; "
                        + "birth_date : ’1980-13-45’ n’est pas une date valide (AAAA-MM-JJ); opted_out : ’maybe’ n’est ni vrai ni faux "
                        + "(true, false, oui, non); call_attempts_last_30_days : ’three’ n’est pas un nombre entier");
                assertThat(lines.get(0).error(java.util.Locale.ENGLISH)).isEqualTo(lines.get(0).error()).isEqualTo("kind: ’ROBOT’ is not one of "
                        + "PERSON, GENERIC_ADDRESS; birth_date: ’1980-13-45’ is not a valid date (YYYY-MM-DD); opted_out: ’maybe’ is not true or false; "
                        + "call_attempts_last_30_days: ’three’ is not a whole number");
                assertThat(lines.get(1).error(java.util.Locale.FRENCH)).isEqualTo("2 colonnes alors que l’en-tête en a 6");
                assertThat(lines.get(1).error(java.util.Locale.ENGLISH)).isEqualTo("2 columns where the header has 6");
                assertThat(source.warnings(java.util.Locale.FRENCH)).containsExactly("la colonne inconnue ’favourite_colour’ est ignorée");
                assertThat(source.warnings(java.util.Locale.ENGLISH)).containsExactly("unknown column ’favourite_colour’ is ignored");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void aRecordCheckAndAControlCharacterOfALineAreSaidInTheReadersLanguage() {
            List<ParsedLine> lines = csv("id,kind,birth_date\nr-1,PERSON,1800-01-01\n\"r\u00012\",PERSON,\n");

            assertThat(lines.get(0).error(java.util.Locale.FRENCH)).startsWith("birthDate : ").doesNotContain(" is ");
            assertThat(lines.get(0).error(java.util.Locale.ENGLISH)).startsWith("birthDate ").isEqualTo(lines.get(0).error());
            assertThat(lines.get(1).error(java.util.Locale.FRENCH)).startsWith("id : contient un caractère de contrôle (U+0001) au caractère 2");
            assertThat(lines.get(1).error(java.util.Locale.ENGLISH)).startsWith("id contains a control character (U+0001) at character 2");
        }

        @Test
        void anUnknownColumnIsReportedOnceAsAWarningAndIgnored() {
            String text = "id,kind,favourite_colour,email\n" + "r-1,PERSON,blue,a@example.org\n".repeat(3)
                    + "r-2,PERSON,green,b@example.org\n";
            try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
                List<ParsedLine> lines = drain(source);

                assertThat(lines).hasSize(4).extracting(ParsedLine::error).containsOnlyNulls();
                assertThat(lines.get(3).record().email()).isEqualTo("b@example.org");
                assertThat(source.warnings()).containsExactly("unknown column ’favourite_colour’ is ignored");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Test
        void aMissingRequiredColumnFailsTheFileBeforeAnyLineIsReadNamingTheColumns() {
            byte[] noKind = "id,email\nr-1,a@example.org\n".getBytes(StandardCharsets.UTF_8);
            byte[] neither = "email;phone\na@example.org;0612345678\n".getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> RecordSource.open(new ByteArrayInputStream(noKind), RecordSource.Format.CSV))
                    .isInstanceOf(BulkFormatException.class)
                    .hasMessageContaining("required column(s) kind")
                    .hasMessageContaining("found: id, email");
            assertThatThrownBy(() -> RecordSource.open(new ByteArrayInputStream(neither), RecordSource.Format.CSV))
                    .isInstanceOf(BulkFormatException.class)
                    .hasMessageContaining("required column(s) id, kind")
                    .hasMessageContaining("found: email, phone");
        }

        @Test
        void anEmptyFileOrADuplicateColumnIsAFormatError() {
            assertThatThrownBy(() -> csv("")).isInstanceOf(BulkFormatException.class).hasMessageContaining("no header");
            assertThatThrownBy(() -> csv("\n\n")).isInstanceOf(BulkFormatException.class).hasMessageContaining("no header");
            assertThatThrownBy(() -> csv("id,kind,ID\n")).isInstanceOf(BulkFormatException.class)
                    .hasMessageContaining("the column ’ID’ appears twice");
        }

        @Test
        void malformedLinesAreRejectedWithTheirLineNumberAndReadingGoesOn() {
            List<ParsedLine> lines = csv("""
                    id,kind,email,birth_date
                    r-1,PERSON,a@example.org,1980-01-01
                    r-2,PERSON,b@example.org
                    r-3,PERSON,c@example.org,1980-13-45
                    r-4,ROBOT,d@example.org,1980-01-01
                    r-5,PERSON,"e@example.org,1980-01-01"
                    r-6,PERSON,f@example.org,1980-02-30
                    r-7,PERSON,g@example.org,1980-01-01,extra
                    r-8,PERSON,h@example.org,1980-01-01
                    """);

            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(lines.get(0).rejected()).isFalse();
            assertThat(lines.get(1).error()).isEqualTo("3 columns where the header has 4");
            assertThat(lines.get(2).error()).isEqualTo("birth_date: ’1980-13-45’ is not a valid date (YYYY-MM-DD)");
            assertThat(lines.get(3).error()).isEqualTo("kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
            assertThat(lines.get(4).error()).isEqualTo("3 columns where the header has 4");
            assertThat(lines.get(5).error()).isEqualTo("birth_date: ’1980-02-30’ is not a valid date (YYYY-MM-DD)");
            assertThat(lines.get(6).error()).isEqualTo("5 columns where the header has 4");
            assertThat(lines.get(7).rejected()).isFalse();
            assertThat(lines.get(7).record().id()).isEqualTo("r-8");
            assertThat(lines).filteredOn(ParsedLine::rejected).extracting(ParsedLine::record).containsOnlyNulls();
        }

        @Test
        void badBooleansNumbersAndMissingValuesAreRejectedNamingTheColumn() {
            List<ParsedLine> lines = csv("""
                    id,kind,opted_out,call_attempts_last_30_days,last_activity_on
                    r-1,PERSON,maybe,0,
                    r-2,PERSON,no,three,
                    r-3,,no,0,
                    ,PERSON,no,0,
                    r-5,PERSON,no,0,1850-01-01
                    """);

            assertThat(lines).extracting(ParsedLine::error).containsExactly(
                    "opted_out: ’maybe’ is not true or false",
                    "call_attempts_last_30_days: ’three’ is not a whole number",
                    "kind is required",
                    "id is required",
                    "lastActivityOn ’1850-01-01’ is outside the years 1900 to 2200");
        }

        @Test
        void aLineOverSixtyFourKilobytesIsRejectedWithoutStoppingTheFile() {
            String huge = "r-2,PERSON," + "x".repeat(70_000);
            List<ParsedLine> lines = csv("id,kind,email\nr-1,PERSON,a@example.org\n" + huge + "\nr-3,PERSON,c@example.org\n");

            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L);
            assertThat(lines.get(1).error()).isEqualTo("the line is longer than 65536 characters");
            assertThat(lines.get(2).record().id()).isEqualTo("r-3");
        }

        @Test
        void aLineOfExactlySixtyFourKilobytesIsStillRead() {
            String prefix = "r-1,PERSON,";
            String line = prefix + "x".repeat(RecordSource.MAX_LINE - prefix.length());
            List<ParsedLine> lines = csv("id,kind,job_function\n" + line + "\n");

            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).rejected()).isFalse();
            assertThat(lines.get(0).record().jobFunction()).hasSize(RecordSource.MAX_LINE - prefix.length());
        }

        @Test
        void aGzipCompressedFileIsReadTheSame() throws IOException {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            long malformed = SyntheticFile.write(plain, 2_000, 3);

            List<ParsedLine> fromPlain = readAll(plain.toByteArray(), RecordSource.Format.CSV);
            List<ParsedLine> fromGzip = readAll(gzip(plain.toByteArray()), RecordSource.Format.CSV);

            assertThat(fromGzip).hasSize(2_000).isEqualTo(fromPlain);
            assertThat(fromGzip).filteredOn(ParsedLine::rejected).hasSize((int) malformed);
        }

        @Test
        void aGzipCompressedFileWithBomAndCrlfIsReadTheSame() throws IOException {
            byte[] text = "\uFEFFid;kind;segments\r\nr-1;PERSON;RETIRED|STUDENT\r\n".getBytes(StandardCharsets.UTF_8);

            assertThat(readAll(gzip(text), RecordSource.Format.CSV)).isEqualTo(readAll(text, RecordSource.Format.CSV))
                    .singleElement().satisfies(l -> assertThat(l.record().segments()).containsExactly("RETIRED", "STUDENT"));
        }
    }

    @Nested
    class Ndjson {

        private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        @Test
        void eachLineIsTheSameRecordAsInTheJsonApi() throws IOException {
            String example = Files.readString(Path.of("docs/examples/evaluation-request.json"));
            EvaluationRequest request = JSON.readValue(example, EvaluationRequest.class);
            StringBuilder ndjson = new StringBuilder();
            for (JsonNode record : JSON.readTree(example).get("records")) {
                ndjson.append(JSON.writeValueAsString(record)).append('\n');
            }

            List<ParsedLine> lines = ndjson(ndjson.toString());

            assertThat(lines).extracting(ParsedLine::error).containsOnlyNulls();
            assertThat(lines).extracting(ParsedLine::record).containsExactlyElementsOf(request.records());
            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }

        @Test
        void unknownPropertiesAreIgnoredAndBlankLinesSkipped() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"PERSON","email":"a@example.org","favouriteColour":"blue","extra":{"nested":[1,2]}}

                    {"id":"r-2","kind":"GENERIC_ADDRESS","segments":["RETIRED"],"consents":[{"channel":"SMS","givenOn":"2026-01-15","renterNamed":true}]}
                    """);

            assertThat(lines).extracting(ParsedLine::error).containsOnlyNulls();
            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 3L);
            assertThat(lines.get(0).record().email()).isEqualTo("a@example.org");
            assertThat(lines.get(1).record().consents()).containsExactly(new Consent(Channel.SMS, LocalDate.of(2026, 1, 15), null, true, null));
        }

        @Test
        void aByteOrderMarkAndCrlfAreHandled() {
            List<ParsedLine> lines = ndjson("\uFEFF{\"id\":\"r-1\",\"kind\":\"PERSON\"}\r\n{\"id\":\"r-2\",\"kind\":\"PERSON\"}\r\n");

            assertThat(lines).extracting(l -> l.record().id()).containsExactly("r-1", "r-2");
        }

        @Test
        void anUnknownEnumValueIsRejectedNamingTheFieldPath() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"PERSON","consents":[{"channel":"FAX","givenOn":"2026-01-15"}]}
                    {"id":"r-2","kind":"ROBOT"}
                    {"id":"r-3","kind":"PERSON"}
                    """);

            assertThat(lines.get(0).error()).isEqualTo("consents[0].channel: ’FAX’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
            assertThat(lines.get(1).error()).isEqualTo("kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
            assertThat(lines.get(2).rejected()).isFalse();
            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L);
        }

        @Test
        void aRejectedNdjsonLineSaysWhyInFrenchForAFrenchReader() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"ROBOT"}
                    ["r-2"]
                    {"id":"r-3","kind":"PERSON","optedout":true}
                    """);

            assertThat(lines.get(0).error(java.util.Locale.FRENCH)).startsWith("kind : ").contains("’ROBOT’").doesNotContain("is not");
            assertThat(lines.get(0).error(java.util.Locale.ENGLISH)).isEqualTo("kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
            assertThat(lines.get(1).error(java.util.Locale.FRENCH)).doesNotContain("the line").doesNotContain("is not");
            assertThat(lines.get(2).error(java.util.Locale.FRENCH)).isEqualTo("’optedout’ n’est pas un champ ; vouliez-vous dire ’optedOut’ ?");
        }

        @Test
        void aBadDateOrWrongTypeIsRejectedNamingTheFieldPath() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"PERSON","birthDate":"1980-02-30"}
                    {"id":"r-2","kind":"PERSON","segments":"RETIRED|STUDENT","callAttemptsLast30Days":"x"}
                    {"id":"r-3","kind":"PERSON","consents":[{"channel":"EMAIL","givenOn":"2026-01-15"},{"channel":"SMS","givenOn":"soon"}]}
                    """);

            assertThat(lines.get(0).error()).startsWith("birthDate: ").contains("1980-02-30");
            assertThat(lines.get(1).error()).startsWith("segments: ");
            assertThat(lines.get(2).error()).startsWith("consents[1].givenOn: ").contains("’soon’");
        }

        @Test
        void malformedJsonIsRejectedAndReadingGoesOn() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"PERSON"}
                    {"id":"r-2","kind":"PERSON",
                    not json at all
                    ["r-4"]
                    {"id":"r-5","kind":"PERSON"}
                    """);

            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(lines.get(1).error()).contains("malformed JSON");
            assertThat(lines.get(2).error()).contains("malformed JSON");
            assertThat(lines.get(3).error()).isEqualTo("expected an object");
            assertThat(lines.get(4).record().id()).isEqualTo("r-5");
            assertThat(lines).filteredOn(ParsedLine::rejected).extracting(ParsedLine::error)
                    .allSatisfy(e -> assertThat(e).doesNotContain("tools.jackson", "Exception"));
        }

        @Test
        void aRecordMissingItsKindOrIdIsRejected() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","email":"a@example.org"}
                    {"kind":"PERSON"}
                    {"id":"r-3","kind":"PERSON","consents":[{"channel":"EMAIL"}]}
                    null
                    """);

            assertThat(lines.get(0).error()).isEqualTo("kind is required");
            assertThat(lines.get(1).error()).isEqualTo("id is required");
            assertThat(lines.get(2).error()).isEqualTo("consents[0].givenOn is required");
            assertThat(lines.get(3).error()).isEqualTo("the line is not a record object");
        }

        @Test
        void aLineOverSixtyFourKilobytesIsRejected() {
            String huge = "{\"id\":\"r-1\",\"kind\":\"PERSON\",\"jobFunction\":\"" + "x".repeat(70_000) + "\"}";
            List<ParsedLine> lines = ndjson(huge + "\n{\"id\":\"r-2\",\"kind\":\"PERSON\"}\n");

            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L);
            assertThat(lines.get(0).error()).isEqualTo("the line is longer than 65536 characters");
            assertThat(lines.get(1).record().id()).isEqualTo("r-2");
        }

        @Test
        void twoRecordsOnOneLineAreRejectedNotHalfRead() {
            List<ParsedLine> lines = ndjson("{\"id\":\"r-1\",\"kind\":\"PERSON\"} {\"id\":\"r-2\",\"kind\":\"PERSON\"}\n");

            assertThat(lines).singleElement().satisfies(l -> assertThat(l.rejected()).as("r-2 would be lost silently").isTrue());
        }

        @Test
        void aGzipCompressedFileIsReadTheSame() throws IOException {
            byte[] text = "{\"id\":\"r-1\",\"kind\":\"PERSON\"}\n{\"id\":\"r-2\",\"kind\":\"FAX\"}\n".getBytes(StandardCharsets.UTF_8);

            assertThat(readAll(gzip(text), RecordSource.Format.NDJSON)).hasSize(2).isEqualTo(readAll(text, RecordSource.Format.NDJSON));
        }
    }

    @Test
    void theFormatIsToldByTheFileName() {
        assertThat(RecordSource.formatOf("prospects.csv")).isEqualTo(RecordSource.Format.CSV);
        assertThat(RecordSource.formatOf("PROSPECTS.CSV.GZ")).isEqualTo(RecordSource.Format.CSV);
        assertThat(RecordSource.formatOf("prospects.ndjson")).isEqualTo(RecordSource.Format.NDJSON);
        assertThat(RecordSource.formatOf("prospects.jsonl.gz")).isEqualTo(RecordSource.Format.NDJSON);
        assertThat(RecordSource.formatOf("prospects.xlsx")).isEqualTo(RecordSource.Format.XLSX); // issue 12, item 5
        assertThatThrownBy(() -> RecordSource.formatOf("prospects.ods")).isInstanceOf(BulkFormatException.class)
                .hasMessageContaining("prospects.ods").hasMessageContaining(".xlsx");
    }

    /** Issue 12, item 4: unknown fields are never silent. */
    @Nested
    class FieldNamesOfTheFile {

        @Test
        void nearMissesOfOptedOutRejectTheirLineNamingTheIntendedFieldNeverAContactableRecord() {
            List<ParsedLine> lines = ndjson("""
                    {"id":"r-1","kind":"PERSON","email":"a@example.org","opted_out":true}
                    {"id":"r-2","kind":"PERSON","email":"b@example.org","optOut":true}
                    {"id":"r-3","kind":"PERSON","email":"c@example.org","OptedOut":true}
                    {"id":"r-4","kind":"PERSON","email":"d@example.org","optedout":true}
                    {"id":"r-5","kind":"PERSON","email":"e@example.org","optedOut":true}
                    {"id":"r-6","kind":"PERSON","consents":[{"channel":"EMAIL","given_on":"2026-01-15"}]}
                    """);

            assertThat(lines).extracting(ParsedLine::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(lines.subList(0, 4)).extracting(ParsedLine::record).containsOnlyNulls();
            assertThat(lines.subList(0, 4)).extracting(ParsedLine::error).containsExactly(
                    "’opted_out’ is not a field; did you mean ’optedOut’?",
                    "’optOut’ is not a field; did you mean ’optedOut’?",
                    "’OptedOut’ is not a field; did you mean ’optedOut’?",
                    "’optedout’ is not a field; did you mean ’optedOut’?");
            assertThat(lines.get(4).record().optedOut()).isTrue();
            assertThat(lines.get(5).error()).isEqualTo("consents[0]: ’given_on’ is not a field; did you mean ’givenOn’?");
        }

        @Test
        void anUnknownHarmlessFieldIsOneWarningForTheWholeFileAndTheRecordsAreRead() throws IOException {
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                text.append("{\"id\":\"r-").append(i).append("\",\"kind\":\"PERSON\",\"brokerRef\":\"BR-").append(i).append("\"}\n");
            }
            text.append("{\"id\":\"r-6\",\"kind\":\"PERSON\",\"consents\":[{\"channel\":\"SMS\",\"givenOn\":\"2026-01-15\",\"brokerRef\":1}]}\n");
            try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                    RecordSource.Format.NDJSON)) {
                List<ParsedLine> lines = drain(source);

                assertThat(lines).hasSize(6).extracting(ParsedLine::error).containsOnlyNulls();
                assertThat(lines).extracting(l -> l.record().id()).containsExactly("r-1", "r-2", "r-3", "r-4", "r-5", "r-6");
                assertThat(source.warnings()).containsExactly(
                        "the field ’brokerRef’ is unknown and was ignored (5 time(s), at brokerRef, first on line 1)",
                        "the field ’brokerRef’ is unknown and was ignored (1 time(s), at consents[].brokerRef, first on line 6)");
            }
        }

        @Test
        void aCsvHeaderNearMissRefusesTheFileNamingTheIntendedColumn() {
            for (String column : List.of("optedout", "Optedout", "OptedOut", "opted-out", "opted_outt")) {
                String text = "id,kind,email," + column + "\nr-1,PERSON,a@example.org,yes\n";
                assertThatThrownBy(() -> csv(text)).as(column).isInstanceOf(BulkFormatException.class)
                        .hasMessage("’" + column + "’ is not a column; did you mean ’opted_out’? The file is refused: rename the column and submit it again");
            }
            assertThatThrownBy(() -> csv("id,kind,consent_emial_given_on\nr-1,PERSON,2026-01-15\n")).isInstanceOf(BulkFormatException.class)
                    .hasMessageContaining("did you mean ’consent_email_given_on’?");
            assertThat(csv("id,kind,opted_out\nr-1,PERSON,yes\n")).singleElement().satisfies(l -> assertThat(l.record().optedOut()).isTrue());
        }
    }
}
