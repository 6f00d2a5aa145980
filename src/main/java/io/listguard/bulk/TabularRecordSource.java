package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileMapper;
import io.listguard.bulk.mapping.RecordColumns;
import io.listguard.domain.Channel;
import io.listguard.domain.CodedText;
import io.listguard.domain.Consent;
import io.listguard.domain.FieldNames;
import io.listguard.domain.Messages;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import java.io.BufferedReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A records file read as a table (CSV, and XLSX through the same seam): a header row, then rows of cells, each
 * numbered by the line (or sheet row) where it starts. A subclass reads the rows; this class gives them meaning.
 * Its constructor finds the header and hands its cells to {@link #header(List)}; then each row goes to
 * {@link #row(long, List)}, which maps it through the {@link MappingProfile} when there is one
 * ({@link ProfileMapper}: the broker's columns and words onto listguard's columns) and types the canonical values
 * into a {@link ProspectRecord}, reporting every problem of the row at once.
 * <p>
 * Without a profile the header must be listguard's own ({@link RecordColumns}): any order and letter case, a near
 * miss of a column refuses the file, an unknown column is a warning. {@link #columns()} is the canonical header
 * after mapping, what the evidence check reads.
 */
public abstract class TabularRecordSource extends RecordSource {

    private final MappingProfile profile;
    private ProfileMapper mapper;
    /** The canonical header: the file's own names in lower case (no profile), or the mapper's columns. */
    private String[] header;
    /** The file's column names as messages name them. */
    private String[] fileColumns;
    private int width;
    private final List<CodedText> warnings = new ArrayList<>();
    /** Column positions in the canonical row (-1 when absent): no map lookup per field and line. */
    private final int[] scalar = new int[RecordColumns.SCALARS.size()];
    private final int[][] consent = new int[Channel.values().length][RecordColumns.CONSENT_PARTS.size()];
    private Set<String> columns;

    /**
     * One problem of a row, at the listguard column it concerns (null: the row as a whole): its English message and
     * its text by message code, {@link #message(Locale)} in the reader's language.
     */
    public record CellProblem(String column, String message, CodedText text) {
        CellProblem(String column, CodedText text) {
            this(column, text.english(), text);
        }

        public String message(Locale locale) {
            return text == null ? message : text.render(locale);
        }
    }

    /**
     * A row as a preview shows it: its line, its values in {@link #canonicalHeader()} order as mapped (before typing;
     * null when the row could not be mapped at all) and every problem of it.
     */
    public record Row(long line, List<String> values, List<CellProblem> problems) {
    }

    /** Issue 12 preview: rows are kept only when asked, so that bulk jobs pay nothing per row. */
    private boolean keepRows;
    private Row lastRow;

    /** @param profile the mapping profile, null for listguard's own header */
    protected TabularRecordSource(BufferedReader reader, MappingProfile profile) {
        super(reader);
        this.profile = profile;
    }

    /** A table whose rows do not come from text lines (XLSX: cells of a sheet), fed to {@link #row} by the subclass. */
    protected TabularRecordSource(MappingProfile profile) {
        this(null, profile);
    }

    /**
     * A cell that holds no value listguard reads (XLSX: a formula, an error such as {@code #N/A}): its position in
     * the row, the message code of the problem, and the arguments after the column's name ({@code {1}} on: the cell's
     * reference such as {@code D5}, then any detail).
     */
    protected record CellIssue(int index, String code, String... args) {
    }

    /** The 1-based line (or row) of the header the profile names; 1 without one. */
    protected final int headerRow() {
        return profile == null || profile.headerRow() == null ? 1 : profile.headerRow();
    }

    public final MappingProfile profile() {
        return profile;
    }

    /** The header row's cells, as read: resolves the columns, or refuses the file ({@link BulkFormatException}). */
    protected final void header(List<String> cells) {
        List<String> names = new ArrayList<>(cells);
        if (!names.isEmpty() && names.get(0) != null) {
            names.set(0, names.get(0).replaceFirst("^\uFEFF", ""));
        }
        width = names.size();
        if (profile != null) {
            mapper = ProfileMapper.bind(profile, names);
            header = mapper.header().toArray(String[]::new);
            fileColumns = names.stream().map(n -> n == null ? "" : n.trim()).toArray(String[]::new);
            warnings.addAll(mapper.warningTexts());
        } else {
            header = names.stream().map(n -> n == null ? "" : n.trim().toLowerCase(Locale.ROOT)).toArray(String[]::new);
            fileColumns = header;
            checkOwnHeader(names);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.putIfAbsent(header[i], i);
        }
        for (int s = 0; s < RecordColumns.SCALARS.size(); s++) {
            scalar[s] = index.getOrDefault(RecordColumns.SCALARS.get(s), -1);
        }
        for (Channel channel : Channel.values()) {
            for (int k = 0; k < RecordColumns.CONSENT_PARTS.size(); k++) {
                consent[channel.ordinal()][k] = index.getOrDefault(RecordColumns.consent(channel, RecordColumns.CONSENT_PARTS.get(k)), -1);
            }
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (String column : header) {
            if (RecordColumns.known(column)) {
                canonical.add(column);
            }
        }
        columns = Collections.unmodifiableSet(canonical);
        @SuppressWarnings("unchecked")
        List<String>[] made = new List[width];
        readers = made;
        for (int i = 0; i < width; i++) {
            readers[i] = mapper != null ? mapper.readers(i) : RecordColumns.known(header[i]) ? List.of(header[i]) : List.of();
        }
    }

    /** Per column of the file, the listguard columns made from it (empty: no one reads it). */
    private List<String>[] readers;

    /** Whether some listguard column is made from the file's column at this position (else it is ignored). */
    protected final boolean reads(int index) {
        return index < width && !readers[index].isEmpty();
    }

    /** listguard's own header: no column twice, no near miss (issue 12), unknown ones warned, id and kind present. */
    private void checkOwnHeader(List<String> names) {
        FieldNames known = FieldNames.decisive(RecordColumns.ALL);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].isBlank() && names.stream().filter(String::isBlank).count() > 1) {
                // a title line above the header (Excel exports): naming it as a doubled column '' would puzzle anyone
                throw new BulkFormatException(BulkFormatException.BLANK_COLUMNS, names.stream().filter(String::isBlank).count(), headerRow());
            }
            if (!seen.add(header[i])) {
                throw new BulkFormatException(BulkFormatException.DUPLICATE_COLUMN, names.get(i).trim());
            }
            if (known.check(header[i]) instanceof FieldNames.NearMiss miss) {
                // issue 12: 'optedout' is meant as opted_out; ignoring it would make opted-out people contactable
                throw new BulkFormatException("fields.csvNearMiss", names.get(i).trim(), miss.intended());
            }
            if (!RecordColumns.known(header[i])) {
                warnings.add(CodedText.of("bulk.line.unknownColumn", header[i]));
            }
        }
        List<String> missing = RecordColumns.REQUIRED.stream().filter(r -> !seen.contains(r)).toList();
        if (!missing.isEmpty()) {
            throw new BulkFormatException(BulkFormatException.MISSING_REQUIRED, String.join(", ", missing), String.join(", ", header));
        }
    }

    /** Keeps the values and problems of each row for {@link #lastRow()} (a preview of the file). */
    public final void keepRows() {
        keepRows = true;
    }

    /** The last row that went through the mapping and typing, after {@link #keepRows()}; compare its line with the parsed line's. */
    public final Row lastRow() {
        return lastRow;
    }

    /** The columns of a row's values: the file's own (no profile) or the profile's listguard columns, in order. */
    public final List<String> canonicalHeader() {
        return List.of(header);
    }

    /** The canonical header after mapping: the listguard columns this file gives. */
    @Override
    public final Set<String> columns() {
        return columns;
    }

    @Override
    public List<CodedText> warningTexts() {
        return warnings;
    }

    /** The number of columns of the file's header. */
    protected final int width() {
        return width;
    }

    /** The name of the file's column at a position, as messages name it; {@code #n} past the header. */
    protected final String fileColumn(int index) {
        return index < fileColumns.length ? fileColumns[index] : "#" + (index + 1);
    }

    /** One row of the file (its cells as read), numbered by its first line: a record, or why it is rejected. */
    protected final ParsedLine row(long line, List<String> cells) {
        return row(line, cells, null, null);
    }

    /**
     * One row of a spreadsheet: its cells as text, their kinds ({@link ProfileMapper#DATE} for a real date cell...,
     * null: all text) and the cells that hold no readable value, each a problem of the row when some listguard
     * column reads it (a cell of a column no one reads is ignored, as its column is). {@code cells} is modifiable:
     * such a cell is read as blank, and the checks of the fields made from it are left out.
     */
    protected final ParsedLine row(long line, List<String> cells, byte[] kinds, List<CellIssue> issues) {
        if (cells.size() != width) {
            return kept(line, null, null, ParsedLine.rejected(line, CodedText.of("bulk.line.columnCount", cells.size(), width)));
        }
        List<CodedText> problems = new ArrayList<>(0);
        List<String> badFields = new ArrayList<>(0);
        List<CellProblem> cellProblems = keepRows ? new ArrayList<>(0) : null;
        Problems p = new Problems(problems, badFields, cellProblems);
        if (issues != null) {
            for (CellIssue issue : issues) {
                List<String> made = readers[issue.index()];
                if (!made.isEmpty()) {
                    cells.set(issue.index(), "");
                    Object[] args = new Object[issue.args().length + 1];
                    args[0] = fileColumn(issue.index());
                    System.arraycopy(issue.args(), 0, args, 1, issue.args().length);
                    p.add(made.get(0), CodedText.of(issue.code(), args));
                    made.stream().skip(1).forEach(p::skip);
                }
            }
        }
        List<String> values;
        if (mapper == null) {
            CodedText control = LineValidation.controlProblem(header, cells);
            if (control != null) {
                problems.add(control);
                return kept(line, null, null, ParsedLine.rejected(line, problems));
            }
            values = cells;
        } else {
            ProfileMapper.Mapped mapped = mapper.map(cells, kinds);
            for (ProfileMapper.Problem problem : mapped.problems()) {
                p.add(problem.column(), problem.text());
            }
            values = mapped.values();
        }
        ProspectRecord record = record(values, p);
        for (LineValidation.Check check : LineValidation.checks(record)) {
            if (badFields.stream().noneMatch(check.path()::contains)) {
                problems.add(check.text());
                if (cellProblems != null) {
                    cellProblems.add(new CellProblem(checkedColumn(check.path()), check.text()));
                }
            }
        }
        return kept(line, values, cellProblems, problems.isEmpty() ? ParsedLine.ok(line, record) : ParsedLine.rejected(line, problems));
    }

    /** The parsed line, its row kept first for a preview. */
    private ParsedLine kept(long line, List<String> values, List<CellProblem> cellProblems, ParsedLine parsed) {
        if (keepRows) {
            lastRow = new Row(line, values == null ? null : new ArrayList<>(values),
                    cellProblems != null ? List.copyOf(cellProblems) : parsed.rejected() ? List.of(new CellProblem(null, parsed.error(), null)) : List.of());
        }
        return parsed;
    }

    /** The column a record check names by its JSON path ({@code birthDate ...} is birth_date); null for none (consents[0]...). */
    private String checkedColumn(String check) {
        String path = check.split("[ :.\\[]", 2)[0];
        String snake = path.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
        for (String column : header) {
            if (column.equals(snake)) {
                return column;
            }
        }
        return null;
    }

    /** A canonical column as messages name it: itself, or with the file's column it comes from. */
    private CodedText label(String column) {
        return mapper == null ? CodedText.of("bulk.line.column", column) : mapper.label(column);
    }

    private static final Channel[] CHANNELS = Channel.values();
    /** consent_email_given_on... by channel and part, built once: naming them per line cost 15 concatenations a record. */
    private static final String[][] CONSENT_COLUMNS = new String[CHANNELS.length][RecordColumns.CONSENT_PARTS.size()];

    static {
        for (Channel channel : CHANNELS) {
            for (int k = 0; k < RecordColumns.CONSENT_PARTS.size(); k++) {
                CONSENT_COLUMNS[channel.ordinal()][k] = RecordColumns.consent(channel, RecordColumns.CONSENT_PARTS.get(k));
            }
        }
    }

    private ProspectRecord record(List<String> f, Problems p) {
        List<Consent> consents = new ArrayList<>(1);
        for (Channel channel : CHANNELS) {
            int[] c = consent[channel.ordinal()];
            String[] names = CONSENT_COLUMNS[channel.ordinal()];
            if (c[0] < 0 && c[2] < 0 && c[3] < 0 && c[5] < 0) {
                continue; // the file has no column of this channel's consent
            }
            LocalDate givenOn = date(f, c[0], names[0], p);
            // read even without a consent date, so that each bad column of the line is reported
            Boolean renterNamed = bool(f, c[2], names[2], p);
            Boolean parentalConsent = bool(f, c[3], names[3], p);
            Integer hop = integer(f, c[5], names[5], p);
            if (givenOn != null) {
                consents.add(new Consent(channel, givenOn, text(f, c[1]), renterNamed, parentalConsent, text(f, c[4]), hop));
            }
        }
        String segments = text(f, scalar[7]);
        return new ProspectRecord(text(f, scalar[0]), kind(text(f, scalar[1]), p), text(f, scalar[2]), text(f, scalar[3]), text(f, scalar[4]),
                date(f, scalar[5], "birth_date", p), text(f, scalar[6]),
                segments == null ? List.of() : Arrays.stream(segments.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                consents, bool(f, scalar[8], "bloctel_registered", p), bool(f, scalar[9], "opted_out", p),
                bool(f, scalar[10], "active_contract_related_to_offer", p), date(f, scalar[11], "last_activity_on", p),
                integer(f, scalar[12], "call_attempts_last_30_days", p), date(f, scalar[13], "last_refusal_on", p),
                date(f, scalar[14], "collected_on", p), bool(f, scalar[15], "contract_with_renter", p),
                date(f, scalar[16], "objected_during_call_on", p), bool(f, scalar[17], "liste_orange", p),
                bool(f, scalar[18], "out_of_hours_calls_agreed", p), text(f, scalar[19]));
    }

    /**
     * The bad columns of one line, each with its message; the record checks of {@link LineValidation} then skip the
     * fields left empty by them ({@code birthDate}, {@code renterNamed}, ...), so that a bad value is not also
     * reported as missing.
     */
    private record Problems(List<CodedText> messages, List<String> fields, List<CellProblem> cells) {
        void add(String column, CodedText message) {
            messages.add(message);
            if (cells != null) {
                cells.add(new CellProblem(column, message));
            }
            skip(column);
        }

        /** The field of a column left without a value by a problem already reported: its own checks are left out. */
        void skip(String column) {
            String field = column.replaceFirst("^consent_[a-z_]+?_(given_on|proof_ref|renter_named|parental_consent|collected_by|hop)$", "$1");
            StringBuilder camel = new StringBuilder();
            for (String part : field.split("_")) {
                camel.append(camel.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
            }
            fields.add(camel.toString());
        }
    }

    private static String text(List<String> f, int i) {
        if (i < 0) {
            return null;
        }
        String cell = f.get(i);
        if (cell == null) {
            return null;
        }
        String value = cell.trim();
        return value.isEmpty() ? null : value;
    }

    private RecordKind kind(String value, Problems p) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("PERSON")) {
            return RecordKind.PERSON;
        }
        if (value.equalsIgnoreCase("GENERIC_ADDRESS")) {
            return RecordKind.GENERIC_ADDRESS;
        }
        p.add("kind", CodedText.of("bulk.line.kind", label("kind"), value));
        return null;
    }

    private LocalDate date(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return isoDate(value);
        } catch (RuntimeException e) {
            p.add(column, CodedText.of("bulk.line.date", label(column), value));
            return null;
        }
    }

    /**
     * {@link LocalDate#parse} for YYYY-MM-DD, read by hand: the formatter's parser was a tenth of the reading time.
     * {@link LocalDate#of} is as strict (2026-02-31 is refused); any other shape goes to the formatter, which decides.
     */
    static LocalDate isoDate(String value) {
        if (value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
            int year = digits(value, 0, 4);
            int month = digits(value, 5, 7);
            int day = digits(value, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                return LocalDate.of(year, month, day);
            }
        }
        return LocalDate.parse(value);
    }

    /** The number written by ASCII digits from {@code from} to {@code to}; -1 if one is not a digit. */
    private static int digits(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private Boolean bool(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "oui", "1", "y" -> Boolean.TRUE;
            case "false", "no", "non", "0", "n" -> Boolean.FALSE;
            default -> {
                p.add(column, CodedText.of("bulk.line.boolean", label(column), value));
                yield null;
            }
        };
    }

    private Integer integer(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            p.add(column, CodedText.of("bulk.line.integer", label(column), value));
            return null;
        }
    }
}
