package io.listguard.bulk;

import io.listguard.domain.ProspectRecord;

/** One data line of a records file: a record, or why the line was rejected. Line numbers count from 1 with the header. */
public record ParsedLine(long line, ProspectRecord record, String error) {

    static ParsedLine ok(long line, ProspectRecord record) {
        return new ParsedLine(line, record, null);
    }

    static ParsedLine rejected(long line, String error) {
        return new ParsedLine(line, null, error);
    }

    public boolean rejected() {
        return error != null;
    }
}
