package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileReader;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12, item 2, done when: the broker's own file evaluates correctly with its mapping profile and is refused
 * without one. The campaign is the documented consumer email campaign (docs/examples/evaluation-request.json).
 */
class BrokerFileTest {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    static BulkHeader campaign() {
        try {
            return JSON.readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), BulkHeader.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ReadOptions withProfile() {
        MappingProfile profile = ProfileReader.read(BrokerFile.PROFILE);
        return campaign().readOptions(profile);
    }

    private static List<ParsedLine> read(ReadOptions options) {
        return RecordSources.readAll(BrokerFile.bytes(), RecordSource.Format.CSV, options);
    }

    /** The verdict file of the core's bulk path, as the service's jobs and the CLI write it. */
    static String verdictFile(ReadOptions options) {
        return verdictFiles(BrokerFile.bytes(), RecordSource.Format.CSV, options)[0];
    }

    /** The verdict and error files of a file. */
    static String[] verdictFiles(byte[] file, RecordSource.Format format, ReadOptions options) {
        ByteArrayOutputStream verdicts = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        BulkHeader header = campaign();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(file), format, options);
             VerdictFiles files = new VerdictFiles(verdicts, errors)) {
            new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 2, 2).run(header.campaign(), header.file(), source, files, files,
                    (read, done, rejected) -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {verdicts.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8)};
    }

    /**
     * Issue 12, item 5: the broker's Excel workbook, read with the same profile (its CSV separator and charset left
     * aside), gives the verdicts of its CSV export: the same records, reasons, legal bases and deciding rules, and the
     * same rejection of DP-004 with its two problems. Only the line numbers are the sheet's rows, as Excel shows them:
     * the address on two lines takes two lines of the CSV and one row of the sheet.
     */
    @Test
    void theSameExportAsAnExcelWorkbookGivesTheSameVerdictsAtItsRows() {
        MappingProfile profile = ProfileReader.read(BrokerFile.PROFILE);
        String[] csv = verdictFiles(BrokerFile.bytes(), RecordSource.Format.CSV, campaign().readOptions(profile, RecordSource.Format.CSV));
        String[] xlsx = verdictFiles(BrokerFile.xlsx(), RecordSource.Format.XLSX, campaign().readOptions(profile, RecordSource.Format.XLSX));

        Map<String, String> csvRows = Map.of("3", "3", "5", "4", "6", "5", "7", "6"); // CSV line -> sheet row
        assertThat(xlsx[0]).isEqualTo(atRows(csv[0], csvRows));
        assertThat(xlsx[1]).isEqualTo(atRows(csv[1], csvRows));
        assertThat(xlsx[0].lines().skip(1).toList()).hasSize(3).satisfiesExactly(
                dp1 -> assertThat(dp1).startsWith("3,DP-001,true,,CONSENT_REQUIRED,"),
                dp2 -> assertThat(dp2).startsWith("4,DP-002,false,OPTED_OUT,"),
                dp3 -> assertThat(dp3).startsWith("5,DP-003,false,NO_CONSENT,"));
        assertThat(xlsx[1]).contains("6,").contains("bloctel_registered (column ’Bloctel’): ’PEUT-ÊTRE’ is not one of the values the profile lists")
                .contains("consent_email_given_on (column ’Date opt-in’): ’31/02/2026’ is not a date in dd/MM/yyyy");
    }

    /** A verdict or error file with each line number replaced as the map says. */
    private static String atRows(String file, Map<String, String> rows) {
        return java.util.regex.Pattern.compile("(?m)^(\\d+),").matcher(file).replaceAll(m -> rows.getOrDefault(m.group(1), m.group(1)) + ",");
    }

    @Test
    void theFileIsWindows1252AndTheProfileSaysSo() {
        assertThat(new String(BrokerFile.bytes(), StandardCharsets.UTF_8)).contains("\uFFFD"); // not UTF-8
        assertThat(withProfile().charset()).isEqualTo(BrokerFile.WINDOWS_1252);
        assertThat(withProfile().separator()).isEqualTo(';');
    }

    @Test
    void withItsProfileEachLineBecomesTheRecordTheBrokerMeant() {
        List<ParsedLine> lines = read(withProfile());

        assertThat(lines).extracting(ParsedLine::line).containsExactly(3L, 5L, 6L, 7L); // the two-line record is one, numbered by its first line
        ProspectRecord claire = lines.get(0).record();
        assertThat(claire.id()).isEqualTo("DP-001");
        assertThat(claire.phone()).isEqualTo("0612345678");
        assertThat(claire.postalAddress()).isEqualTo("12 rue des Lilas\r\n75011 Paris");
        assertThat(claire.optedOut()).isFalse();
        assertThat(claire.bloctelRegistered()).isFalse();
        assertThat(claire.segments()).containsExactly("FAMILY_WITH_CHILDREN");
        assertThat(claire.consents()).singleElement().satisfies(c -> {
            assertThat(c.givenOn()).hasToString("2026-03-01");
            assertThat(c.proofRef()).isEqualTo("form-991#2026-03-01T10:02Z");
            assertThat(c.renterNamed()).isTrue();
        });
        ProspectRecord jean = lines.get(1).record();
        assertThat(jean.optedOut()).isTrue();
        assertThat(jean.lastActivityOn()).hasToString("2026-02-12"); // Excel serial 46065
        ProspectRecord francoise = lines.get(2).record();
        assertThat(francoise.email()).isEqualTo("françoise.garçon@example.org");
        assertThat(francoise.consents()).as("Opt-in email NON: no consent, whatever the date").isEmpty();
        assertThat(francoise.bloctelRegistered()).isTrue();
        assertThat(lines.get(3).error()).isEqualTo(
                "bloctel_registered (column ’Bloctel’): ’PEUT-ÊTRE’ is not one of the values the profile lists (’VRAI’, ’FAUX’); "
                        + "consent_email_given_on (column ’Date opt-in’): ’31/02/2026’ is not a date in dd/MM/yyyy");
    }

    @Test
    void withItsProfileTheFileEvaluatesRight() {
        String verdicts = verdictFile(withProfile());
        Map<String, String> byId = new LinkedHashMap<>();
        verdicts.lines().skip(1).forEach(row -> byId.put(row.split(",")[1], row));

        assertThat(byId.keySet()).containsExactly("DP-001", "DP-002", "DP-003");
        // R1: a consumer email campaign needs prior consent, which DP-001 gave with its proof and the renter named
        assertThat(byId.get("DP-001")).startsWith("3,DP-001,true,,CONSENT_REQUIRED,");
        // R20: an opted-out person is never contacted
        assertThat(byId.get("DP-002")).startsWith("5,DP-002,false,OPTED_OUT,");
        // R1: "Opt-in email: NON" is no consent, whatever the date beside it
        assertThat(byId.get("DP-003")).startsWith("6,DP-003,false,NO_CONSENT,");
    }

    @Test
    void theColumnsTheProfileDoesNotReadAreOneWarningAndColumnsAreListguards() throws IOException {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(BrokerFile.bytes()), RecordSource.Format.CSV, withProfile())) {
            assertThat(source.warnings()).containsExactly("the column ’Civilité’ is not used by the profile ’dataplus-b2c’ and is ignored");
            assertThat(source.columns()).containsExactly("id", "kind", "email", "phone", "postal_address", "segments", "bloctel_registered",
                    "opted_out", "last_activity_on", "consent_email_given_on", "consent_email_proof_ref", "consent_email_renter_named");
        }
    }

    @Test
    void withoutItsProfileTheFileIsRefusedNeverEvaluated() {
        ReadOptions declared = new ReadOptions(BrokerFile.WINDOWS_1252, ';', null);
        // its title line is taken for the header, whose blank cells are said to be a title line, the way out named
        assertThatThrownBy(() -> read(declared)).isInstanceOf(BulkFormatException.class)
                .hasMessage("the header (line 1) has 12 columns without a name: if it is a title line above the real header, as in an Excel "
                        + "export, read the file with a mapping profile whose headerRow names the header’s line")
                .satisfies(e -> assertThat(((BulkFormatException) e).message(java.util.Locale.FRENCH))
                        .startsWith("l’en-tête (ligne 1) a 12 colonnes sans nom"));
        // nor with the title line removed: the broker's columns are not listguard's ('E-mail' is a near miss of email)
        String withoutTitle = BrokerFile.CSV.substring(BrokerFile.CSV.indexOf('\n') + 1);
        assertThatThrownBy(() -> RecordSource.open(new ByteArrayInputStream(withoutTitle.getBytes(BrokerFile.WINDOWS_1252)), RecordSource.Format.CSV,
                declared)).isInstanceOf(BulkFormatException.class).hasMessageContaining("’E-mail’ is not a column; did you mean ’email’?");
        // and with that column renamed, there is no id and no kind
        String renamed = withoutTitle.replace("E-mail", "Courriel");
        assertThatThrownBy(() -> RecordSource.open(new ByteArrayInputStream(renamed.getBytes(BrokerFile.WINDOWS_1252)), RecordSource.Format.CSV,
                declared)).isInstanceOf(BulkFormatException.class).hasMessageContaining("the header lacks the required column(s) id, kind");
        // and without its charset, not even its header is read
        assertThatThrownBy(() -> RecordSource.checkEncoding(new ByteArrayInputStream(BrokerFile.bytes()), StandardCharsets.UTF_8))
                .isInstanceOf(BulkEncodingException.class);
    }

    @Test
    void theRequestsFormatWinsOverTheProfileAndABadSeparatorIsARequestError() {
        MappingProfile profile = ProfileReader.read(BrokerFile.PROFILE);
        BulkHeader header = campaign();
        BulkHeader tabs = new BulkHeader(header.campaign(), header.file(), new RecordsFormat("UTF-8", "tab", null, null));
        assertThat(tabs.readOptions(profile).separator()).isEqualTo('\t');
        assertThat(tabs.readOptions(profile).charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(header.readOptions(null).separator()).isNull();

        BulkHeader colon = new BulkHeader(header.campaign(), header.file(), new RecordsFormat(null, ":", null, null));
        assertThatThrownBy(() -> colon.readOptions(profile)).isInstanceOfSatisfying(io.listguard.evaluation.InvalidRequestException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("request.format.separator");
                    assertThat(v.message()).isEqualTo("the separator ’:’ is not supported: use , ; | or a tab (\\t or tab)");
                }));
    }

    @Test
    void aProfileIsRefusedForAnNdjsonFile() {
        assertThatThrownBy(() -> RecordSource.open(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), RecordSource.Format.NDJSON,
                withProfile())).isInstanceOf(BulkFormatException.class).hasMessageContaining("takes no profile");
    }

    @Test
    void aDeclaredSeparatorIsUsedEvenWhenTheHeaderLineSuggestsAnother() {
        String csv = "id|kind|job_function\nr-1|PERSON|Directeur; achats, ventes\n";
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV,
                new ReadOptions(StandardCharsets.UTF_8, '|', null))) {
            ParsedLine line = source.next();
            assertThat(line.error()).isNull();
            assertThat(line.record().jobFunction()).isEqualTo("Directeur; achats, ventes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
