package io.listguard.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The architecture as a test. {@link #TABLE} says, for every package of io.listguard, which other io.listguard
 * packages it may use, and why: anything not in its row is forbidden (an allow-list, not a deny-list), and a package
 * with no row fails the build until it takes its place. On top of the table: no cycle between top-level packages,
 * a Spring-free evaluation core, and the KIE API in two places only. docs/architecture.md draws the same table.
 */
class ArchitectureTest {

    private static final String ROOT = "io.listguard";

    /**
     * One package (relative to io.listguard, "" for io.listguard itself; subpackages have rows of their own), the
     * packages it may use besides itself, why, and whether it is part of the Spring-free core. An optional row
     * may have no class yet (a package that another change of the same issue brings).
     */
    record Row(String pkg, boolean core, boolean optional, String why, List<String> mayUse) {

        String name() {
            return pkg.isEmpty() ? ROOT : ROOT + "." + pkg;
        }

        @Override
        public String toString() {
            return (pkg.isEmpty() ? "(root)" : pkg) + " may use " + (mayUse.isEmpty() ? "nothing else" : String.join(", ", mayUse));
        }
    }

    private static Row core(String pkg, String why, String... mayUse) {
        return new Row(pkg, true, false, why, List.of(mayUse));
    }

    private static Row service(String pkg, String why, String... mayUse) {
        return new Row(pkg, false, false, why, List.of(mayUse));
    }

    /** Who may use whom. The core first (plain Java: a CLI, a test or a batch worker runs it without Spring), then the service around it. */
    static final List<Row> TABLE = List.of(
            // ---- the evaluation core ------------------------------------------------------------------------------
            core("domain", "the request and its vocabulary: every package speaks it, and it speaks no other"),
            new Row("rules", true, true, "the published rule contract (facts and actions of the workbooks and DRL), in the domain's words only",
                    List.of("domain")),
            core("xlsx", "the archive checks of an .xlsx file, beneath both the policy compiler and the records reader"),
            core("files", "the data directory's files, private to the service (0700/0600): beneath every package that writes there"),
            core("policy", "compiles workbooks and DRL against the rule contract, after the archive checks",
                    "domain", "xlsx", "rules"),
            core("evaluation", "runs a compiled policy over a request: facts from the contract, sessions in its internals",
                    "domain", "policy", "rules", "evaluation.internal"),
            core("evaluation.internal", "the KIE sessions of the evaluation, hidden behind it: used by evaluation alone",
                    "domain", "policy", "rules", "evaluation"),
            core("scenario", "business tests of a policy: compiled by policy, run by the evaluation",
                    "domain", "policy", "evaluation"),
            core("bulk", "a whole file through the evaluation: reads records (and workbooks' archives) and writes verdict files",
                    "domain", "xlsx", "rules", "evaluation", "bulk.mapping"),
            core("bulk.mapping", "column mappings of a records file, applied while it is read",
                    "domain", "bulk"),
            // ---- the service around it (Spring) ------------------------------------------------------------------
            service("security", "API keys, roles and who acts: beneath every endpoint; writes the first start's key hash with files, "
                            + "answers 401/403 in the caller's language with the domain's texts",
                    "domain", "files"),
            service("lifecycle", "validates, stores and activates policy versions: compiles, runs the scenarios, knows who acts",
                    "domain", "policy", "evaluation", "scenario", "security"),
            service("audit", "the DecisionRecorder of every evaluation, request or file; replays it under a stored version "
                            + "(lifecycle, policy), exports it with bulk's CsvExport",
                    "domain", "policy", "evaluation", "lifecycle", "bulk", "files"),
            service("suppression", "the suppression list: implements evaluation's port, hashes with the audit's Pseudonymiser, "
                            + "reads import files with bulk's strict CSV rows",
                    "domain", "evaluation", "audit", "bulk"),
            service("config", "Spring wiring of the engine and the service's settings: builds the core, starts the lifecycle",
                    "domain", "xlsx", "policy", "evaluation", "lifecycle", "files"),
            service("bulk.jobs", "bulk files as jobs of the service: queued, recorded through evaluation's port, with the service's limits; "
                            + "a job taken up by another instance runs under its own policy version (lifecycle)",
                    "domain", "xlsx", "rules", "evaluation", "bulk", "bulk.mapping", "bulk.profiles", "config", "lifecycle", "files"),
            service("bulk.profiles", "mapping profiles stored per provider, changed by a known actor, within the service's limits",
                    "domain", "xlsx", "bulk", "bulk.mapping", "config", "security"),
            service("api", "REST over the services; never the engine's internals (evaluation.internal, the rule contract's facts) nor the console",
                    "domain", "rules", "policy", "evaluation", "scenario", "bulk", "bulk.mapping", "bulk.jobs", "bulk.profiles", "lifecycle",
                    "audit", "suppression", "security", "config"),
            service("console", "web pages over the same services as the API; never a controller nor the engine's internals",
                    "domain", "policy", "evaluation", "bulk", "bulk.mapping", "bulk.jobs", "bulk.profiles", "lifecycle", "audit",
                    "suppression", "security"),
            service("cli", "command-line tools over the core, with the bundled policies and no database; audit verify reads one "
                            + "with audit's Spring-free ChainVerifier (an auditor's check, without the service)",
                    "domain", "rules", "policy", "evaluation", "scenario", "bulk", "bulk.mapping", "lifecycle", "config", "audit"),
            service("", "ListguardApplication: starts the service, or hands a command line to cli", "cli"));

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    static Stream<Row> table() {
        return TABLE.stream();
    }

    private static Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        TABLE.forEach(row -> rows.put(row.pkg(), row));
        return rows;
    }

    private static String[] packages(List<String> relative) {
        return relative.stream().map(p -> p.isEmpty() ? ROOT : ROOT + "." + p).toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachPackageUsesOnlyThePackagesItsRowAllows(Row row) {
        List<String> allowed = new ArrayList<>(row.mayUse());
        allowed.add(row.pkg());
        classes().that().resideInAPackage(row.name())
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(packages(allowed))))
                .because(row.why())
                .allowEmptyShould(row.optional())
                .check(classes);
    }

    @Test
    void everyPackageHasARowAndEveryRowNamesKnownPackages() {
        Map<String, Row> rows = rows();
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            String pkg = c.getPackageName().equals(ROOT) ? "" : c.getPackageName().substring(ROOT.length() + 1);
            if (!rows.containsKey(pkg)) {
                unplaced.add(c.getPackageName());
            }
        }
        assertThat(unplaced).as("packages with no row in ArchitectureTest.TABLE: say what each may use, and why").isEmpty();
        for (Row row : TABLE) {
            assertThat(rows.keySet()).as("the packages %s may use", row.pkg()).containsAll(row.mayUse());
        }
    }

    @Test
    void theCoreUsesOnlyTheCore() {
        Map<String, Row> rows = rows();
        for (Row row : TABLE) {
            if (row.core()) {
                assertThat(row.mayUse()).as("a core package (%s) may use only core packages, or Spring reaches the core through them", row.pkg())
                        .allMatch(p -> rows.get(p).core());
            }
        }
    }

    @Test
    void theEvaluationCoreDoesNotDependOnSpring() {
        String[] core = packages(TABLE.stream().filter(Row::core).map(Row::pkg).toList());
        assertThat(core).contains(packages(List.of("domain", "rules", "policy", "evaluation", "scenario", "bulk")));
        // bulk.jobs and bulk.profiles are not core: they are the service's side of bulk (jobs in the database,
        // profiles stored per provider, with Spring's JDBC and transactions); the CLI runs bulk and bulk.mapping alone.
        noClasses().that().resideInAnyPackage(core)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .because("a CLI, a test or a batch worker must build and run the core without Spring")
                .check(classes);
    }

    @Test
    void nothingHereDependsOnSpark() {
        // the Spark job (spark/) depends on the core, never the other way: the core stays Spark-free (issue 17)
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
                .because("the Spark job is a separate build unit over the core; the core and the service know nothing of it")
                .check(classes);
    }

    @Test
    void noCycleBetweenTopLevelPackages() {
        // bulk.jobs records through evaluation's DecisionRecorder, not through audit: audit's use of bulk's CsvExport
        // is one way only
        slices().matching(ROOT + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package cycle makes two packages one, whatever the table says")
                .check(classes);
    }

    @Test
    void theApiAndTheConsoleTakeOnlyTheVocabularyOfTheRuleContract() {
        // Evidence (what a records file must hold) is vocabulary a refusal names; the facts and actions are the engine's
        noClasses().that().resideInAnyPackage(ROOT + ".api..", ROOT + ".console..")
                .should().dependOnClassesThat(resideInAnyPackage(ROOT + ".rules..").and(not(type(io.listguard.rules.Evidence.class))))
                .because("controllers and pages render answers; they never build facts or call the rules' actions")
                .check(classes);
    }

    @Test
    void onlyThePolicyCompilerAndTheEvaluationInternalsTouchTheKieApi() {
        noClasses().that().resideOutsideOfPackages("io.listguard.policy", "io.listguard.evaluation.internal")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .because("controllers, services and facts must not drive KIE sessions themselves")
                .check(classes);
    }
}
