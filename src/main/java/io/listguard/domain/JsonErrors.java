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
            return limit(path, limit.getOriginalMessage());
        }
        if (jackson instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            Object value = format.getValue();
            if (target != null && target.isEnum()) {
                return Violation.coded(path, "json.notOneOf", shown(value), names(target));
            }
            if (target != null && target.getName().startsWith("java.time.")) {
                return Violation.coded(path, "json.notValid." + timeKey(target), shown(value), target.getSimpleName());
            }
            return Violation.coded(path, "json.notValid", shown(value), target == null ? "?" : target.getSimpleName());
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            return target == null ? Violation.coded(path, "json.wrongType") : Violation.coded(path, "json.expected." + expectedKey(target), expectedArg(target));
        }
        if (jackson instanceof StreamReadException read && duplicateKey(read) != null) {
            return Violation.coded(shown(duplicatePath(read, path)), "json.duplicateKey", shown(duplicateKey(read)));
        }
        if (jackson instanceof StreamReadException read) {
            TokenStreamLocation at = read.getLocation();
            // Jackson's own words (English) go into the English text only; the French one says where, in French
            String fault = shown(withoutFeatureHints(read.getOriginalMessage()));
            return at == null ? Violation.codedWithDetail(path, fault, "json.malformed")
                    : Violation.codedWithDetail(path, fault, "json.malformedAt", (long) at.getLineNr(), (long) at.getColumnNr());
        }
        return Violation.coded(path, "json.doesNotFit");
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
    private static final Map<String, String> LIMITS = new java.util.LinkedHashMap<>();

    static {
        LIMITS.put("Document nesting depth", "json.limit.depth");
        LIMITS.put("String value length", "json.limit.string");
        LIMITS.put("Document length", "json.limit.document");
        LIMITS.put("Number value length", "json.limit.number");
        LIMITS.put("Name length", "json.limit.name");
        LIMITS.put("Token count", "json.limit.tokens");
    }

    /**
     * A processing limit (StreamReadConstraints) in plain words, e.g. "the JSON nests deeper than 32 levels"; the
     * limit is read from Jackson's message, which otherwise names its internals. The limit is a number, grouped in
     * the reader's language (100,000 / 100 000).
     */
    private static Violation limit(String path, String message) {
        String text = message == null ? "" : message;
        Matcher m = LIMIT.matcher(text);
        if (!m.find()) {
            return Violation.coded(path, "json.limit");
        }
        long max = Long.parseLong(m.group(1));
        for (Map.Entry<String, String> limit : LIMITS.entrySet()) {
            if (text.startsWith(limit.getKey())) {
                return coded(path, limit.getValue(), max);
            }
        }
        return coded(path, "json.limit.other", max);
    }

    /** A coded violation whose one argument is a number (kept a number, so that it is grouped by language). */
    private static Violation coded(String path, String code, long number) {
        return Violation.coded(path, code, number);
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

    /** The key of a java.time type in the codes json.notValid.* and json.expected.*: date, time, day, or other. */
    private static String timeKey(Class<?> target) {
        return Map.of("LocalDate", "date", "LocalTime", "time", "DayOfWeek", "day").getOrDefault(target.getSimpleName(), "other");
    }

    /** The key of json.expected.* for a field of this type. */
    private static String expectedKey(Class<?> target) {
        if (target.isEnum()) {
            return "oneOf";
        }
        if (List.class.isAssignableFrom(target)) {
            return "array";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "boolean";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "number";
        }
        if (target == String.class) {
            return "string";
        }
        if (target.getName().startsWith("java.time.")) {
            return timeKey(target);
        }
        return "object";
    }

    private static String expectedArg(Class<?> target) {
        return target.isEnum() ? names(target) : target.getSimpleName();
    }

    /** What a field of this type expects, in words: "one of EMAIL, SMS, ...", "a date (YYYY-MM-DD)", "a number"... */
    public static String expected(Class<?> target) {
        return expected(target, Messages.ENGLISH);
    }

    /** The same, in a language. */
    public static String expected(Class<?> target, java.util.Locale locale) {
        return expects(target).render(locale);
    }

    /** The same as a coded text (json.expects.*), for a message that names it. */
    public static CodedText expects(Class<?> target) {
        return CodedText.of("json.expects." + expectedKey(target), expectedArg(target));
    }
}
