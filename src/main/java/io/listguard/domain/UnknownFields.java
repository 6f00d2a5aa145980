package io.listguard.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unknown fields met while reading one request or one file, each counted and reported once: a field
 * {@code brokerRef} on 100,000 lines is one warning, naming it, its place ({@code records[].brokerRef}), how often
 * and, in a file, the first line. The same name in different places ({@code records[].brokerRef} and
 * {@code records[].consents[].brokerRef}) is two warnings. Not thread-safe: one reader fills it.
 */
public final class UnknownFields {

    private final Class<? extends Record> root;

    private final Map<String, Seen> seen = new LinkedHashMap<>();
    private long line = -1;

    /** For the fields of a request. */
    public UnknownFields() {
        this(EvaluationRequest.class);
    }

    /** For documents of this type: {@code ProspectRecord.class} for the lines of an NDJSON file. */
    public UnknownFields(Class<? extends Record> root) {
        this.root = root;
    }

    private static final class Seen {
        final String name;
        final String first;
        final long line;
        long count;

        Seen(String name, String first, long line) {
            this.name = name;
            this.first = first;
            this.line = line;
        }
    }

    /** The line of a file the following fields are read from; none for a single document. */
    public void atLine(long line) {
        this.line = line;
    }

    /** One unknown field, by the type of the object that holds it and its name. */
    public void add(Class<?> holder, String name) {
        String place = FieldNames.place(holder, root);
        String path = place.isEmpty() ? name : place + "." + name;
        Seen s = seen.computeIfAbsent(path, k -> new Seen(name, path, line));
        s.count++;
    }

    public boolean isEmpty() {
        return seen.isEmpty();
    }

    /** One English warning per unknown field and place (codes {@code fields.unknown}, {@code fields.unknownInFile}). */
    public List<String> warnings() {
        return texts().stream().map(CodedText::english).toList();
    }

    /** The same warnings by message code, to render in the reader's language (issue 16). */
    public List<CodedText> texts() {
        return seen.values().stream().map(s -> s.line < 0 ? CodedText.of("fields.unknown", s.name, s.count, s.first)
                : CodedText.of("fields.unknownInFile", s.name, s.count, s.line, s.first)).toList();
    }

    /**
     * The warnings of the pieces of one file read apart (a batch engine's tasks, in the file's order), as the whole
     * file read at once gives them: an unknown field's counts added and its first line the earliest; any other
     * warning (a header's, the same in every piece) once.
     */
    public static List<CodedText> merge(List<List<CodedText>> pieces) {
        Map<String, CodedText> merged = new LinkedHashMap<>();
        for (List<CodedText> piece : pieces) {
            for (CodedText warning : piece) {
                if (warning.code().equals("fields.unknownInFile") && warning.args().size() == 4) {
                    List<Object> a = warning.args();
                    merged.merge("fields.unknownInFile|" + a.get(0) + "|" + a.get(3), warning, (was, now) -> CodedText.of(was.code(), a.get(0),
                            ((Number) was.args().get(1)).longValue() + ((Number) a.get(1)).longValue(),
                            Math.min(((Number) was.args().get(2)).longValue(), ((Number) a.get(2)).longValue()), a.get(3)));
                } else {
                    merged.putIfAbsent(warning.code() + "|" + warning.args(), warning);
                }
            }
        }
        return List.copyOf(merged.values());
    }
}
