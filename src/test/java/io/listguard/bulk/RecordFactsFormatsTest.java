package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.audit.Pseudonymiser;
import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the record facts the law needs (collection date, the renter as party to the contract, an objection during
 * a call, the liste orange, agreement to calls outside the legal slots, and each consent's collector and hop) are
 * read alike from CSV, NDJSON and XLSX, kept by the pseudonymiser and checked for plausibility.
 */
class RecordFactsFormatsTest {

    private static final String HEADER = "id,kind,email,collected_on,contract_with_renter,objected_during_call_on,liste_orange,"
            + "out_of_hours_calls_agreed,consent_email_given_on,consent_email_proof_ref,consent_email_collected_by,consent_email_hop";

    private static List<ParsedLine> read(byte[] bytes, RecordSource.Format format) {
        return RecordSources.readAll(bytes, format);
    }

    private static void assertTheFacts(ProspectRecord r) {
        assertThat(r.collectedOn()).isEqualTo(LocalDate.of(2024, 5, 2));
        assertThat(r.contractWithRenter()).isTrue();
        assertThat(r.objectedDuringCallOn()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(r.listeOrange()).isFalse();
        assertThat(r.outOfHoursCallsAgreed()).isTrue();
        assertThat(r.consents()).singleElement().satisfies(c -> {
            assertThat(c.channel()).isEqualTo(Channel.EMAIL);
            assertThat(c.collectedBy()).isEqualTo("Partenaire Exemple");
            assertThat(c.hop()).isEqualTo(2);
        });
    }

    @Test
    void csvCarriesTheNewFacts() {
        List<ParsedLine> lines = read((HEADER + "\nr-1,PERSON,a@example.org,2024-05-02,true,2026-09-01,false,true,2026-03-01,form-1,Partenaire Exemple,2\n")
                .getBytes(StandardCharsets.UTF_8), RecordSource.Format.CSV);

        assertThat(lines).singleElement().satisfies(l -> assertThat(l.error()).isNull());
        assertTheFacts(lines.get(0).record());
    }

    @Test
    void ndjsonCarriesTheNewFactsUnderTheirJsonNames() {
        String line = """
                {"id":"r-1","kind":"PERSON","email":"a@example.org","collectedOn":"2024-05-02","contractWithRenter":true,\
                "objectedDuringCallOn":"2026-09-01","listeOrange":false,"outOfHoursCallsAgreed":true,\
                "consents":[{"channel":"EMAIL","givenOn":"2026-03-01","proofRef":"form-1","collectedBy":"Partenaire Exemple","hop":2}]}
                """;
        List<ParsedLine> lines = read(line.getBytes(StandardCharsets.UTF_8), RecordSource.Format.NDJSON);

        assertThat(lines).singleElement().satisfies(l -> assertThat(l.error()).isNull());
        assertTheFacts(lines.get(0).record());
    }

    @Test
    void xlsxCarriesTheNewFacts() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of(HEADER.split(",")),
                List.of("r-1", "PERSON", "a@example.org", LocalDate.of(2024, 5, 2), true, LocalDate.of(2026, 9, 1), false, true,
                        LocalDate.of(2026, 3, 1), "form-1", "Partenaire Exemple", 2)).bytes();
        List<ParsedLine> lines = read(xlsx, RecordSource.Format.XLSX);

        assertThat(lines).singleElement().satisfies(l -> assertThat(l.error()).isNull());
        assertTheFacts(lines.get(0).record());
    }

    @Test
    void aBadValueOfANewColumnIsReportedAtItsColumn() {
        List<ParsedLine> lines = read((HEADER + "\nr-1,PERSON,a@example.org,02/05/2024,peut-être,,,,2026-03-01,form-1,X,deux\n")
                .getBytes(StandardCharsets.UTF_8), RecordSource.Format.CSV);

        assertThat(lines.get(0).error()).contains("collected_on", "contract_with_renter", "consent_email_hop");
    }

    @Test
    void thePseudonymiserKeepsTheNewFacts() {
        ProspectRecord record = new ProspectRecord("r-1", io.listguard.domain.RecordKind.PERSON, "a@example.org", "06 12 34 56 78", null, null,
                null, List.of(), List.of(new Consent(Channel.EMAIL, LocalDate.of(2026, 3, 1), "form-1", true, false, "Partenaire Exemple", 2)),
                null, null, true, null, null, null, LocalDate.of(2024, 5, 2), true, LocalDate.of(2026, 9, 1), false, true, "Indian/Reunion");
        EvaluationRequest request = new EvaluationRequest(null, null, List.of(record));

        ProspectRecord kept = new Pseudonymiser("a-test-key-of-32-bytes-at-least!!".getBytes(StandardCharsets.UTF_8))
                .pseudonymise(request).records().get(0);

        assertThat(kept.email()).isNotEqualTo("a@example.org");
        assertTheFacts(kept);
    }

    @Test
    void datesMustBePlausibleAndAHopAtLeastOne() {
        ProspectRecord record = new ProspectRecord("r-1", io.listguard.domain.RecordKind.PERSON, "a@example.org", null, null, null,
                null, List.of(), List.of(new Consent(Channel.EMAIL, LocalDate.of(2026, 3, 1), "form-1", true, false, null, 0)),
                null, null, null, null, null, null, LocalDate.of(1066, 10, 14), null, LocalDate.of(2999, 1, 1), null, null, null);
        List<Violation> violations = new ArrayList<>();
        RequestValidator.validateRecord(record, "records[0]", new HashSet<>(), violations);

        assertThat(violations).extracting(Violation::path)
                .containsExactlyInAnyOrder("records[0].collectedOn", "records[0].objectedDuringCallOn", "records[0].consents[0].hop");
    }
}
