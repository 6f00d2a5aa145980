package io.listguard.audit;

import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.RecordVerdict;

/** What one evaluated record becomes in the audit trail: its verdict and the keyed hashes of its contact points, never the values. */
final class RecordRows {

    private RecordRows() {
    }

    static AuditStore.RecordRow row(Pseudonymiser pseudonymiser, long seq, ProspectRecord record, RecordVerdict verdict) {
        return new AuditStore.RecordRow(seq, verdict.id(), verdict.contactable(), verdict.reasons(),
                verdict.legalBases().stream().map(Enum::name).toList(), pseudonymiser.emailHmac(record.email()),
                pseudonymiser.phoneHmac(record.phone()), pseudonymiser.addressHmac(record.postalAddress()));
    }
}
