package io.listguard.audit;

import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.RecordVerdict;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes the per-record rows of an evaluation: verdict and the keyed hashes of the contact points, never the values. */
final class RecordRows {

    private static final String INSERT = """
            insert into evaluation_record (evaluation_id, seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, address_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private RecordRows() {
    }

    static Object[] row(Pseudonymiser pseudonymiser, String evaluationId, long seq, ProspectRecord record, RecordVerdict verdict) {
        return new Object[] {evaluationId, seq, verdict.id(), verdict.contactable(), String.join(",", verdict.reasons()),
                verdict.legalBases().stream().map(Enum::name).collect(Collectors.joining(",")),
                pseudonymiser.emailHash(record.email()), pseudonymiser.phoneHash(record.phone()), pseudonymiser.addressHash(record.postalAddress())};
    }

    static void insert(JdbcTemplate jdbc, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
        }
    }
}
