package io.listguard.scenario;

import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.CodedText;
import io.listguard.domain.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads scenario files: one JSON object per file, of the form
 * <pre>
 * { "name": "...", "description": "...",
 *   "given":  { "campaign": {...}, "file": {...}, "records": [...] },
 *   "expect": { "decision": "...", "findings": ["..."], "records": { "r-1": [], "r-2": ["NO_CONSENT"] } } }
 * </pre>
 * {@code given} is an evaluation request exactly as the API receives it. The reading is stricter than the API's:
 * an unknown or misspelt field, a duplicated key or trailing text is an error, because a scenario that silently
 * checks something else than its author meant is worse than one that does not load. Every problem is reported
 * with the file name and its JSON path, never as a raw Jackson exception.
 */
public final class ScenarioParser {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The JSON shape of a scenario file; the file name is not part of it. */
    private record ScenarioFile(String name, String description, EvaluationRequest given, Scenario.Expectations expect) {
    }

    private ScenarioParser() {
    }

    /** Parses one scenario file. */
    public static Scenario parse(String fileName, byte[] json) {
        Objects.requireNonNull(fileName, "fileName");
        if (json == null || json.length == 0) {
            throw new ScenarioParseException(fileName, List.of(Violation.coded("$", "scenario.parse.empty")));
        }
        ScenarioFile read;
        try {
            read = MAPPER.readValue(json, ScenarioFile.class);
        } catch (JacksonException e) {
            ScenarioParseException wrapped = new ScenarioParseException(fileName, List.of(describe(e)));
            wrapped.initCause(e); // for developers' logs; callers see only the file, the path and the message
            throw wrapped;
        }
        if (read == null) {
            throw new ScenarioParseException(fileName, List.of(Violation.coded("$", "scenario.parse.null")));
        }
        List<Violation> problems = validate(read);
        if (!problems.isEmpty()) {
            throw new ScenarioParseException(fileName, problems);
        }
        return new Scenario(fileName, read.name().trim(), read.description(), read.given(), read.expect());
    }

    /**
     * Parses every {@code *.json} file of a directory (not its sub-directories), in file name order. The first
     * file that cannot be read fails the whole set.
     */
    public static List<Scenario> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(new IOException("scenario directory not found: " + dir.toAbsolutePath()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> paths = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
            List<Scenario> scenarios = new ArrayList<>(paths.size());
            for (Path path : paths) {
                scenarios.add(parse(path.getFileName().toString(), Files.readAllBytes(path)));
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ what JSON cannot check

    private static List<Violation> validate(ScenarioFile s) {
        List<Violation> problems = new ArrayList<>();
        if (s.name() == null || s.name().isBlank()) {
            problems.add(Violation.coded("name", "scenario.parse.name"));
        }
        if (s.given() == null) {
            problems.add(Violation.coded("given", "scenario.parse.given"));
        } else {
            for (Violation v : RequestValidator.validate(s.given())) {
                problems.add(new Violation(v.path().equals("$") ? "given" : "given." + v.path(), v.message(), v.code(), v.args()));
            }
        }
        Scenario.Expectations expect = s.expect();
        if (expect == null || expect.checksNothing()) {
            problems.add(Violation.coded("expect", "scenario.parse.expect"));
            return problems;
        }
        if (expect.findings() != null) {
            checkCodes(expect.findings(), "expect.findings", problems);
        }
        if (expect.records() != null) {
            Set<String> ids = s.given() == null ? Set.of()
                    : s.given().records().stream().filter(Objects::nonNull).map(ProspectRecord::id).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            for (Map.Entry<String, List<String>> e : expect.records().entrySet()) {
                String path = "expect.records." + e.getKey();
                if (s.given() != null && !ids.contains(e.getKey())) {
                    problems.add(Violation.coded(path, "scenario.parse.noSuchRecord"));
                }
                if (e.getValue() == null) {
                    problems.add(Violation.coded(path, "scenario.parse.reasons"));
                } else {
                    checkCodes(e.getValue(), path, problems);
                }
            }
        }
        return problems;
    }

    private static void checkCodes(List<String> codes, String path, List<Violation> problems) {
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || !CODE.matcher(code).matches()) {
                problems.add(code == null ? Violation.coded(path + "[" + i + "]", "scenario.parse.nullCode")
                        : Violation.coded(path + "[" + i + "]", "scenario.parse.notCode", code));
            }
        }
    }

    // ------------------------------------------------------------------ Jackson errors in plain words

    static Violation describe(JacksonException e) {
        String path = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            return known(unknown.getKnownPropertyIds()).isEmpty() ? Violation.coded(path, "scenario.parse.unknownField", unknown.getPropertyName())
                    : Violation.coded(path, "scenario.parse.unknownFieldKnown", unknown.getPropertyName(), known(unknown.getKnownPropertyIds()));
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            Object value = format.getValue();
            if (target != null && target.isEnum()) {
                return Violation.coded(path, "json.notOneOf", value,
                        Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", ")));
            }
            return Violation.coded(path, "scenario.parse.notValid." + kind(target), value, target == null ? "?" : target.getSimpleName());
        }
        if (e instanceof MismatchedInputException mismatch) {
            Class<?> target = mismatch.getTargetType();
            String original = String.valueOf(mismatch.getOriginalMessage());
            if (original.startsWith("No content to map")) {
                return Violation.coded(path, "scenario.parse.noJson");
            }
            if (original.startsWith("Trailing token")) {
                return Violation.coded(path, "scenario.parse.trailing");
            }
            return target == null ? Violation.coded(path, "json.wrongType") : Violation.coded(path, "scenario.parse.expected", expected(target));
        }
        if (e instanceof StreamReadException read) {
            TokenStreamLocation at = read.getLocation();
            String fault = firstLine(read.getOriginalMessage());
            return at == null || at.getLineNr() < 0 ? Violation.codedWithDetail(path, fault, "json.malformed")
                    : Violation.codedWithDetail(path, fault, "json.malformedAt", (long) at.getLineNr(), (long) at.getColumnNr());
        }
        Throwable root = e.getCause();
        // Jackson's own words, in English: the French text says only that the value does not fit
        String fault = firstLine(root != null && root.getMessage() != null ? root.getMessage() : e.getOriginalMessage());
        return new Violation(path, fault, "scenario.parse.unreadable", List.of());
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String path(List<JacksonException.Reference> references) {
        return io.listguard.domain.JsonErrors.path(references);
    }

    /** The key of scenario.parse.notValid.* for a type. */
    private static String kind(Class<?> target) {
        if (target == null) {
            return "value";
        }
        return switch (target.getSimpleName()) {
            case "LocalDate" -> "date";
            case "LocalTime" -> "time";
            case "DayOfWeek" -> "day";
            case "Integer", "Long", "int", "long" -> "whole";
            case "Double", "double" -> "number";
            case "Boolean", "boolean" -> "boolean";
            default -> "other";
        };
    }

    /** What a field of this type expects, as a coded text (rendered in the reader's language). */
    private static CodedText expected(Class<?> target) {
        if (Collection.class.isAssignableFrom(target)) {
            return CodedText.of("scenario.parse.expects.list");
        }
        if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            return CodedText.of("scenario.parse.expects.object");
        }
        return io.listguard.domain.JsonErrors.expects(target);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
