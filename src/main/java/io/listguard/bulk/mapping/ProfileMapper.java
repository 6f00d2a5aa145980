package io.listguard.bulk.mapping;

import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.mapping.MappingProfile.ConsentMapping;
import io.listguard.bulk.mapping.MappingProfile.FieldMapping;
import io.listguard.domain.Channel;
import io.listguard.domain.FieldNames;
import io.listguard.domain.Identifiers;
import io.listguard.domain.CodedText;
import io.listguard.domain.Messages;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link MappingProfile} bound to one file's header: it turns each of the file's rows (its cells as read) into the
 * values of listguard's own columns ({@link #header()}, in {@link RecordColumns#ALL} order), which the tabular record
 * sources then type as they type a file written with listguard's header.
 * <p>
 * Binding resolves every column the profile reads (trimmed, ignoring case and Unicode composition); a column the
 * header lacks, or holds twice, refuses the file ({@link BulkFormatException} naming the column, the profile, the
 * intended column for a near miss, and the header's columns). The file's columns the profile does not read are one
 * warning each ({@link #warnings()}).
 * <p>
 * Mapping one row applies, per value: its source (a column; several columns joined, blank ones skipped; or a
 * constant), control characters refused on the raw cells (line breaks allowed in a postal address), trimming,
 * {@code split}, the value map ({@code values}: matched trimmed and ignoring case, {@code ""} for a blank cell; an
 * unlisted word is a problem unless {@code keepOthers}; a matched word's target is final), dates to ISO
 * ({@code dateFormats} tried in order: java.time patterns read strictly, {@code excel} serial day numbers of the
 * 1900 system, whose day 60 is Excel's non-existent 29 February 1900), and {@code phone: "FR"} (nine digits starting
 * 1-9 get their leading 0 back, as written: {@code 6 12 34 56 78} becomes {@code 06 12 34 56 78}; {@code +33} and
 * {@code 0033} numbers are left alone). A consent's {@code given} flag that is not true (false or blank) leaves no
 * consent on that channel, whatever its date says. Every problem of the row is collected, each naming the listguard
 * field and the file's column. A spreadsheet's typed cells ({@link #map(List, byte[])}: real dates, TRUE/FALSE) are
 * read for what their type says.
 */
public final class ProfileMapper {

    /**
     * One problem of a row: the listguard column it concerns (which then has no value), its English message and its
     * text by message code, rendered in the reader's language (issue 16).
     */
    public record Problem(String column, String message, CodedText text) {
        Problem(String column, CodedText text) {
            this(column, text.english(), text);
        }
    }

    /**
     * A row mapped: the values of {@link #header()} in its order (null for none), and the row's problems (empty when
     * none).
     */
    public record Mapped(List<String> values, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * The kind of a spreadsheet cell whose type says what it is ({@link #map(List, byte[])}): a real date (its text is
     * then ISO {@code yyyy-MM-dd}) or a real boolean ({@code true}/{@code false}); any other cell is {@link #TEXT}.
     */
    public static final byte TEXT = 0;
    public static final byte DATE = 1;
    public static final byte BOOLEAN = 2;

    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s.\\-()/]");

    private final MappingProfile profile;
    private final List<String> header;
    private final Source[] sources;
    /** Per channel with a {@code given} flag: the flag's source and the positions of that channel's columns in the header. */
    private final List<Flag> flags;
    private final List<CodedText> warnings;
    private final Map<String, CodedText> labels = new HashMap<>();
    /** Per column of the file, the listguard columns made from it. */
    private final List<List<String>> readers;

    private ProfileMapper(MappingProfile profile, List<String> header, Source[] sources, List<Flag> flags, List<CodedText> warnings) {
        this.profile = profile;
        this.header = List.copyOf(header);
        this.sources = sources;
        this.flags = flags;
        this.warnings = List.copyOf(warnings);
        for (Source source : sources) {
            labels.put(source.column, CodedText.of("bulk.line.mappedColumn", source.column, source.label));
        }
        List<List<String>> made = new ArrayList<>();
        List<Source> all = new ArrayList<>(Arrays.asList(sources));
        flags.forEach(f -> all.add(f.given));
        for (Source source : all) {
            for (int cell : source.cells) {
                while (made.size() <= cell) {
                    made.add(new ArrayList<>(1));
                }
                if (!made.get(cell).contains(source.column)) {
                    made.get(cell).add(source.column);
                }
            }
        }
        this.readers = made.stream().map(List::copyOf).toList();
    }

    /**
     * Binds a profile to a file's header (its cells as read). The profile is checked first
     * ({@link InvalidProfileException}); a column it reads that the header lacks or holds twice is a
     * {@link BulkFormatException}, every such column named at once.
     */
    public static ProfileMapper bind(MappingProfile profile, List<String> fileHeader) {
        ProfileCheck.require(profile);
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(fileHeader.size());
        for (int i = 0; i < fileHeader.size(); i++) {
            String name = fileHeader.get(i) == null ? "" : fileHeader.get(i).trim();
            names.add(name);
            positions.computeIfAbsent(key(name), k -> new ArrayList<>()).add(i);
        }
        Binding binding = new Binding(profile, names, positions);
        Map<String, FieldMapping> fields = profile.fields() == null ? Map.of() : profile.fields();
        Map<String, ConsentMapping> consents = profile.consents() == null ? Map.of() : profile.consents();
        // every listguard column the profile makes, with where it says so
        Map<String, String> paths = new HashMap<>();
        Map<String, FieldMapping> mappings = new HashMap<>();
        fields.forEach((column, mapping) -> {
            paths.put(column, "fields." + column);
            mappings.put(column, mapping);
        });
        List<Flag> flags = new ArrayList<>();
        Map<Channel, Source> givens = new LinkedHashMap<>();
        consents.forEach((name, consent) -> {
            Channel channel = ProfileCheck.channel(name);
            String path = "consents." + name;
            put(paths, mappings, RecordColumns.consent(channel, "given_on"), path + ".givenOn", consent.givenOn());
            put(paths, mappings, RecordColumns.consent(channel, "proof_ref"), path + ".proofRef", consent.proofRef());
            put(paths, mappings, RecordColumns.consent(channel, "renter_named"), path + ".renterNamed", consent.renterNamed());
            put(paths, mappings, RecordColumns.consent(channel, "parental_consent"), path + ".parentalConsent", consent.parentalConsent());
            put(paths, mappings, RecordColumns.consent(channel, "collected_by"), path + ".collectedBy", consent.collectedBy());
            put(paths, mappings, RecordColumns.consent(channel, "hop"), path + ".hop", consent.hop());
            if (consent.given() != null) {
                givens.put(channel, binding.source(path + ".given", path + ".given", RecordColumns.Type.BOOLEAN, consent.given()));
            }
        });
        List<String> header = RecordColumns.ALL.stream().filter(mappings::containsKey).toList();
        Source[] sources = new Source[header.size()];
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            sources[i] = binding.source(column, paths.get(column), RecordColumns.type(column), mappings.get(column));
        }
        givens.forEach((channel, given) -> {
            List<Integer> columns = new ArrayList<>();
            for (String part : RecordColumns.CONSENT_PARTS) {
                int at = header.indexOf(RecordColumns.consent(channel, part));
                if (at >= 0) {
                    columns.add(at);
                }
            }
            flags.add(new Flag(given, columns.stream().mapToInt(Integer::intValue).toArray()));
        });
        binding.refuseIfBroken();
        return new ProfileMapper(profile, header, sources, flags, binding.unused());
    }

    private static void put(Map<String, String> paths, Map<String, FieldMapping> mappings, String column, String path, FieldMapping mapping) {
        if (mapping != null) {
            paths.put(column, path);
            mappings.put(column, mapping);
        }
    }

    public MappingProfile profile() {
        return profile;
    }

    /** The listguard columns this profile makes, in listguard's order: the canonical header of the file. */
    public List<String> header() {
        return header;
    }

    /** One warning per column of the file that the profile does not read. */
    public List<String> warnings() {
        return warnings.stream().map(CodedText::english).toList();
    }

    /** The same warnings by message code (issue 16). */
    public List<CodedText> warningTexts() {
        return warnings;
    }

    /** A listguard column with where its value comes from, as messages name it: {@code opted_out (column ’Désinscrit’)}. */
    public String describe(String column) {
        return describe(column, Messages.ENGLISH);
    }

    /** A canonical column as messages name it, in a language: itself, or with the file's column it comes from. */
    public String describe(String column, Locale locale) {
        CodedText label = labels.get(column);
        return label == null ? column : label.render(locale);
    }

    /** The same as a text to render ({@code bulk.line.column} for a column read as it is named). */
    public CodedText label(String column) {
        CodedText label = labels.get(column);
        return label == null ? CodedText.of("bulk.line.column", column) : label;
    }

    /** The listguard columns made from the file's column at a position (empty: the profile does not read it). */
    public List<String> readers(int cell) {
        return cell < readers.size() ? readers.get(cell) : List.of();
    }

    /** One row of the file (its cells as read, a missing cell counting as blank) as the values of {@link #header()}. */
    public Mapped map(List<String> cells) {
        return map(cells, null);
    }

    /**
     * One row of a spreadsheet: its cells as read and their kinds ({@link #DATE}, {@link #BOOLEAN}; null: all text).
     * A real date cell read for a date column is its ISO date whatever the mapping's {@code dateFormats}, and a real
     * boolean cell read for a yes/no column is true or false, unless the mapping's {@code values} list the cell's
     * text: the spreadsheet's own type says what the cell holds (French Excel shows TRUE as VRAI), so nothing is guessed.
     */
    public Mapped map(List<String> cells, byte[] kinds) {
        String[] values = new String[header.size()];
        List<Problem> problems = new ArrayList<>(0);
        boolean[] withoutConsent = null;
        for (Flag flag : flags) {
            String given = value(flag.given, cells, kinds, problems);
            if (given == null || !bool(given, flag.given, problems)) {
                // not given (false, blank or unreadable): no consent on that channel, whatever its date says
                if (withoutConsent == null) {
                    withoutConsent = new boolean[header.size()];
                }
                for (int column : flag.columns) {
                    withoutConsent[column] = true;
                }
            }
        }
        for (int i = 0; i < sources.length; i++) {
            if (withoutConsent == null || !withoutConsent[i]) {
                values[i] = value(sources[i], cells, kinds, problems);
            }
        }
        return new Mapped(Arrays.asList(values), problems);
    }

    /** The value of one source in a row, null when blank or when it has a problem (then added to {@code problems}). */
    private String value(Source s, List<String> cells, byte[] kinds, List<Problem> problems) {
        String v;
        byte kind = TEXT;
        if (s.constant != null) {
            v = s.constant.trim();
        } else if (s.cells.length == 1) {
            kind = kinds != null && s.cells[0] < kinds.length ? kinds[s.cells[0]] : TEXT;
            String raw = cell(cells, s.cells[0]);
            if (control(s, raw, problems)) {
                return null;
            }
            v = raw.trim();
        } else {
            StringBuilder joined = new StringBuilder();
            for (int cell : s.cells) {
                String raw = cell(cells, cell);
                if (control(s, raw, problems)) {
                    return null;
                }
                String part = raw.trim();
                if (!part.isEmpty()) {
                    joined.append(joined.isEmpty() ? "" : s.join).append(part);
                }
            }
            v = joined.toString();
        }
        if (s.splitSeparator != null && !v.isEmpty()) {
            String[] parts = v.split(Pattern.quote(s.splitSeparator), -1);
            v = s.splitPart <= parts.length ? parts[s.splitPart - 1].trim() : "";
        }
        if (s.values != null) {
            String target = s.values.get(ProfileCheck.key(v));
            if (target != null) {
                return target.isEmpty() ? null : target; // the profile's own word for the field: final
            }
            if (typed(s, kind)) {
                return v;
            }
            if (!s.keepOthers && !v.isEmpty()) {
                problems.add(new Problem(s.column, CodedText.of("profile.row.notListed", s.field, s.label, ProfileCheck.shown(v), s.listed)));
                return null;
            }
        }
        if (v.isEmpty()) {
            return null;
        }
        if (s.dates != null && !typed(s, kind)) {
            return date(s, v, problems);
        }
        if (s.phoneFr) {
            return frenchPhone(v);
        }
        return v;
    }

    /** A real date cell read for a date column, or a real boolean cell for a yes/no one: its value is what it is. */
    private static boolean typed(Source s, byte kind) {
        return kind == DATE && s.type == RecordColumns.Type.DATE || kind == BOOLEAN && s.type == RecordColumns.Type.BOOLEAN;
    }

    private String date(Source s, String v, List<Problem> problems) {
        boolean leapDay = false;
        for (int i = 0; i < s.dates.length; i++) {
            if (s.dates[i] == null) {
                LocalDate excel = DatePatterns.excel(v);
                if (excel != null) {
                    return excel.toString();
                }
                leapDay |= DatePatterns.excelSerial(v) == DatePatterns.EXCEL_LEAP_DAY;
            } else {
                try {
                    return LocalDate.parse(v, s.dates[i]).toString();
                } catch (DateTimeParseException e) {
                    // the next format, if any
                }
            }
        }
        problems.add(new Problem(s.column, leapDay
                ? CodedText.of("profile.row.excelLeapDay", s.field, s.label, ProfileCheck.shown(v))
                : CodedText.of("profile.row.badDate", s.field, s.label, ProfileCheck.shown(v), s.formats)));
        return null;
    }

    /** A consent flag's value as the typing reads booleans; a problem (and false) for any other word. */
    private static boolean bool(String value, Source s, List<Problem> problems) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "oui", "1", "y":
                return true;
            case "false", "no", "non", "0", "n":
                return false;
            default:
                problems.add(new Problem(s.column, CodedText.of("profile.row.notBoolean", s.field, s.label, ProfileCheck.shown(value))));
                return false;
        }
    }

    /**
     * A French number whose leading 0 a spreadsheet dropped ({@code 612345678}, {@code 6 12 34 56 78}) gets it back,
     * written as the file writes it; any other value is left as it is (the record checks judge it).
     */
    static String frenchPhone(String value) {
        String compact = PHONE_SEPARATORS.matcher(Identifiers.fold(value)).replaceAll("");
        if (compact.length() == 9 && compact.charAt(0) >= '1' && compact.charAt(0) <= '9' && compact.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "0" + value;
        }
        return value;
    }

    private static boolean control(Source s, String raw, List<Problem> problems) {
        io.listguard.domain.Violation problem = Identifiers.controlViolation(s.field, raw, s.lineBreaks);
        if (problem == null) {
            return false;
        }
        problems.add(new Problem(s.column, CodedText.of("bulk.line.fieldProblem", CodedText.of("bulk.line.mappedColumn", s.field, s.label),
                new CodedText(problem.code(), problem.args()))));
        return true;
    }

    private static String cell(List<String> cells, int index) {
        String cell = index < cells.size() ? cells.get(index) : null;
        return cell == null ? "" : cell;
    }

    /** How the file's header names are matched: trimmed, NFC, lower case. */
    static String key(String name) {
        return Normalizer.normalize(name.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** One value's recipe, resolved against the header. */
    private static final class Source {
        String column;      // the listguard column (or consents.<channel>.given)
        String field;       // how messages name it
        CodedText label;    // where it comes from: column 'E-mail'
        RecordColumns.Type type;
        int[] cells = new int[0];
        String join;
        String constant;
        String splitSeparator;
        int splitPart;
        Map<String, String> values;
        CodedText listed;
        boolean keepOthers;
        DateTimeFormatter[] dates; // null entry: excel
        String formats;
        boolean phoneFr;
        boolean lineBreaks;
    }

    private record Flag(Source given, int[] columns) {
    }

    /** The work of binding: resolving the columns, collecting the missing and doubled ones, and what is left unused. */
    private static final class Binding {
        final MappingProfile profile;
        final List<String> names;
        final Map<String, List<Integer>> positions;
        final boolean[] used;
        /** Each problem of the header as a message code and its arguments, so that the refusal reads in French or English. */
        final List<List<Object>> problems = new ArrayList<>();

        Binding(MappingProfile profile, List<String> names, Map<String, List<Integer>> positions) {
            this.profile = profile;
            this.names = names;
            this.positions = positions;
            this.used = new boolean[names.size()];
        }

        Source source(String column, String path, RecordColumns.Type type, FieldMapping m) {
            Source s = new Source();
            s.column = column.startsWith("consents.") ? RecordColumns.consent(ProfileCheck.channel(column.split("\\.")[1]), "given_on") : column;
            s.field = column;
            s.type = type;
            s.lineBreaks = "postal_address".equals(column);
            if (m.value() != null) {
                s.constant = m.value();
                s.label = CodedText.of("profile.source.constant", ProfileCheck.shown(m.value()));
            } else {
                List<String> wanted = m.column() != null ? List.of(m.column()) : m.columns();
                s.cells = new int[wanted.size()];
                for (int i = 0; i < wanted.size(); i++) {
                    s.cells[i] = resolve(wanted.get(i), path);
                }
                s.join = m.join() == null ? " " : m.join();
                s.label = wanted.size() == 1 ? CodedText.of("profile.source.column", wanted.get(0).trim())
                        : CodedText.of("profile.source.columns", wanted.stream().map(String::trim).collect(Collectors.joining("’, ’")));
            }
            if (m.split() != null) {
                s.splitSeparator = m.split().separator();
                s.splitPart = m.split().part();
            }
            if (m.values() != null) {
                s.values = new HashMap<>();
                m.values().forEach((word, target) -> s.values.put(ProfileCheck.key(word), target == null ? "" : target.trim()));
                s.keepOthers = Boolean.TRUE.equals(m.keepOthers());
                String words = m.values().keySet().stream().filter(k -> !k.isBlank()).map(k -> "’" + ProfileCheck.shown(k.trim()) + "’")
                        .collect(Collectors.joining(", "));
                // a blank cell is listed by name, in the reader's language
                boolean blank = m.values().keySet().stream().anyMatch(String::isBlank);
                s.listed = !blank ? CodedText.of("profile.values.listed", words)
                        : words.isEmpty() ? CodedText.of("profile.values.onlyBlank") : CodedText.of("profile.values.listedWithBlank", words);
            }
            if (m.dateFormats() != null) {
                s.dates = m.dateFormats().stream().map(p -> DatePatterns.isExcel(p) ? null : DatePatterns.formatter(p)).toArray(DateTimeFormatter[]::new);
                s.formats = String.join(", ", m.dateFormats());
            }
            s.phoneFr = m.phone() != null;
            return s;
        }

        /** The position of a column the profile reads, -1 (and a problem) when the header lacks it or has it twice. */
        int resolve(String name, String path) {
            List<Integer> at = positions.get(key(name));
            if (at == null) {
                String suggestion = FieldNames.decisive(names).check(name.trim()) instanceof FieldNames.NearMiss miss ? miss.intended() : null;
                problems.add(suggestion == null
                        ? List.of("profile.header.missing", name.trim(), profile.name(), path)
                        : List.of("profile.header.missingNearMiss", name.trim(), profile.name(), path, suggestion));
                return -1;
            }
            if (at.size() > 1) {
                problems.add(List.of("profile.header.duplicate", name.trim(), profile.name(), path, at.size()));
                return -1;
            }
            used[at.get(0)] = true;
            return at.get(0);
        }

        /** The code of a header the profile cannot read: its arguments, the header's columns; its text, every problem. */
        static final String REFUSED_HEADER = "profile.header.refused";

        void refuseIfBroken() {
            if (!problems.isEmpty()) {
                List<List<Object>> each = problems.stream().distinct().toList();
                String columns = names.stream().map(n -> "’" + n + "’").collect(Collectors.joining(", "));
                CodedText all = null;
                for (List<Object> p : each) {
                    CodedText one = new CodedText((String) p.get(0), p.subList(1, p.size()));
                    all = all == null ? one : CodedText.of("violation.more", all, one);
                }
                throw new BulkFormatException(REFUSED_HEADER, List.of(columns),
                        CodedText.of("profile.header.refusedText", all, CodedText.of("profile.header.columns", columns)));
            }
        }

        List<CodedText> unused() {
            List<CodedText> warnings = new ArrayList<>();
            java.util.Set<String> warned = new java.util.HashSet<>();
            for (int i = 0; i < names.size(); i++) {
                if (!used[i] && warned.add(names.get(i).isEmpty() ? "#" + i : key(names.get(i)))) {
                    warnings.add(names.get(i).isEmpty() ? CodedText.of("profile.columnUnusedUnnamed", i + 1, profile.name())
                            : CodedText.of("profile.columnUnused", names.get(i), profile.name()));
                }
            }
            return Collections.unmodifiableList(warnings);
        }
    }
}
