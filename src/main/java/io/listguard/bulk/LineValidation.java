package io.listguard.bulk;

import io.listguard.domain.Identifiers;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Violation;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

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

    /**
     * The first CSV column holding a control character (NUL, CR, tab, other C0 and C1), checked on the raw fields:
     * values are trimmed afterwards, which would hide one at either end, and a reason never quotes it. Null when none.
     */
    static String controlProblem(String[] header, List<String> fields) {
        for (int i = 0; i < fields.size() && i < header.length; i++) {
            String problem = Identifiers.controlProblem(fields.get(i), "postal_address".equals(header[i])); // an address has lines
            if (problem != null) {
                return header[i] + " " + problem;
            }
        }
        return null;
    }

    static String problems(ProspectRecord record) {
        List<Violation> violations = new ArrayList<>();
        RequestValidator.validateRecord(record, "record", NO_TRACKING, violations);
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream().map(v -> v.path().replaceFirst("^record\\.?", "") + " " + v.message()).map(String::trim)
                .collect(Collectors.joining("; "));
    }
}
