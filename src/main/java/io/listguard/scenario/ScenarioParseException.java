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
        if (problems.size() == 1) {
            return "scenario file " + fileName + ": " + problems.get(0).path() + ": " + problems.get(0).message();
        }
        return "scenario file " + fileName + ": " + problems.size() + " problems:\n"
                + problems.stream().map(p -> "  - " + p.path() + ": " + p.message()).collect(Collectors.joining("\n"));
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
