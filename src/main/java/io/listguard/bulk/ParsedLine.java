package io.listguard.bulk;

import io.listguard.domain.ProspectRecord;

/**
 * One data line of a records file: a record, or why the line was rejected. Line numbers count from 1 with the header.
 * {@code consentsOmitted}: an NDJSON line without a {@code consents} key (or with null), which a record's empty list
 * cannot tell from {@code []} (issue 12, item 3: a line that says nothing of consents holds no evidence of them).
 */
public record ParsedLine(long line, ProspectRecord record, String error, boolean consentsOmitted) {

    static ParsedLine ok(long line, ProspectRecord record) {
        return new ParsedLine(line, record, null, false);
    }

    static ParsedLine ok(long line, ProspectRecord record, boolean consentsOmitted) {
        return new ParsedLine(line, record, null, consentsOmitted);
    }

    static ParsedLine rejected(long line, String error) {
        return new ParsedLine(line, null, error, false);
    }

    public boolean rejected() {
        return error != null;
    }
}
