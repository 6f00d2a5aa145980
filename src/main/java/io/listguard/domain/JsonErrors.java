package io.listguard.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Names the JSON path and the fault of a document Jackson could not read, in the words of the person who wrote it
 * ("'EMAL' is not one of EMAIL, SMS, ..."), without Java internals. Used for request bodies and NDJSON lines alike.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static Violation describe(JacksonException jackson) {
        String path = path(jackson.getPath());
        if (jackson instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            Object value = format.getValue();
            if (target != null && target.isEnum()) {
                return new Violation(path, "'" + value + "' is not one of " + names(target));
            }
            if (target != null && target.getName().startsWith("java.time.")) {
                return new Violation(path, "'" + value + "' is not a valid " + timeKind(target));
            }
            return new Violation(path, "'" + value + "' is not a valid " + (target == null ? "value" : target.getSimpleName()));
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            return new Violation(path, target == null ? "has the wrong type" : "expected " + expected(target));
        }
        if (jackson instanceof StreamReadException read) {
            TokenStreamLocation at = read.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Violation(path, "malformed JSON" + where + ": " + read.getOriginalMessage());
        }
        return new Violation(path, "cannot be read: the value does not fit this field");
    }

    /** A JSON path such as records[3].consents[0].channel, or $ for the whole document. */
    public static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private static String names(Class<?> enumType) {
        return String.join(", ", Arrays.stream(enumType.getEnumConstants()).map(Object::toString).toList());
    }

    private static String timeKind(Class<?> target) {
        return Map.of("LocalDate", "date (YYYY-MM-DD)", "LocalTime", "time (HH:MM)", "DayOfWeek", "day (MONDAY..SUNDAY)")
                .getOrDefault(target.getSimpleName(), target.getSimpleName());
    }

    private static String expected(Class<?> target) {
        if (target.isEnum()) {
            return "one of " + names(target);
        }
        if (List.class.isAssignableFrom(target)) {
            return "an array";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        if (target == String.class) {
            return "a string";
        }
        if (target.getName().startsWith("java.time.")) {
            return "a " + timeKind(target);
        }
        return "an object";
    }
}
