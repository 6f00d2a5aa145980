package io.listguard.scenario;

import io.listguard.domain.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file that cannot be read: it names the file and, for each problem, the JSON path where it is
 * (such as {@code given.records[2].kind} or {@code expect.decision}; {@code $} for the whole file).
 */
public class ScenarioParseException extends RuntimeException {

    private final String fileName;
    private final List<Violation> problems;

    public ScenarioParseException(String fileName, List<Violation> problems) {
        super(message(fileName, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a parse exception needs at least one problem");
        }
        this.fileName = fileName;
        this.problems = List.copyOf(problems);
    }

    public ScenarioParseException(String fileName, String path, String message) {
        this(fileName, List.of(new Violation(path, message)));
    }

    private static String message(String fileName, List<Violation> problems) {
        return message(fileName, problems, io.listguard.domain.Messages.ENGLISH);
    }

    /** The message in a language: the file, and each problem at its path. */
    public String message(java.util.Locale locale) {
        return message(fileName, problems, locale);
    }

    private static String message(String fileName, List<Violation> problems, java.util.Locale locale) {
        if (problems.size() == 1) {
            return io.listguard.domain.Messages.text(locale, "scenario.parse.one", fileName, problems.get(0).located(locale));
        }
        return io.listguard.domain.Messages.text(locale, "scenario.parse.several", fileName, problems.size()) + "\n"
                + problems.stream().map(p -> "  - " + p.located(locale)).collect(Collectors.joining("\n"));
    }

    /** The file name, as given to the parser. */
    public String fileName() {
        return fileName;
    }

    /** The JSON path of the first problem. */
    public String path() {
        return problems.get(0).path();
    }

    public List<Violation> problems() {
        return problems;
    }
}
