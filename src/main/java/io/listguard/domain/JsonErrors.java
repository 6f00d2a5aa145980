package io.listguard.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
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
        if (jackson instanceof MisspelledFieldException misspelled) {
            return misspelled.violation(); // issue 12: its own path, the field included
        }
        String path = path(jackson.getPath());
        if (jackson instanceof StreamConstraintsException limit) {
            return new Violation(path, limit(limit.getOriginalMessage()));
        }
        if (jackson instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            Object value = format.getValue();
            if (target != null && target.isEnum()) {
                return new Violation(path, "'" + shown(value) + "' is not one of " + names(target));
            }
            if (target != null && target.getName().startsWith("java.time.")) {
                return new Violation(path, "'" + shown(value) + "' is not a valid " + timeKind(target));
            }
            return new Violation(path, "'" + shown(value) + "' is not a valid " + (target == null ? "value" : target.getSimpleName()));
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            return new Violation(path, target == null ? "has the wrong type" : "expected " + expected(target));
        }
        if (jackson instanceof StreamReadException read && duplicateKey(read) != null) {
            return new Violation(shown(duplicatePath(read, path)), Messages.english("json.duplicateKey", shown(duplicateKey(read))));
        }
        if (jackson instanceof StreamReadException read) {
            TokenStreamLocation at = read.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Violation(path, "malformed JSON" + where + ": " + shown(withoutFeatureHints(read.getOriginalMessage())));
        }
        return new Violation(path, "cannot be read: the value does not fit this field");
    }

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"(.*)\"", Pattern.DOTALL);

    /**
     * The key an object repeats, when the mapper detects duplicates (StreamReadFeature.STRICT_DUPLICATE_DETECTION, on
     * the service's mapper and the NDJSON reader's): otherwise the last value would silently win, e.g. of
     * {@code "optedOut": true, "optedOut": false}. Null for any other fault.
     */
    static String duplicateKey(StreamReadException read) {
        Matcher m = DUPLICATE.matcher(read.getOriginalMessage() == null ? "" : read.getOriginalMessage());
        return m.find() ? m.group(1) : null;
    }

    /** Where the repeated key is, e.g. records[1].optedOut: from the parser's position, which names the key itself. */
    private static String duplicatePath(StreamReadException read, String objectPath) {
        if (read.processor() != null) {
            String pointer = read.processor().streamReadContext().pathAsPointer().toString();
            StringBuilder path = new StringBuilder();
            for (String step : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/")) {
                String name = step.replace("~1", "/").replace("~0", "~");
                if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
                    path.append('[').append(name).append(']');
                } else {
                    path.append(path.isEmpty() ? "" : ".").append(name);
                }
            }
            if (!path.isEmpty()) {
                return path.toString();
            }
        }
        return objectPath;
    }

    /** A quoted value with its control characters written as U+XXXX, so that a reason never carries a raw NUL or line break. */
    private static String shown(Object value) {
        String text = String.valueOf(value);
        StringBuilder shown = new StringBuilder(text.length());
        text.chars().forEach(c -> shown.append(Identifiers.firstControl(String.valueOf((char) c)) < 0 ? String.valueOf((char) c) : Identifiers.codePoint(c)));
        return shown.toString();
    }

    /** Jackson's advice to its programmers, e.g. ": enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow". */
    private static final Pattern FEATURE_HINT = Pattern.compile("\\s*[:;,]?\\s*\\(?(?:enable|use|set)\\s+`?[A-Za-z]+\\.[A-Z_]+`?[^;)]*\\)?");

    private static String withoutFeatureHints(String message) {
        return message == null ? "" : FEATURE_HINT.matcher(message).replaceAll("").strip();
    }

    private static final Pattern LIMIT = Pattern.compile("exceeds the maximum allowed \\((\\d+)");

    /**
     * A processing limit (StreamReadConstraints) in plain words, e.g. "the JSON nests deeper than 32 levels"; the
     * limit is read from Jackson's message, which otherwise names its internals.
     */
    private static String limit(String message) {
        String text = message == null ? "" : message;
        Matcher m = LIMIT.matcher(text);
        String max = m.find() ? String.format(java.util.Locale.ROOT, "%,d", Long.parseLong(m.group(1))) : null;
        if (max == null) {
            return "the JSON exceeds a size limit of the service";
        }
        if (text.startsWith("Document nesting depth")) {
            return "the JSON nests deeper than " + max + " levels";
        }
        if (text.startsWith("String value length")) {
            return "a string in the JSON is longer than " + max + " characters";
        }
        if (text.startsWith("Document length")) {
            return "the JSON document is longer than " + max + " bytes";
        }
        if (text.startsWith("Number value length")) {
            return "a number in the JSON has more than " + max + " digits";
        }
        if (text.startsWith("Name length")) {
            return "a field name in the JSON is longer than " + max + " characters";
        }
        if (text.startsWith("Token count")) {
            return "the JSON has more than " + max + " values";
        }
        return "the JSON exceeds a size limit of the service (" + max + ")";
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

    /** What a field of this type expects, in words: "one of EMAIL, SMS, ...", "a date (YYYY-MM-DD)", "a number"... */
    public static String expected(Class<?> target) {
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
