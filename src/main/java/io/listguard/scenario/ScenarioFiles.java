package io.listguard.scenario;

import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scenarios of a policy set, whatever their format: JSON files ({@link ScenarioParser}) and scenario
 * workbooks ({@link ScenarioWorkbook}), in the order of their sources. What cannot be read is reported as policy
 * problems, at the file (JSON) or at the cell (workbook).
 */
public final class ScenarioFiles {

    /** The scenarios read, and the problems of the files that could not be (none of their scenarios is kept). */
    public record Loaded(List<Scenario> scenarios, List<PolicyProblem> problems) {

        public Loaded {
            scenarios = List.copyOf(scenarios);
            problems = List.copyOf(problems);
        }
    }

    private ScenarioFiles() {
    }

    public static Loaded load(List<PolicySource> sources) {
        List<Scenario> scenarios = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (PolicySource source : sources) {
            if (source.isScenarioWorkbook()) {
                ScenarioWorkbook.Read read = ScenarioWorkbook.read(source);
                scenarios.addAll(read.scenarios());
                problems.addAll(read.problems());
            } else {
                try {
                    scenarios.add(ScenarioParser.parse(source.name(), source.content()));
                } catch (ScenarioParseException e) {
                    problems.addAll(problems(source.name(), e));
                }
            }
        }
        return new Loaded(scenarios, problems);
    }

    /**
     * Every scenario of a folder such as {@code policies/scenarios}: its {@code *.json} files, then its
     * {@code *.xlsx} workbooks, each in file name order, named by their file name (as {@link ScenarioParser#readDirectory}
     * names them). Any problem fails the whole folder, naming every one.
     */
    public static List<Scenario> readDirectory(Path dir) {
        List<Scenario> scenarios = new ArrayList<>(ScenarioParser.readDirectory(dir));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> workbooks = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".xlsx"))
                    .filter(p -> !p.getFileName().toString().startsWith("~$") && !p.getFileName().toString().startsWith(".~lock"))
                    .sorted().toList();
            List<PolicyProblem> problems = new ArrayList<>();
            for (Path path : workbooks) {
                ScenarioWorkbook.Read read = ScenarioWorkbook.read(new PolicySource(path.getFileName().toString(),
                        Files.readAllBytes(path)));
                scenarios.addAll(read.scenarios());
                problems.addAll(read.problems());
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(problems.size() + " problem(s) in the scenario workbooks:\n  "
                        + problems.stream().map(PolicyProblem::describe).collect(Collectors.joining("\n  ")));
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A scenario file's parse problems as policy problems with their message codes, one per problem: "fichier de
     * scénario x.json : expect.decision : ’MAYBE’ n’est pas une valeur valide" in French, the same in English.
     */
    static List<PolicyProblem> problems(String source, ScenarioParseException e) {
        return e.problems().stream().map(v -> PolicyProblem.codedAt(source, null, "scenario.parse.one", e.fileName(),
                PolicyProblem.inline("violation.located", v.path(), v.code() == null ? v.message()
                        : PolicyProblem.inline(v.code(), v.args().toArray())))).toList();
    }
}
