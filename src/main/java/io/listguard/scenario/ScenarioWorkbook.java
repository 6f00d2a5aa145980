package io.listguard.scenario;

import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.Provider;
import io.listguard.domain.RecordKind;
import io.listguard.domain.RentedFile;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Sender;
import io.listguard.domain.Violation;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkbookGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Reads a scenario workbook ({@code policies/scenarios/scenarios.xlsx}): business test cases written as rows by
 * compliance staff, as an alternative to JSON scenario files. Sheet {@value #SHEET} holds one row per record; the
 * rows of one case share its id (first column) and follow each other, and the case's own columns (name, campaign,
 * file, expected decision and findings) are written on its first row. A case without record is one row with no
 * record column filled. Columns are found by their label in the header row, whatever their order.
 *
 * <p>The workbook holds values only: a formula anywhere is refused at its cell. Every other cell is checked
 * against its column's type (choice, date, YES/NO, number, code...) and each bad cell is reported with the file,
 * the sheet, the cell, the cell's text and a coded message ({@code scenarios.*}, in French and English). A case
 * is then built into an evaluation request exactly as the API receives it, and checked as the API checks one.
 */
public final class ScenarioWorkbook {

    /** The sheet holding the cases. */
    public static final String SHEET = "Cases";
    /** The rows searched for the header (the one holding the case column's label). */
    private static final int HEADER_SEARCH_ROWS = 10;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Set<String> NONE = Set.of("NONE", "AUCUN");
    private static final DataFormatter FORMATTER = new DataFormatter(Locale.ROOT);

    /** What a column describes: the case's own columns are written once, on its first row; record columns on every row. */
    enum Scope { CASE, RECORD }

    enum Type { ID, TEXT, CODE, CODES, EXPECTED_CODES, DATE, YES_NO, WHOLE, NUMBER, AUDIENCE, CHANNEL, CHANNELS, OPT_OUT, KIND, DECISION, DAYS, HOURS }

    /** A column: its key, its label ("French / English"), what it describes, its type and whether it is required. */
    record Column(String key, String label, Scope scope, Type type, boolean required) {

        /** The English part of the label, as messages name the column. */
        String english() {
            int slash = label.indexOf(" / ");
            return slash < 0 ? label : label.substring(slash + 3);
        }

        /** The choices of a choice column, for messages and drop-down lists; empty otherwise. */
        List<String> choices() {
            return switch (type) {
                case AUDIENCE -> names(Audience.values());
                case CHANNEL, CHANNELS -> names(Channel.values());
                case OPT_OUT -> names(OptOutMechanism.values());
                case KIND -> names(RecordKind.values());
                case DECISION -> names(Decision.values());
                case DAYS -> names(DayOfWeek.values());
                case YES_NO -> List.of("YES", "NO");
                default -> List.of();
            };
        }
    }

    /** Every column of sheet Cases, in the bundled workbook's order. Only "Case" and the required ones must be present. */
    static final List<Column> COLUMNS = List.of(
            new Column("case", "Cas / Case", Scope.RECORD, Type.ID, true),
            new Column("name", "Nom du cas / Case name", Scope.CASE, Type.TEXT, true),
            new Column("description", "Description / Description", Scope.CASE, Type.TEXT, false),
            new Column("campaign.id", "Campagne / Campaign", Scope.CASE, Type.TEXT, true),
            new Column("campaign.audience", "Public / Audience", Scope.CASE, Type.AUDIENCE, true),
            new Column("campaign.channel", "Canal / Channel", Scope.CASE, Type.CHANNEL, true),
            new Column("campaign.offer", "Catégorie d’offre / Offer category", Scope.CASE, Type.CODE, true),
            new Column("campaign.start", "Début / Start date", Scope.CASE, Type.DATE, true),
            new Column("campaign.end", "Fin / End date", Scope.CASE, Type.DATE, false),
            new Column("campaign.sender", "Expéditeur / Sender", Scope.CASE, Type.TEXT, false),
            new Column("campaign.senderIdentified", "Expéditeur identifié / Sender identified", Scope.CASE, Type.YES_NO, false),
            new Column("campaign.optOut", "Moyen d’opposition / Opt-out", Scope.CASE, Type.OPT_OUT, false),
            new Column("campaign.sourceDisclosed", "Source des données indiquée / Data source disclosed", Scope.CASE, Type.YES_NO, false),
            new Column("campaign.callDays", "Jours d’appel / Calling days", Scope.CASE, Type.DAYS, false),
            new Column("campaign.callHours", "Heures d’appel / Calling hours", Scope.CASE, Type.HOURS, false),
            new Column("campaign.holidays", "Appels les jours fériés / Calls on public holidays", Scope.CASE, Type.YES_NO, false),
            new Column("campaign.maxAttempts", "Appels max. par personne sur 30 jours / Max attempts per 30 days", Scope.CASE, Type.WHOLE, false),
            new Column("file.id", "Fichier / File", Scope.CASE, Type.TEXT, true),
            new Column("file.provider", "Fournisseur / Provider", Scope.CASE, Type.TEXT, false),
            new Column("file.certifications", "Certifications du fournisseur / Provider certifications", Scope.CASE, Type.CODES, false),
            new Column("file.certifiedUntil", "Certifié jusqu’au / Certified until", Scope.CASE, Type.DATE, false),
            new Column("file.price", "Prix pour mille / Price per thousand", Scope.CASE, Type.NUMBER, false),
            new Column("file.currency", "Devise / Currency", Scope.CASE, Type.CODE, false),
            new Column("file.bloctel", "Passage Bloctel le / Bloctel scrubbed on", Scope.CASE, Type.DATE, false),
            new Column("record.id", "Enregistrement / Record", Scope.RECORD, Type.ID, false),
            new Column("record.kind", "Type / Kind", Scope.RECORD, Type.KIND, false),
            new Column("record.email", "E-mail / Email", Scope.RECORD, Type.TEXT, false),
            new Column("record.phone", "Téléphone / Phone", Scope.RECORD, Type.TEXT, false),
            new Column("record.address", "Adresse postale / Postal address", Scope.RECORD, Type.TEXT, false),
            new Column("record.birthDate", "Date de naissance / Birth date", Scope.RECORD, Type.DATE, false),
            new Column("record.job", "Fonction / Job function", Scope.RECORD, Type.TEXT, false),
            new Column("record.segments", "Segments / Segments", Scope.RECORD, Type.CODES, false),
            new Column("record.consentChannels", "Consentement : canaux / Consent channels", Scope.RECORD, Type.CHANNELS, false),
            new Column("record.consentOn", "Consentement donné le / Consent given on", Scope.RECORD, Type.DATE, false),
            new Column("record.consentProof", "Preuve du consentement / Consent proof", Scope.RECORD, Type.TEXT, false),
            new Column("record.renterNamed", "Loueur nommé / Renter named", Scope.RECORD, Type.YES_NO, false),
            new Column("record.parental", "Accord parental / Parental consent", Scope.RECORD, Type.YES_NO, false),
            new Column("record.bloctel", "Inscrit sur Bloctel / On Bloctel", Scope.RECORD, Type.YES_NO, false),
            new Column("record.optedOut", "S’est opposé / Opted out", Scope.RECORD, Type.YES_NO, false),
            new Column("record.contract", "Contrat en cours lié à l’offre / Contract related to the offer", Scope.RECORD, Type.YES_NO, false),
            new Column("record.lastActivity", "Dernière activité le / Last activity on", Scope.RECORD, Type.DATE, false),
            new Column("record.calls", "Appels sur 30 jours / Calls in the last 30 days", Scope.RECORD, Type.WHOLE, false),
            new Column("record.lastRefusal", "Dernier refus le / Last refusal on", Scope.RECORD, Type.DATE, false),
            new Column("expect.decision", "Décision attendue / Expected decision", Scope.CASE, Type.DECISION, false),
            new Column("expect.findings", "Constats attendus / Expected findings", Scope.CASE, Type.EXPECTED_CODES, false),
            new Column("expect.reasons", "Motifs d’exclusion attendus / Expected exclusion reasons", Scope.RECORD, Type.EXPECTED_CODES, false));

    /** What a workbook gave: its cases as scenarios when it is valid, or every problem found (then no scenario). */
    public record Read(List<Scenario> scenarios, List<PolicyProblem> problems) {

        public Read {
            scenarios = List.copyOf(scenarios);
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private ScenarioWorkbook() {
    }

    /** Reads every case of a scenario workbook, or reports every bad cell. */
    public static Read read(PolicySource source) {
        // the same guard as the policy workbooks: size, zip bomb, macros, links, defined names and every formula cell
        List<PolicyProblem> guarded = new WorkbookGuard().check(source);
        if (!guarded.isEmpty()) {
            return new Read(List.of(), guarded);
        }
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(source.content()))) {
            return new Reader(source.name(), workbook).read();
        } catch (IOException | RuntimeException e) {
            return new Read(List.of(), List.of(PolicyProblem.coded(source.name(), null, null, null, "scenarios.unreadable",
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
    }

    /** A label as typed, normalised to be compared: lower case, one space, straight apostrophes. */
    static String normalise(String label) {
        return label.replace('’', '\'').replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    // ------------------------------------------------------------------ reading one workbook

    /** A checked cell: its address, its text as shown, and its value (null when blank or refused). */
    private record Value(String address, String text, Object value, boolean bad) {

        boolean blank() {
            return text.isEmpty() && !bad;
        }
    }

    private static final class Reader {

        private final String source;
        private final Workbook workbook;
        private final List<PolicyProblem> problems = new ArrayList<>();

        Reader(String source, Workbook workbook) {
            this.source = source;
            this.workbook = workbook;
        }

        Read read() {
            Sheet sheet = workbook.getSheet(SHEET);
            if (sheet == null) {
                problems.add(PolicyProblem.coded(source, null, null, null, "scenarios.noSheet", SHEET));
                return new Read(List.of(), problems);
            }
            Map<Column, Integer> columns = new LinkedHashMap<>();
            int headerRow = header(sheet, columns);
            if (headerRow < 0) {
                return new Read(List.of(), problems);
            }
            List<Scenario> scenarios = cases(sheet, headerRow, columns);
            return problems.isEmpty() ? new Read(scenarios, List.of()) : new Read(List.of(), problems);
        }

        /** Finds the header row (the one naming the case column) and maps each label to its column; -1 when unusable. */
        private int header(Sheet sheet, Map<Column, Integer> columns) {
            Map<String, Column> byLabel = new HashMap<>();
            for (Column column : COLUMNS) {
                byLabel.put(normalise(column.label()), column);
                int slash = column.label().indexOf(" / ");
                byLabel.putIfAbsent(normalise(column.label().substring(0, slash)), column);
                byLabel.putIfAbsent(normalise(column.label().substring(slash + 3)), column);
            }
            Column caseColumn = COLUMNS.get(0);
            for (int r = 0; r < HEADER_SEARCH_ROWS && r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                boolean isHeader = false;
                for (Cell cell : row) {
                    if (byLabel.get(normalise(plainText(cell))) == caseColumn) {
                        isHeader = true;
                    }
                }
                if (!isHeader) {
                    continue;
                }
                for (Cell cell : row) {
                    String text = plainText(cell).trim();
                    if (text.isEmpty() || cell.getCellType() == CellType.FORMULA) {
                        continue;
                    }
                    Column column = byLabel.get(normalise(text));
                    if (column == null) {
                        problems.add(PolicyProblem.coded(source, SHEET, address(cell), text, "scenarios.headerUnknown", address(cell), text));
                    } else if (columns.containsKey(column)) {
                        problems.add(PolicyProblem.coded(source, SHEET, address(cell), text, "scenarios.headerDuplicate", address(cell), text));
                    } else {
                        columns.put(column, cell.getColumnIndex());
                    }
                }
                for (Column column : COLUMNS) {
                    if (column.required() && !columns.containsKey(column)) {
                        problems.add(PolicyProblem.coded(source, SHEET, "A" + (r + 1), null, "scenarios.headerMissing", r + 1, column.label()));
                    }
                }
                return problems.isEmpty() || columns.keySet().stream().filter(Column::required).count()
                        == COLUMNS.stream().filter(Column::required).count() ? r : -1;
            }
            problems.add(PolicyProblem.coded(source, SHEET, null, null, "scenarios.noHeader", SHEET, caseColumn.label(), HEADER_SEARCH_ROWS));
            return -1;
        }

        private List<Scenario> cases(Sheet sheet, int headerRow, Map<Column, Integer> columns) {
            List<Scenario> scenarios = new ArrayList<>();
            Map<String, Integer> endedAt = new HashMap<>();
            List<Map<Column, Value>> current = new ArrayList<>();
            String currentId = null;
            boolean split = false; // rows of a case met again after another case: reported, not built
            for (int r = headerRow + 1; r <= sheet.getLastRowNum(); r++) {
                Map<Column, Value> values = row(sheet, r, columns);
                if (values.values().stream().allMatch(Value::blank)) {
                    continue; // a blank row separates nothing and is skipped
                }
                Value caseId = values.get(COLUMNS.get(0));
                if (caseId.blank()) {
                    problems.add(PolicyProblem.coded(source, SHEET, caseId.address(), null, "scenarios.requiredCase", caseId.address(),
                            COLUMNS.get(0).label()));
                    continue;
                }
                if (caseId.bad()) {
                    continue;
                }
                String id = (String) caseId.value();
                if (!id.equals(currentId)) {
                    if (currentId != null && !split) {
                        scenarios.add(build(currentId, current));
                        endedAt.put(currentId, r);
                    }
                    split = endedAt.containsKey(id);
                    if (split) {
                        problems.add(PolicyProblem.coded(source, SHEET, caseId.address(), id, "scenarios.caseSplit", caseId.address(), id, endedAt.get(id)));
                    }
                    currentId = id;
                    current = new ArrayList<>();
                }
                current.add(values);
            }
            if (currentId != null && !split) {
                scenarios.add(build(currentId, current));
            } else if (problems.isEmpty()) {
                problems.add(PolicyProblem.coded(source, SHEET, null, null, "scenarios.noCase", SHEET, headerRow + 2));
            }
            return scenarios;
        }

        /** The checked value of every column of a 0-based row; absent columns read as blank. */
        private Map<Column, Value> row(Sheet sheet, int r, Map<Column, Integer> columns) {
            Row row = sheet.getRow(r);
            Map<Column, Value> values = new LinkedHashMap<>();
            for (Column column : COLUMNS) {
                Integer index = columns.get(column);
                int c = index != null ? index : -1;
                Cell cell = row == null || c < 0 ? null : row.getCell(c);
                String address = c < 0 ? "A" + (r + 1) : CellReference.convertNumToColString(c) + (r + 1);
                values.put(column, value(column, address, cell));
            }
            return values;
        }

        // -------------------------------------------------------------- one case

        private Scenario build(String caseId, List<Map<Column, Value>> rows) {
            Map<Column, Value> first = rows.get(0);
            int firstRow = rowNumber(first);
            int lastRow = rowNumber(rows.get(rows.size() - 1));
            int before = problems.size();
            for (Column column : COLUMNS) {
                if (column.scope() == Scope.CASE && column.required() && first.get(column).blank()) {
                    Value v = first.get(column);
                    problems.add(PolicyProblem.coded(source, SHEET, v.address(), null, "scenarios.requiredCase", v.address(), column.label()));
                }
            }
            for (Map<Column, Value> next : rows.subList(1, rows.size())) {
                for (Column column : COLUMNS) {
                    Value v = next.get(column);
                    Value original = first.get(column);
                    if (column.scope() == Scope.CASE && !v.blank() && !v.text().equals(original.text())) {
                        problems.add(PolicyProblem.coded(source, SHEET, v.address(), v.text(), "scenarios.notRepeated", v.address(),
                                column.label(), v.text(), caseId, firstRow));
                    }
                }
            }
            requireWith(first, "campaign.callHours", "campaign.callDays");
            requireWith(first, "campaign.callDays", "campaign.callHours");
            List<ProspectRecord> records = new ArrayList<>();
            Map<String, List<String>> expectedReasons = new LinkedHashMap<>();
            Set<String> recordIds = new LinkedHashSet<>();
            for (Map<Column, Value> row : rows) {
                ProspectRecord record = record(row, caseId, recordIds);
                if (record != null) {
                    records.add(record);
                    @SuppressWarnings("unchecked")
                    List<String> reasons = (List<String>) get(row, "expect.reasons");
                    if (reasons != null) {
                        expectedReasons.put(record.id(), reasons);
                    }
                }
            }
            boolean badCell = rows.stream().flatMap(r -> r.values().stream()).anyMatch(Value::bad); // already reported at its cell
            if (badCell || problems.size() > before) {
                return null;
            }
            Campaign campaign = campaign(first);
            RentedFile file = file(first);
            EvaluationRequest given = new EvaluationRequest(campaign, file, records);
            @SuppressWarnings("unchecked")
            List<String> findings = (List<String>) get(first, "expect.findings");
            Scenario.Expectations expect = new Scenario.Expectations((Decision) get(first, "expect.decision"), findings,
                    expectedReasons.isEmpty() ? null : expectedReasons);
            String firstCell = first.get(COLUMNS.get(0)).address();
            if (expect.checksNothing()) {
                problems.add(PolicyProblem.coded(source, SHEET, firstCell, caseId, "scenarios.noExpectation", firstCell, caseId));
            }
            for (Violation v : RequestValidator.validate(given)) {
                problems.add(PolicyProblem.coded(source, SHEET, firstCell, caseId, "scenarios.invalidRequest", firstCell, caseId, v.path(), v.message()));
            }
            String description = text(first, "description");
            return new Scenario(source, text(first, "name"), description, given, expect, new Scenario.Origin(SHEET, caseId, firstRow, lastRow));
        }

        /** The record a row describes, or null when it describes none (or a problem was reported). */
        private ProspectRecord record(Map<Column, Value> row, String caseId, Set<String> ids) {
            Value id = row.get(column("record.id"));
            boolean anyRecordCell = COLUMNS.stream().filter(c -> c.scope() == Scope.RECORD && !c.key().equals("case"))
                    .anyMatch(c -> !row.get(c).blank());
            if (!anyRecordCell) {
                return null;
            }
            if (id.blank()) {
                problems.add(PolicyProblem.coded(source, SHEET, id.address(), null, "scenarios.requiredRecord", id.address(), column("record.id").label()));
                return null;
            }
            Value kind = row.get(column("record.kind"));
            if (kind.blank()) {
                problems.add(PolicyProblem.coded(source, SHEET, kind.address(), null, "scenarios.requiredRecord", kind.address(), column("record.kind").label()));
            }
            if (id.bad() || kind.bad()) {
                return null;
            }
            if (!ids.add((String) id.value())) {
                problems.add(PolicyProblem.coded(source, SHEET, id.address(), id.text(), "scenarios.duplicateRecord", id.address(), id.text(), caseId));
            }
            requireWith(row, "record.consentChannels", "record.consentOn");
            requireWith(row, "record.consentChannels", "record.consentProof");
            requireWith(row, "record.consentChannels", "record.renterNamed");
            requireWith(row, "record.consentChannels", "record.parental");
            List<Consent> consents = new ArrayList<>();
            @SuppressWarnings("unchecked")
            List<Channel> channels = (List<Channel>) get(row, "record.consentChannels");
            if (channels != null) {
                for (Channel channel : channels) {
                    consents.add(new Consent(channel, (LocalDate) get(row, "record.consentOn"), text(row, "record.consentProof"),
                            (Boolean) get(row, "record.renterNamed"), (Boolean) get(row, "record.parental")));
                }
            }
            @SuppressWarnings("unchecked")
            List<String> segments = (List<String>) get(row, "record.segments");
            Long calls = (Long) get(row, "record.calls");
            // a case's contract is the renter's own (the case is written by the renter's staff): it is with the renter
            Boolean contract = (Boolean) get(row, "record.contract");
            return new ProspectRecord((String) id.value(), (RecordKind) get(row, "record.kind"), text(row, "record.email"),
                    text(row, "record.phone"), text(row, "record.address"), (LocalDate) get(row, "record.birthDate"), text(row, "record.job"),
                    segments, consents, (Boolean) get(row, "record.bloctel"), (Boolean) get(row, "record.optedOut"),
                    contract, (LocalDate) get(row, "record.lastActivity"),
                    calls == null ? null : calls.intValue(), (LocalDate) get(row, "record.lastRefusal"),
                    null, contract, null, null, null, null);
        }

        private Campaign campaign(Map<Column, Value> first) {
            String senderName = text(first, "campaign.sender");
            Boolean identified = (Boolean) get(first, "campaign.senderIdentified");
            Sender sender = senderName == null && identified == null ? null : new Sender(senderName, identified);
            @SuppressWarnings("unchecked")
            List<DayOfWeek> days = (List<DayOfWeek>) get(first, "campaign.callDays");
            @SuppressWarnings("unchecked")
            List<LocalTime[]> hours = (List<LocalTime[]>) get(first, "campaign.callHours");
            Boolean holidays = (Boolean) get(first, "campaign.holidays");
            Long attempts = (Long) get(first, "campaign.maxAttempts");
            CallingPlan calling = null;
            if (days != null || holidays != null || attempts != null) {
                List<CallingWindow> windows = new ArrayList<>();
                if (days != null && hours != null) {
                    hours.forEach(h -> windows.add(new CallingWindow(days, h[0], h[1])));
                }
                calling = new CallingPlan(windows, holidays, attempts == null ? null : attempts.intValue());
            }
            return new Campaign(text(first, "campaign.id"), (Audience) get(first, "campaign.audience"), (Channel) get(first, "campaign.channel"),
                    text(first, "campaign.offer"), (LocalDate) get(first, "campaign.start"), (LocalDate) get(first, "campaign.end"), sender,
                    (OptOutMechanism) get(first, "campaign.optOut"), (Boolean) get(first, "campaign.sourceDisclosed"), calling);
        }

        private RentedFile file(Map<Column, Value> first) {
            String providerName = text(first, "file.provider");
            @SuppressWarnings("unchecked")
            List<String> certifications = (List<String>) get(first, "file.certifications");
            LocalDate certifiedUntil = (LocalDate) get(first, "file.certifiedUntil");
            Provider provider = providerName == null && certifications == null && certifiedUntil == null ? null
                    : new Provider(providerName, certifications, certifiedUntil);
            return new RentedFile(text(first, "file.id"), provider, (Double) get(first, "file.price"), text(first, "file.currency"),
                    (LocalDate) get(first, "file.bloctel"));
        }

        /** {@code needed} must be filled when {@code when} is. */
        private void requireWith(Map<Column, Value> row, String needed, String when) {
            Value n = row.get(column(needed));
            if (n.blank() && !row.get(column(when)).blank()) {
                problems.add(PolicyProblem.coded(source, SHEET, n.address(), null, "scenarios.requiredWith", n.address(), column(needed).label(),
                        column(when).label()));
            }
        }

        // -------------------------------------------------------------- one cell

        private Value value(Column column, String address, Cell cell) {
            if (cell == null || cell.getCellType() == CellType.BLANK) {
                return new Value(address, "", null, false);
            }
            if (cell.getCellType() == CellType.FORMULA) {
                return new Value(address, "=" + cell.getCellFormula(), null, true); // never reached: the WorkbookGuard refuses every formula first
            }
            if (column.type() == Type.DATE && cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                LocalDate date = cell.getLocalDateTimeCellValue().toLocalDate();
                return new Value(address, date.toString(), date, false);
            }
            if (column.type() == Type.NUMBER && cell.getCellType() == CellType.NUMERIC && !DateUtil.isCellDateFormatted(cell)) {
                return new Value(address, plainText(cell).trim(), cell.getNumericCellValue(), false);
            }
            if (column.type() == Type.YES_NO && cell.getCellType() == CellType.BOOLEAN) {
                return new Value(address, cell.getBooleanCellValue() ? "YES" : "NO", cell.getBooleanCellValue(), false);
            }
            String text = plainText(cell).trim();
            if (text.isEmpty()) {
                return new Value(address, "", null, false);
            }
            try {
                return new Value(address, text, parse(column, text), false);
            } catch (BadCell bad) {
                List<Object> args = new ArrayList<>(List.of(address, column.label(), text));
                args.addAll(Arrays.asList(bad.args));
                problems.add(PolicyProblem.coded(source, SHEET, address, text, bad.code, args.toArray()));
                return new Value(address, text, null, true);
            }
        }

        private Object parse(Column column, String text) {
            return switch (column.type()) {
                case TEXT -> text;
                case ID -> check(ID.matcher(text).matches(), text, "scenarios.id");
                case CODE -> check(CODE.matcher(text).matches(), text, "scenarios.code");
                case CODES -> codes(text);
                case EXPECTED_CODES -> expectedCodes(text);
                case DATE -> date(text);
                case YES_NO -> switch (text.toUpperCase(Locale.ROOT)) {
                    case "YES", "OUI" -> Boolean.TRUE;
                    case "NO", "NON" -> Boolean.FALSE;
                    default -> throw new BadCell("scenarios.yesNo");
                };
                case WHOLE -> {
                    if (!text.matches("\\d{1,6}")) {
                        throw new BadCell("scenarios.whole");
                    }
                    yield Long.parseLong(text);
                }
                case NUMBER -> {
                    if (!text.matches("-?\\d{1,9}(\\.\\d{1,6})?")) {
                        throw new BadCell("scenarios.number");
                    }
                    yield Double.parseDouble(text);
                }
                case AUDIENCE -> choice(column, text, Audience.class);
                case CHANNEL -> choice(column, text, Channel.class);
                case OPT_OUT -> choice(column, text, OptOutMechanism.class);
                case KIND -> choice(column, text, RecordKind.class);
                case DECISION -> choice(column, text, Decision.class);
                case CHANNELS -> items(text).stream().map(item -> choice(column, item, Channel.class)).toList();
                case DAYS -> items(text).stream().map(item -> choice(column, item, DayOfWeek.class)).toList();
                case HOURS -> items(text).stream().map(ScenarioWorkbook.Reader::hours).toList();
            };
        }

        private static Object check(boolean ok, String text, String code) {
            if (!ok) {
                throw new BadCell(code);
            }
            return text;
        }

        private static List<String> codes(String text) {
            List<String> codes = items(text);
            for (String code : codes) {
                if (!CODE.matcher(code).matches()) {
                    throw new BadCell("scenarios.codes", code);
                }
            }
            return codes;
        }

        /** NONE (or AUCUN) alone: nothing expected; otherwise codes. */
        private static List<String> expectedCodes(String text) {
            List<String> codes = items(text);
            if (codes.size() == 1 && NONE.contains(codes.get(0).toUpperCase(Locale.ROOT))) {
                return List.of();
            }
            for (String code : codes) {
                if (NONE.contains(code.toUpperCase(Locale.ROOT))) {
                    throw new BadCell("scenarios.noneAlone");
                }
                if (!CODE.matcher(code).matches()) {
                    throw new BadCell("scenarios.codes", code);
                }
            }
            return codes;
        }

        private static LocalDate date(String text) {
            try {
                return LocalDate.parse(text);
            } catch (RuntimeException e) {
                throw new BadCell("scenarios.date");
            }
        }

        private static LocalTime[] hours(String range) {
            String[] bounds = range.split("-");
            try {
                LocalTime from = LocalTime.parse(bounds[0].trim());
                LocalTime to = LocalTime.parse(bounds[1].trim());
                if (bounds.length == 2 && from.isBefore(to)) {
                    return new LocalTime[] {from, to};
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw new BadCell("scenarios.hours", range);
        }

        private static <E extends Enum<E>> E choice(Column column, String text, Class<E> type) {
            try {
                return Enum.valueOf(type, text.trim());
            } catch (IllegalArgumentException e) {
                throw new BadCell("scenarios.choice", String.join(", ", column.choices()));
            }
        }

        private static List<String> items(String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
        }

        private static Column column(String key) {
            return COLUMNS.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
        }

        private static Object get(Map<Column, Value> row, String key) {
            return row.get(column(key)).value();
        }

        private static String text(Map<Column, Value> row, String key) {
            Value v = row.get(column(key));
            return v.blank() || v.bad() ? null : (String) (v.value() instanceof String s ? s : v.text());
        }

        private static int rowNumber(Map<Column, Value> row) {
            return new CellReference(row.get(COLUMNS.get(0)).address()).getRow() + 1;
        }

        private static String plainText(Cell cell) {
            return cell.getCellType() == CellType.FORMULA ? "" : FORMATTER.formatCellValue(cell);
        }

        private static String address(Cell cell) {
            return new CellReference(cell).formatAsString(false);
        }
    }

    /** A refused cell: its message code and the arguments after (address, column, text). */
    private static final class BadCell extends RuntimeException {

        private final String code;
        private final Object[] args;

        BadCell(String code, Object... args) {
            super(code, null, false, false);
            this.code = code;
            this.args = args;
        }
    }
}
