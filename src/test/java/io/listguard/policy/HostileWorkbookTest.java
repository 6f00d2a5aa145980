package io.listguard.policy;

import static io.listguard.policy.HostileWorkbooks.MARKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.listguard.domain.Messages;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.policy.HostileWorkbooks.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only values reach Drools. A policy editor is not trusted with code: every hostile workbook is refused at its
 * cell (or part) by the template lock and by the compiler itself, whatever path reaches it, and the Java its
 * payload carries never appears in generated DRL, nor runs.
 */
class HostileWorkbookTest {

    static PolicySet bundled;
    static TemplateLock lock;
    static PolicyCompiler compiler;

    @BeforeAll
    static void setUp() {
        bundled = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        lock = new TemplateLock(bundled);
        compiler = new PolicyCompiler();
    }

    @AfterEach
    void thePayloadNeverRan() {
        assertThat(System.getProperty(MARKER)).as("the payload's Java ran").isNull();
    }

    static Stream<Hostile> hostile() {
        return HostileWorkbooks.all().stream();
    }

    @Test
    void theReferenceExploitIsRealForAParserThatEvaluatesFormulas() throws Exception {
        // the fixture is not a straw man: Drools' own spreadsheet compiler, given the uploaded bytes, writes the payload into a consequence
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(HostileWorkbooks.referenceExploit().bytes()), "Prix");
        assertThat(drl).contains("out.finding(YesNo." + HostileWorkbooks.PAYLOAD + ");");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void eachHostileWorkbookIsRefusedByTheTemplateLockNamingItsFileSheetAndCell(Hostile hostile) {
        List<PolicyProblem> problems = lock.check(bundled.with(List.of(hostile.source())));
        assertThat(problems).as(hostile.description()).isNotEmpty().anySatisfy(p -> pointsAt(p, hostile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void theCompilerRefusesEachHostileWorkbookItselfWithoutTheLock(Hostile hostile) {
        // defence in depth: a stored version, a policy folder at first start or the CLI reach the compiler directly
        PolicyCompilationException refused = catchThrowableOfType(PolicyCompilationException.class,
                () -> compiler.compile(bundled.with(List.of(hostile.source())), "hostile"));
        assertThat(refused).as(hostile.description() + " compiled").isNotNull();
        assertThat(refused.problems()).anySatisfy(p -> pointsAt(p, hostile));
    }

    @Test
    void theReferenceExploitIsReportedAtPricesG14WithWhatItShowsAndWhatItComputes() {
        Hostile exploit = HostileWorkbooks.referenceExploit();
        List<PolicyProblem> problems = lock.check(bundled.with(List.of(exploit.source())));
        assertThat(problems).extracting(PolicyProblem::code).containsExactlyInAnyOrder("WORKBOOK_DEFINED_NAME", "WORKBOOK_FORMULA_STALE");
        PolicyProblem formula = problems.stream().filter(p -> "Prix".equals(p.sheet())).findFirst().orElseThrow();
        assertThat(formula.describe()).startsWith("policies/list-quality.xlsx, sheet Prix, cell G14: G14 holds a formula (=YES) that shows “YES” but computes “YES); System");
        assertThat(formula.message(Messages.FRENCH)).startsWith("G14 contient une formule (=YES) qui affiche « YES » mais calcule");
        assertThat(problems).filteredOn(p -> "WORKBOOK_DEFINED_NAME".equals(p.code())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("“YES” (= Guide!$B$90)"));
    }

    @ParameterizedTest(name = "a formula in a {0} column is refused")
    @MethodSource("oneColumnOfEachType")
    void aFormulaInAnyColumnTypeIsRefusedAtItsCellEvenWhenItShowsAnAcceptableValue(String type, String file, String sheet, String cell, String value) {
        Hostile formula = HostileWorkbooks.formula(file, sheet, cell, value);
        List<PolicyProblem> problems = lock.check(bundled.with(List.of(formula.source())));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("WORKBOOK_FORMULA");
            assertThat(p.sheet()).isEqualTo(sheet);
            assertThat(p.cell()).isEqualTo(cell);
        });
    }

    /** For each kind of column the bundled tables have, its first filled cell: type, file, sheet, cell, value. */
    static Stream<org.junit.jupiter.params.provider.Arguments> oneColumnOfEachType() {
        Map<String, org.junit.jupiter.params.provider.Arguments> byType = new LinkedHashMap<>();
        for (PolicySource source : bundled.ruleSources()) {
            if (source.kind() != PolicySource.Kind.DECISION_TABLE) {
                continue;
            }
            for (DecisionTable table : Workbooks.tables(source)) {
                for (DecisionTable.Column column : table.columns()) {
                    ColumnType type = ColumnType.of(column.kindName(), column.templateText());
                    String key = type.getClass().getSimpleName() + (type.multiple() ? " (several values)" : "")
                            + (type instanceof ColumnType.Choice c ? ": " + c.what() : "");
                    if (byType.containsKey(key)) {
                        continue;
                    }
                    table.rows().stream().filter(r -> r.cell(column).isPresent()).findFirst().ifPresent(row -> byType.put(key,
                            org.junit.jupiter.params.provider.Arguments.of(key, source.fileName(), table.sheet(), row.address(column),
                                    row.cell(column).get())));
                }
            }
        }
        assertThat(byType).as("kinds of columns").hasSizeGreaterThanOrEqualTo(10);
        return byType.values().stream();
    }

    @Test
    void theCompilerCompilesExactlyWhatTheBundledWorkbooksSayRebuiltFromTheirValues() throws Exception {
        CompiledPolicy policy = compiler.compile(bundled, "bundled");
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, String> generated : policy.generatedDrl().entrySet()) {
            String file = generated.getKey().substring(0, generated.getKey().indexOf('#'));
            String sheet = generated.getKey().substring(generated.getKey().indexOf('#') + 1);
            byte[] original = Files.readAllBytes(Path.of(file));
            // the one difference allowed: yes/no cells typed OUI/NON (issue 16) reach Drools as YES/NO
            String fromUploadedBytes = new SpreadsheetCompiler().compile(new ByteArrayInputStream(original), sheet)
                    .replace("YesNo.OUI", "YesNo.YES").replace("YesNo.NON", "YesNo.NO");
            assertThat(generated.getValue()).as(generated.getKey()).isEqualTo(fromUploadedBytes);
            compared.add(generated.getKey());
        }
        assertThat(compared).hasSize(16).contains("policies/list-quality.xlsx#Prix", "policies/consent-regime.xlsx#Régime",
                "policies/campaign-obligations.xlsx#Jours fériés", "policies/campaign-obligations.xlsx#Appels par personne");
    }

    @Test
    void textThatLooksLikeCodeButStaysInsideItsQuotesIsAcceptedAndReachesTheRuleAsTypedOnly() {
        String tricky = "Au-delà du prix */ /* // --> ' $1 $param @{x} ${y} : c’est « cher »";
        byte[] bytes = HostileWorkbooks.edit("list-quality.xlsx", wb -> HostileWorkbooks.set(wb.getSheet("Prix"), "I14", tricky));
        PolicySet set = bundled.with(List.of(new PolicySource("policies/list-quality.xlsx", bytes)));
        assertThat(lock.check(set)).isEmpty();
        CompiledPolicy policy = compiler.compile(set, "tricky");
        String prices = policy.generatedDrl().get("policies/list-quality.xlsx#Prix");
        assertThat(prices).contains("@message(\"" + tricky + "\")");
        assertThat(prices.split(java.util.regex.Pattern.quote(tricky), -1)).as("the text appears once, in its metadata").hasSize(2);
        policy.generatedDrl().values().forEach(drl -> assertThat(drl).doesNotContain(HostileWorkbooks.SIGNATURE).doesNotContain(MARKER));
        assertThat(policy.origins().values()).filteredOn(o -> "Prix".equals(o.sheet()) && o.row() == 14).singleElement()
                .satisfies(o -> assertThat(o.meta("message")).isEqualTo(tricky));
        EvaluationResult result = new Evaluator(policy).evaluate(io.listguard.Requests.request(io.listguard.Requests.campaign(io.listguard.domain.Audience.CONSUMER, io.listguard.domain.Channel.EMAIL),
                io.listguard.Requests.file().price(100.0), io.listguard.Requests.person("r-1")), "tricky", java.util.Set.of());
        assertThat(result.findings()).anySatisfy(f -> assertThat(f.message().en()).isEqualTo(tricky));
    }

    private static void pointsAt(PolicyProblem problem, Hostile hostile) {
        assertThat(problem.source()).isEqualTo("policies/" + hostile.fileName());
        if (hostile.sheet() != null) {
            assertThat(problem.sheet()).isEqualTo(hostile.sheet());
        }
        if (hostile.cell() != null) {
            assertThat(problem.cell()).isEqualTo(hostile.cell());
        }
        if (hostile.code() != null) {
            assertThat(problem.code()).isEqualTo(hostile.code());
        }
        assertThat(problem.message()).isNotBlank().doesNotContain("Exception");
    }
}
