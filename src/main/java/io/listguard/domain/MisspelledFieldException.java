package io.listguard.domain;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;

/**
 * A JSON field whose name is a near miss of a field that decides ({@link FieldNames}): {@code "opted_out"} for
 * {@code optedOut}. The document (request or NDJSON line) is refused rather than read as if the field were absent.
 */
public final class MisspelledFieldException extends DatabindException {

    private final String name;
    private final String intended;

    MisspelledFieldException(JsonParser parser, String name, String intended) {
        super(parser, Messages.english("fields.nearMiss", name, intended));
        this.name = name;
        this.intended = intended;
    }

    /**
     * The path of the object that holds the field ("records[3]", "consents[0]"), empty at the top level: the path
     * Jackson gives the exception as it leaves each enclosing object and array.
     */
    public String where() {
        String path = JsonErrors.path(getPath());
        return "$".equals(path) ? "" : path;
    }

    public String name() {
        return name;
    }

    public String intended() {
        return intended;
    }

    /** The field's full JSON path (records[3].opted_out). */
    public String path() {
        String where = where();
        return where.isEmpty() ? name : where + "." + name;
    }

    /** The path and the English text: "'opted_out' is not a field; did you mean 'optedOut'?". */
    public Violation violation() {
        return Violation.coded(path(), "fields.nearMiss", name, intended);
    }
}
