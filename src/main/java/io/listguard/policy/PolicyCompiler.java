package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.template.parser.DecisionTableParseException;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a {@link PolicySet} into a {@link CompiledPolicy}. Each workbook sheet that holds a RuleSet is
 * compiled on its own with {@link SpreadsheetCompiler}, and the generated DRL is kept: its
 * {@code // rule values at B14} comments let a Drools error, reported on a line of generated DRL, be told back to
 * the compliance officer as a spreadsheet cell. Every problem is collected before failing.
 */
public final class PolicyCompiler {

    static final String RULES_PACKAGE_PATH = "src/main/resources/io/listguard/rules/";
    private static final Pattern RULE_VALUES = Pattern.compile("^// rule values at ([A-Z]+)(\\d+)");
    private static final Pattern RULE_DECLARATION = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Object BUILD_LOCK = new Object();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PolicyCompiler.class);

    private final ClassLoader classLoader;
    private final WorkbookGuard guard;
    private final CompiledPolicyCache cache;

    public PolicyCompiler() {
        this(PolicyCompiler.class.getClassLoader());
    }

    /** The class loader must see the fact classes; in a Boot fat jar that is the application class loader. */
    public PolicyCompiler(ClassLoader classLoader) {
        this(classLoader, new WorkbookGuard());
    }

    /** @param guard the checks every workbook passes before it is read; only its rebuilt values are compiled */
    public PolicyCompiler(ClassLoader classLoader, WorkbookGuard guard) {
        this(classLoader, guard, null);
    }

    private PolicyCompiler(ClassLoader classLoader, WorkbookGuard guard, CompiledPolicyCache cache) {
        this.classLoader = classLoader;
        this.guard = guard;
        this.cache = cache;
    }

    /**
     * This compiler, keeping what it compiles in {@code cache} and loading a policy compiled before (same hash, same
     * build, same workbook limits) from it instead of compiling it again. {@code null}: no cache.
     */
    public PolicyCompiler withCache(CompiledPolicyCache cache) {
        return new PolicyCompiler(classLoader, guard, cache);
    }

    public boolean isCached() {
        return cache != null;
    }

    /**
     * One compiled unit: a DRL file, or one sheet of a workbook turned into DRL. For a sheet, {@code workbook} is
     * the workbook rebuilt from checked values that Drools compiled (never the uploaded bytes).
     */
    private record Unit(PolicySource source, String sheet, String drl, String kiePath, byte[] workbook, List<DecisionTable> tables) {

        Unit(PolicySource source, String sheet, String drl, String kiePath) {
            this(source, sheet, drl, kiePath, null, List.of());
        }

        /** The label (row 13) of the column a cell of this sheet is in; its letter when no table of the sheet has it. */
        String labelAt(String cell) {
            String letters = cell == null ? "" : cell.replaceAll("[0-9]", "");
            for (DecisionTable table : tables) {
                for (DecisionTable.Column column : table.columns()) {
                    if (column.letter().equals(letters) && !column.label().isBlank()) {
                        return column.label();
                    }
                }
            }
            return letters;
        }

        private static final Pattern NEAR = Pattern.compile("Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.}");
        private static final Pattern RULE_NAME = Pattern.compile("Rule name='([^']+)'|in rule \"([^\"]+)\"");

        /** Some Drools errors carry no line: find the expression or rule they quote in the generated DRL. */
        int lineOf(String message) {
            String[] lines = drl.split("\n", -1);
            Matcher near = NEAR.matcher(message);
            if (near.find()) {
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].contains(near.group(1).trim())) {
                        return i + 1;
                    }
                }
            }
            Matcher rule = RULE_NAME.matcher(message);
            if (rule.find()) {
                String name = rule.group(1) != null ? rule.group(1) : rule.group(2);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].trim().equals("rule \"" + name + "\"")) {
                        return i + 1;
                    }
                }
            }
            return 0;
        }

        /** The spreadsheet cell of the rule row that encloses a DRL line, e.g. "B14". */
        String cellForLine(int line) {
            String[] lines = drl.split("\n", -1);
            for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
                Matcher m = RULE_VALUES.matcher(lines[i]);
                if (m.find()) {
                    return m.group(1) + m.group(2);
                }
            }
            return null;
        }
    }

    /**
     * The compiled policy, from the cache when one holds it (only a policy that compiled is ever cached, so a cached
     * set has no problems to report), else compiled and then cached.
     */
    public CompiledPolicy compile(PolicySet policySet, String versionId) {
        if (cache == null) {
            return compileSources(policySet, versionId);
        }
        long started = System.nanoTime();
        String key = cache.keyOf(policySet.hash(), guard.limits());
        var entry = cache.read(key, classLoader);
        if (entry.isPresent()) {
            try {
                KieBase kieBase = kieBaseOf(entry.get().packages());
                CompiledPolicy policy = new CompiledPolicy(versionId, policySet, kieBase, entry.get().origins(),
                        fileSummaries(policySet, entry.get().origins()), entry.get().compiledAt(), entry.get().generatedDrl(), true);
                log.info("policy {} loaded from the compiled policy cache in {} ms", policySet.hash(), (System.nanoTime() - started) / 1_000_000);
                return policy;
            } catch (RuntimeException | LinkageError e) {
                log.warn("compiled policy cache: the entry of policy {} cannot be loaded ({}); compiling it again", policySet.hash(), e.toString());
            }
        }
        CompiledPolicy policy = compileSources(policySet, versionId);
        cache.write(key, policy.kieBase().getKiePackages(), policy.origins(), policy.generatedDrl(), policy.compiledAt());
        return policy;
    }

    /** A rule base rebuilt from compiled packages: no DRL is parsed and no class generated again. */
    private KieBase kieBaseOf(java.util.Collection<KiePackage> packages) {
        var configuration = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
        var kieBase = org.drools.kiesession.rulebase.KnowledgeBaseFactory.newKnowledgeBase(configuration);
        kieBase.addPackages(packages);
        return kieBase;
    }

    private CompiledPolicy compileSources(PolicySet policySet, String versionId) {
        List<PolicyProblem> problems = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        for (PolicySource source : policySet.ruleSources()) {
            try {
                switch (source.kind()) {
                    case DRL -> units.add(new Unit(source, null, new String(source.bytes(), StandardCharsets.UTF_8),
                            RULES_PACKAGE_PATH + kieName(source.fileName())));
                    case DECISION_TABLE -> units.addAll(sheetsOf(source, problems));
                    case SCENARIO -> { }
                }
            } catch (IllegalArgumentException e) {
                problems.add(PolicyProblem.coded(source.name(), null, null, null, "policy.compile.source", e.getMessage()));
            }
        }
        for (Unit unit : units) {
            if (unit.sheet() != null) {
                checkValues(unit, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyCompilationException(problems);
        }
        KieBase kieBase = build(units, problems);
        if (!problems.isEmpty()) {
            throw new PolicyCompilationException(problems);
        }
        Map<String, RuleOrigin> origins = originsOf(units, kieBase);
        checkMetadata(units, origins, problems);
        if (!problems.isEmpty()) {
            throw new PolicyCompilationException(problems);
        }
        Map<String, String> generated = new LinkedHashMap<>();
        units.stream().filter(u -> u.sheet() != null).forEach(u -> generated.put(u.source().name() + "#" + u.sheet(), u.drl()));
        return new CompiledPolicy(versionId, policySet, kieBase, origins, fileSummaries(policySet, origins), Instant.now(), generated);
    }

    /**
     * Compiles every sheet that holds a RuleSet; explanation and list sheets are skipped. The workbook first passes
     * the {@link WorkbookGuard} (also when it was validated before, or is bundled): only values reach Drools, from
     * a workbook rebuilt from them.
     */
    private List<Unit> sheetsOf(PolicySource source, List<PolicyProblem> problems) {
        WorkbookGuard.Guarded guarded = guard.read(source);
        if (guarded.refused()) {
            problems.addAll(guarded.problems());
            return List.of();
        }
        List<PolicyProblem> badValues = TemplateLock.valueProblems(guarded.tables());
        if (!badValues.isEmpty()) {
            problems.addAll(badValues);
            return List.of();
        }
        byte[] rebuilt = guarded.rebuilt();
        List<String> ruleSheets = new ArrayList<>();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(rebuilt))) {
            for (Sheet sheet : workbook) {
                if (holdsRuleSet(sheet)) {
                    ruleSheets.add(sheet.getSheetName());
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(PolicyProblem.coded(source.name(), null, null, null, "policy.workbook.unreadable", WorkbookGuard.plain(e)));
            return List.of();
        }
        if (ruleSheets.isEmpty()) {
            problems.add(PolicyProblem.coded(source.name(), null, null, null, "policy.compile.noRuleSet"));
        }
        List<Unit> units = new ArrayList<>();
        for (String sheet : ruleSheets) {
            List<DecisionTable> tables = guarded.tables().stream().filter(t -> t.sheet().equals(sheet)).toList();
            try {
                String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(rebuilt), sheet);
                String base = source.fileName().replaceFirst("\\.xlsx$", "");
                units.add(new Unit(source, sheet, drl, RULES_PACKAGE_PATH + kieName(base + "__" + sheet) + ".drl", rebuilt, tables));
            } catch (DecisionTableParseException e) {
                problems.add(PolicyProblem.coded(source.name(), sheet, cellIn(e.getMessage()), null, "policy.compile.layout",
                        String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                problems.add(PolicyProblem.coded(source.name(), sheet, cellIn(String.valueOf(e.getMessage())), null,
                        "policy.compile.sheetUnreadable", WorkbookGuard.plain(e)));
            }
        }
        return units;
    }

    /** Text values (dates, hours, days) checked per generated rule, reported at the cell that holds them. */
    private static void checkValues(Unit unit, List<PolicyProblem> problems) {
        String[] lines = unit.drl().split("\n", -1);
        StringBuilder rule = new StringBuilder();
        Integer row = null;
        String firstCell = null;
        for (int i = 0; i <= lines.length; i++) {
            Matcher values = i < lines.length ? RULE_VALUES.matcher(lines[i]) : null;
            if (i == lines.length || values.find()) {
                if (row != null) {
                    for (CellValueChecks.BadValue bad : CellValueChecks.check(rule.toString())) {
                        problems.add(cellProblem(unit, row, firstCell, bad.problem(), bad.value()));
                    }
                    checkCode(unit, row, firstCell, rule.toString(), problems);
                }
                if (i < lines.length) {
                    row = Integer.valueOf(values.group(2));
                    firstCell = values.group(1) + values.group(2);
                    rule.setLength(0);
                }
            } else {
                rule.append(lines[i]).append('\n');
            }
        }
    }

    private static final Pattern CODE_META = Pattern.compile("@code\\(\"([^\"]*)\"\\)");
    private static final Pattern CODE_FORMAT = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** A row that excludes records or raises findings must name its code, in capitals, for applications to rely on. */
    private static void checkCode(Unit unit, int row, String firstCell, String ruleDrl, List<PolicyProblem> problems) {
        if (!ruleDrl.contains("out.exclude(") && !ruleDrl.contains("out.finding(")) {
            return;
        }
        Matcher code = CODE_META.matcher(ruleDrl);
        if (!code.find()) {
            problems.add(PolicyProblem.coded(unit.source().name(), unit.sheet(), firstCell, null, "policy.compile.noCode", row));
        } else if (!CODE_FORMAT.matcher(code.group(1).trim()).matches()) {
            problems.add(cellProblem(unit, row, firstCell, new ColumnType.Invalid("policy.value.code", code.group(1)), code.group(1)));
        }
    }

    /** A problem at the exact cell of a row that holds {@code value} (or that the message quotes), with its column's label. */
    private static PolicyProblem cellProblem(Unit unit, int row, String fallbackCell, ColumnType.Invalid problem, String value) {
        List<SheetCells.CellText> cells = SheetCells.row(unit.workbook(), unit.sheet(), row);
        SheetCells.CellText cell = SheetCells.explaining(cells, String.join(" ", problem.details().stream().map(String::valueOf).toList())
                + " " + problem.value(), value);
        String address = cell != null ? cell.address() : fallbackCell;
        return PolicyProblem.coded(unit.source().name(), unit.sheet(), address, cell != null ? cell.text() : null, problem.code(),
                problem.args(address, unit.labelAt(address)));
    }

    private static boolean holdsRuleSet(Sheet sheet) {
        for (int r = 0; r <= Math.min(sheet.getLastRowNum(), 20); r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING && "RuleSet".equalsIgnoreCase(cell.getStringCellValue().trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Pattern CELL_IN_MESSAGE = Pattern.compile("\\b([A-Z]{1,3}[0-9]{1,6})\\b");

    private static String cellIn(String message) {
        Matcher m = CELL_IN_MESSAGE.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : null;
    }

    private KieBase build(List<Unit> units, List<PolicyProblem> problems) {
        KieServices ks = KieServices.Factory.get();
        // One build at a time with a fresh release id: concurrent builds on a shared id can mix rules (drools notes).
        synchronized (BUILD_LOCK) {
            ReleaseId releaseId = ks.newReleaseId("io.listguard", "policy", "1." + BUILDS.incrementAndGet());
            KieFileSystem kfs = ks.newKieFileSystem();
            kfs.generateAndWritePomXML(releaseId);
            for (Unit unit : units) {
                kfs.write(unit.kiePath(), unit.drl());
            }
            KieBuilder builder = ks.newKieBuilder(kfs, classLoader).buildAll();
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            if (!errors.isEmpty()) {
                for (Message error : errors) {
                    problems.add(locate(error, units));
                }
                return null;
            }
            KieContainer container = ks.newKieContainer(releaseId, classLoader);
            KieBase kieBase = container.getKieBase();
            ks.getRepository().removeKieModule(releaseId);
            return kieBase;
        }
    }

    private static PolicyProblem locate(Message error, List<Unit> units) {
        String text = error.getText().replace('\n', ' ').trim();
        for (Unit unit : units) {
            if (error.getPath() != null && unit.kiePath().endsWith(error.getPath())) {
                if (unit.sheet() == null) {
                    return PolicyProblem.codedAt(unit.source().name(), error.getLine() > 0 ? error.getLine() : null, "policy.compile.droolsFile", text);
                }
                int line = error.getLine() > 0 ? error.getLine() : unit.lineOf(error.getText());
                String cell = line > 0 ? unit.cellForLine(line) : null;
                if (cell == null) {
                    return PolicyProblem.coded(unit.source().name(), unit.sheet(), null, null, "policy.compile.droolsSheet", unit.sheet(), text);
                }
                int row = Integer.parseInt(cell.replaceAll("[A-Z]", ""));
                return cellProblem(unit, row, cell, explain(text), tokenIn(text));
            }
        }
        return PolicyProblem.codedAt(error.getPath() == null ? "(policy)" : error.getPath(), null, "policy.compile.droolsFile", text);
    }


    /** The value a Drools message complains about, e.g. CONSUMR in "Unable to Analyse Expression audience == Audience.CONSUMR". */
    private static String tokenIn(String droolsMessage) {
        Matcher enumRef = Pattern.compile("\\b(?:Audience|Channel|RecordKind|YesNo|LegalBasis|OptOutMechanism|Severity)\\.([A-Za-z0-9_]+)").matcher(droolsMessage);
        String last = null;
        while (enumRef.find()) {
            if (!isConstant(enumRef.group(1))) {
                last = enumRef.group(1);
            }
        }
        return last;
    }

    private static boolean isConstant(String name) {
        for (Class<? extends Enum<?>> type : List.<Class<? extends Enum<?>>>of(io.listguard.domain.Audience.class, io.listguard.domain.Channel.class,
                io.listguard.domain.RecordKind.class, io.listguard.domain.YesNo.class, io.listguard.domain.LegalBasis.class,
                io.listguard.domain.OptOutMechanism.class, io.listguard.domain.Severity.class)) {
            for (Enum<?> constant : type.getEnumConstants()) {
                if (constant.name().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A sentence for the person editing the sheet, keeping Drools' own words (an argument) for the developer. */
    private static ColumnType.Invalid explain(String droolsMessage) {
        String token = tokenIn(droolsMessage);
        if (token != null) {
            Matcher type = Pattern.compile("\\b(Audience|Channel|RecordKind|YesNo|LegalBasis|OptOutMechanism|Severity)\\." + Pattern.quote(token)).matcher(droolsMessage);
            if (type.find()) {
                return new ColumnType.Invalid("policy.compile.enumValue", token, allowed(type.group(1)), droolsMessage);
            }
        }
        return new ColumnType.Invalid("policy.compile.droolsCell", "", droolsMessage);
    }

    private static String allowed(String enumName) {
        return switch (enumName) {
            case "Audience" -> "CONSUMER, BUSINESS";
            case "Channel" -> "EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL";
            case "RecordKind" -> "PERSON, GENERIC_ADDRESS";
            case "YesNo" -> "YES, NO";
            case "LegalBasis" -> "CONSENT_REQUIRED, OPT_OUT, EXISTING_CONTRACT, NOT_PERSONAL_DATA";
            case "OptOutMechanism" -> "LINK, SMS_STOP, PREMIUM_NUMBER, POSTAL_ADDRESS, FREE_PHONE, NONE";
            default -> "BLOCKING, WARNING, INFO";
        };
    }

    /** Maps each rule name to its spreadsheet row or DRL line, with the metadata compiled into the rule. */
    private static Map<String, RuleOrigin> originsOf(List<Unit> units, KieBase kieBase) {
        Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                metadata.put(rule.getName(), rule.getMetaData());
            }
        }
        Map<String, RuleOrigin> origins = new LinkedHashMap<>();
        for (Unit unit : units) {
            String[] lines = unit.drl().split("\n", -1);
            String pendingCell = null;
            Integer pendingRow = null;
            for (int i = 0; i < lines.length; i++) {
                Matcher values = RULE_VALUES.matcher(lines[i]);
                if (values.find()) {
                    pendingCell = values.group(1) + values.group(2);
                    pendingRow = Integer.valueOf(values.group(2));
                    continue;
                }
                Matcher declaration = RULE_DECLARATION.matcher(lines[i]);
                if (declaration.find()) {
                    String name = declaration.group(1).replace("\\\"", "\"");
                    Map<String, String> meta = new LinkedHashMap<>();
                    metadata.getOrDefault(name, Map.of()).forEach((k, v) -> meta.put(k, unquote(String.valueOf(v))));
                    boolean enabled = !disabled(lines, i);
                    origins.put(name, unit.sheet() == null
                            ? new RuleOrigin(name, unit.source().name(), null, null, null, i + 1, meta, enabled)
                            : new RuleOrigin(name, unit.source().name(), unit.sheet(), pendingRow, pendingCell, null, meta, enabled));
                    pendingCell = null;
                    pendingRow = null;
                }
            }
        }
        return origins;
    }

    /** True when the rule declared at line {@code start} has the attribute {@code enabled false} before its "when". */
    private static boolean disabled(String[] lines, int start) {
        for (int j = start + 1; j < lines.length; j++) {
            String line = lines[j].trim();
            if (line.equals("when") || line.startsWith("when ")) {
                return false;
            }
            if (line.matches("enabled\\s+false\\b.*")) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** Metadata is free text to Drools; the values the engine relies on are checked here, at their cell. */
    private static void checkMetadata(List<Unit> units, Map<String, RuleOrigin> origins, List<PolicyProblem> problems) {
        for (RuleOrigin origin : origins.values()) {
            Unit unit = units.stream().filter(u -> u.source().name().equals(origin.source()) && java.util.Objects.equals(u.sheet(), origin.sheet()))
                    .findFirst().orElseThrow();
            checkMeta(unit, origin, "severity", List.of("BLOCKING", "WARNING", "INFO"), problems);
            checkMeta(unit, origin, "confidence", List.of("H", "M", "U"), problems);
        }
    }

    private static void checkMeta(Unit unit, RuleOrigin origin, String key, List<String> allowed, List<PolicyProblem> problems) {
        String value = origin.meta(key);
        if (value == null || allowed.contains(value.trim().toUpperCase(Locale.ROOT))) {
            return;
        }
        problems.add(origin.fromSpreadsheet()
                ? cellProblem(unit, origin.row(), origin.cell(), new ColumnType.Invalid("policy.value." + key, value, String.join(", ", allowed)), value)
                : PolicyProblem.codedAt(origin.source(), origin.line(), "policy.compile.metaDrl", value, key, String.join(", ", allowed)));
    }

    private static List<CompiledPolicy.FileSummary> fileSummaries(PolicySet set, Map<String, RuleOrigin> origins) {
        List<CompiledPolicy.FileSummary> files = new ArrayList<>();
        for (PolicySource source : set.ruleSources()) {
            int count = (int) origins.values().stream().filter(o -> o.source().equals(source.name())).count();
            files.add(new CompiledPolicy.FileSummary(source.name(), count));
        }
        return files;
    }

    private static String kieName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
