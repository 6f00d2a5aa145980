package io.listguard.bulk;

import io.listguard.domain.CodedText;
import io.listguard.domain.Identifiers;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Violation;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The same record checks as the JSON API, for one line; null when the record is fine. */
final class LineValidation {

    /** Duplicate ids are not tracked across a file of millions of lines: each line gets its own verdict. */
    private static final AbstractSet<String> NO_TRACKING = new AbstractSet<>() {
        @Override
        public Iterator<String> iterator() {
            return Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public boolean add(String s) {
            return true;
        }
    };

    private LineValidation() {
    }

    /** One problem a record check found: the JSON path it concerns (without "record."), and its text. */
    record Check(String path, CodedText text) {
    }

    /**
     * The first CSV column holding a control character (NUL, CR, tab, other C0 and C1), checked on the raw fields:
     * values are trimmed afterwards, which would hide one at either end, and a reason never quotes it. Null when none.
     */
    static CodedText controlProblem(String[] header, List<String> fields) {
        for (int i = 0; i < fields.size() && i < header.length; i++) {
            Violation problem = Identifiers.controlViolation(header[i], fields.get(i), "postal_address".equals(header[i])); // an address has lines
            if (problem != null) {
                return text(header[i], problem);
            }
        }
        return null;
    }

    /** The record checks of the JSON API that the record fails, in order; empty when it is fine. */
    static List<Check> checks(ProspectRecord record) {
        List<Violation> violations = new ArrayList<>();
        RequestValidator.validateRecord(record, "record", NO_TRACKING, violations);
        if (violations.isEmpty()) {
            return List.of();
        }
        List<Check> checks = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            String path = v.path().replaceFirst("^record\\.?", "");
            checks.add(new Check(path, text(path, v)));
        }
        return checks;
    }

    /** The texts of the record checks the record fails; null when it is fine. */
    static List<CodedText> problems(ProspectRecord record) {
        List<Check> checks = checks(record);
        return checks.isEmpty() ? null : checks.stream().map(Check::text).toList();
    }

    /** A violation at a path as a line's reason: "path message" (the path left out when empty). */
    static CodedText text(String path, Violation v) {
        CodedText message = v.code() == null ? CodedText.of("bulk.line.column", v.message()) : new CodedText(v.code(), v.args());
        return path.isEmpty() ? message : CodedText.of("bulk.line.fieldProblem", path, message);
    }
}
