package io.listguard.bulk.mapping;

import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordCharsets;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.bulk.mapping.MappingProfile.ConsentMapping;
import io.listguard.bulk.mapping.MappingProfile.FieldMapping;
import io.listguard.bulk.mapping.RecordColumns.Type;
import io.listguard.domain.Channel;
import io.listguard.domain.FieldNames;
import io.listguard.domain.Identifiers;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link MappingProfile} before it is stored or used, and gives every problem at once, each at its JSON path
 * ({@code fields.opted_out.values}) with a message code: field and channel names (with the intended one for a near
 * miss), one source per mapping, split, join, value maps whose targets fit the field's type, date patterns, phone
 * repair, separator, charset, header row, sheet name, the required {@code id} and {@code kind}, and a name that is a slug.
 */
public final class ProfileCheck {

    public static final int MAX_HEADER_ROW = 1000;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME = 64;
    private static final FieldNames COLUMNS = FieldNames.decisive(RecordColumns.ALL);
    private static final FieldNames CHANNELS = FieldNames.decisive(RecordColumns.channelNames());

    private ProfileCheck() {
    }

    /** Every problem of the profile; empty when it can be used. */
    public static List<ProfileProblem> problems(MappingProfile profile) {
        List<ProfileProblem> problems = new ArrayList<>();
        if (profile == null) {
            problems.add(ProfileProblem.of("$", "profile.empty"));
            return problems;
        }
        if (profile.name() == null || profile.name().isBlank()) {
            problems.add(ProfileProblem.of("name", "profile.name.required"));
        } else if (profile.name().length() > MAX_NAME || !SLUG.matcher(profile.name()).matches()) {
            problems.add(ProfileProblem.of("name", "profile.name.notSlug", shown(profile.name()), MAX_NAME));
        }
        if (profile.separator() != null) {
            try {
                ReadOptions.separatorNamed(profile.separator());
            } catch (IllegalArgumentException e) {
                problems.add(ProfileProblem.of("separator", ReadOptions.UNKNOWN_SEPARATOR, shown(profile.separator())));
            }
        }
        if (profile.charset() != null) {
            try {
                RecordCharsets.resolve(profile.charset());
            } catch (UnknownCharsetException e) {
                problems.add(ProfileProblem.of("charset", e.code(), shown(profile.charset()), RecordCharsets.supportedNames()));
            }
        }
        if (profile.headerRow() != null && (profile.headerRow() < 1 || profile.headerRow() > MAX_HEADER_ROW)) {
            problems.add(ProfileProblem.of("headerRow", "profile.headerRow.range", profile.headerRow(), MAX_HEADER_ROW));
        }
        if (profile.sheet() != null && !sheetName(profile.sheet())) {
            problems.add(ProfileProblem.of("sheet", "profile.sheet.invalid", shown(profile.sheet()), MAX_SHEET_NAME));
        }
        Map<String, FieldMapping> fields = profile.fields() == null ? Map.of() : profile.fields();
        for (Map.Entry<String, FieldMapping> field : fields.entrySet()) {
            String name = field.getKey();
            String path = "fields." + name;
            if (!RecordColumns.known(name)) {
                problems.add(COLUMNS.check(name) instanceof FieldNames.NearMiss miss
                        ? ProfileProblem.of(path, "profile.field.nearMiss", shown(name), miss.intended())
                        : ProfileProblem.of(path, "profile.field.unknown", shown(name)));
                continue;
            }
            mapping(path, name, RecordColumns.type(name), field.getValue(), problems);
        }
        if (fields.get("id") == null) {
            problems.add(ProfileProblem.of("fields.id", "profile.field.required", "id"));
        } else if (fields.get("id").value() != null) {
            problems.add(ProfileProblem.of("fields.id", "profile.field.idConstant"));
        }
        if (fields.get("kind") == null) {
            problems.add(ProfileProblem.of("fields.kind", "profile.field.required", "kind"));
        }
        Map<String, ConsentMapping> consents = profile.consents() == null ? Map.of() : profile.consents();
        for (Map.Entry<String, ConsentMapping> consent : consents.entrySet()) {
            String name = consent.getKey();
            String path = "consents." + name;
            Channel channel = channel(name);
            if (channel == null) {
                problems.add(CHANNELS.check(name) instanceof FieldNames.NearMiss miss
                        ? ProfileProblem.of(path, "profile.consent.channelNearMiss", shown(name), miss.intended())
                        : ProfileProblem.of(path, "profile.consent.channel", shown(name), String.join(", ", RecordColumns.channelNames())));
                continue;
            }
            ConsentMapping c = consent.getValue();
            if (c == null || c.givenOn() == null) {
                problems.add(ProfileProblem.of(path + ".givenOn", "profile.consent.givenOnRequired"));
            }
            if (c == null) {
                continue;
            }
            optional(path + ".given", "given", Type.BOOLEAN, c.given(), problems);
            optional(path + ".givenOn", RecordColumns.consent(channel, "given_on"), Type.DATE, c.givenOn(), problems);
            optional(path + ".proofRef", RecordColumns.consent(channel, "proof_ref"), Type.TEXT, c.proofRef(), problems);
            optional(path + ".renterNamed", RecordColumns.consent(channel, "renter_named"), Type.BOOLEAN, c.renterNamed(), problems);
            optional(path + ".parentalConsent", RecordColumns.consent(channel, "parental_consent"), Type.BOOLEAN, c.parentalConsent(), problems);
            optional(path + ".collectedBy", RecordColumns.consent(channel, "collected_by"), Type.TEXT, c.collectedBy(), problems);
            optional(path + ".hop", RecordColumns.consent(channel, "hop"), Type.WHOLE_NUMBER, c.hop(), problems);
            for (String part : RecordColumns.CONSENT_PARTS) {
                String column = RecordColumns.consent(channel, part);
                if (fields.containsKey(column)) {
                    problems.add(ProfileProblem.of("fields." + column, "profile.consent.twice", column, path));
                }
            }
        }
        return problems;
    }

    /** Excel's longest sheet name. */
    public static final int MAX_SHEET_NAME = 31;

    /**
     * Whether a text can name an Excel sheet: 1 to 31 characters, none of {@code : \ / ? * [ ]} nor a control
     * character, not starting or ending with an apostrophe (Excel refuses such names, so no workbook has them).
     */
    public static boolean sheetName(String name) {
        return name != null && !name.isBlank() && name.length() <= MAX_SHEET_NAME && name.chars().noneMatch(c -> ":\\/?*[]".indexOf(c) >= 0)
                && Identifiers.firstControl(name) < 0 && !name.startsWith("'") && !name.endsWith("'");
    }

    /** The profile when it has no problem; an {@link InvalidProfileException} with all of them otherwise. */
    public static MappingProfile require(MappingProfile profile) {
        List<ProfileProblem> problems = problems(profile);
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(problems);
        }
        return profile;
    }

    /** The channel a profile's consent key names ({@code email}, {@code automated_call}), null for none. */
    static Channel channel(String name) {
        for (Channel channel : Channel.values()) {
            if (RecordColumns.channelName(channel).equals(name)) {
                return channel;
            }
        }
        return null;
    }

    private static void optional(String path, String column, Type type, FieldMapping mapping, List<ProfileProblem> problems) {
        if (mapping != null) {
            mapping(path, column, type, mapping, problems);
        }
    }

    /** The checks of one mapping onto {@code column} (of the given type; "given" for a consent's yes/no flag). */
    private static void mapping(String path, String column, Type type, FieldMapping m, List<ProfileProblem> problems) {
        if (m == null) {
            problems.add(ProfileProblem.of(path, "profile.source.none"));
            return;
        }
        List<String> sources = new ArrayList<>();
        if (m.column() != null) {
            sources.add("column");
        }
        if (m.columns() != null) {
            sources.add("columns");
        }
        if (m.value() != null) {
            sources.add("value");
        }
        if (sources.isEmpty()) {
            problems.add(ProfileProblem.of(path, "profile.source.none"));
        } else if (sources.size() > 1) {
            problems.add(ProfileProblem.of(path, "profile.source.several", String.join(", ", sources)));
        }
        if (m.column() != null && m.column().isBlank()) {
            problems.add(ProfileProblem.of(path + ".column", "profile.source.blank"));
        }
        if (m.columns() != null) {
            if (m.columns().isEmpty()) {
                problems.add(ProfileProblem.of(path + ".columns", "profile.source.noColumns"));
            }
            for (int i = 0; i < m.columns().size(); i++) {
                if (m.columns().get(i) == null || m.columns().get(i).isBlank()) {
                    problems.add(ProfileProblem.of(path + ".columns[" + i + "]", "profile.source.blank"));
                }
            }
        }
        boolean lineBreaks = "postal_address".equals(column);
        if (m.join() != null) {
            if (m.columns() == null) {
                problems.add(ProfileProblem.of(path + ".join", "profile.join.withoutColumns"));
            }
            int at = Identifiers.firstControl(m.join(), lineBreaks);
            if (at >= 0) {
                problems.add(ProfileProblem.of(path + ".join", "profile.join.control", Identifiers.codePoint(m.join().charAt(at))));
            }
        }
        if (m.split() != null) {
            if (m.split().separator() == null || m.split().separator().isEmpty()) {
                problems.add(ProfileProblem.of(path + ".split.separator", "profile.split.separator"));
            }
            if (m.split().part() < 1) {
                problems.add(ProfileProblem.of(path + ".split.part", "profile.split.part", m.split().part()));
            }
        }
        if (m.values() != null) {
            Map<String, String> seen = new HashMap<>();
            for (Map.Entry<String, String> entry : m.values().entrySet()) {
                String key = entry.getKey();
                String earlier = seen.put(key(key), key);
                if (earlier != null) {
                    problems.add(ProfileProblem.of(path + ".values", "profile.values.duplicate", shown(earlier), shown(key)));
                }
                String target = entry.getValue() == null ? "" : entry.getValue();
                if (!fits(type, target) || Identifiers.firstControl(target, lineBreaks) >= 0) {
                    problems.add(ProfileProblem.of(path + ".values", "profile.values.target", shown(key), shown(target), label(column),
                            hint(type)));
                }
            }
        } else if (m.keepOthers() != null) {
            problems.add(ProfileProblem.of(path + ".keepOthers", "profile.keepOthers.withoutValues"));
        }
        if (m.dateFormats() != null) {
            if (type != Type.DATE) {
                problems.add(ProfileProblem.of(path + ".dateFormats", "profile.date.notDate", label(column)));
            } else if (m.dateFormats().isEmpty()) {
                problems.add(ProfileProblem.of(path + ".dateFormats", "profile.date.none"));
            }
            for (int i = 0; i < m.dateFormats().size() && type == Type.DATE; i++) {
                String pattern = m.dateFormats().get(i);
                String code = DatePatterns.problem(pattern);
                if (code != null) {
                    problems.add(ProfileProblem.of(path + ".dateFormats[" + i + "]", code, shown(String.valueOf(pattern))));
                }
            }
        }
        if (m.phone() != null) {
            if (!"phone".equals(column)) {
                problems.add(ProfileProblem.of(path + ".phone", "profile.phone.notPhone"));
            } else if (!"FR".equalsIgnoreCase(m.phone())) {
                problems.add(ProfileProblem.of(path + ".phone", "profile.phone.unknown", shown(m.phone())));
            }
        }
        if (m.value() != null && m.values() == null && m.dateFormats() == null
                && (!fits(type, m.value()) || Identifiers.firstControl(m.value(), lineBreaks) >= 0)) {
            problems.add(ProfileProblem.of(path + ".value", "profile.value.invalid", shown(m.value()), label(column), hint(type)));
        }
    }

    /** How a value-map key is matched: trimmed, in lower case. */
    static String key(String word) {
        return word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a value the profile writes (a value-map target, a constant) is one the typing of its column reads. */
    static boolean fits(Type type, String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return true; // blank: no value
        }
        return switch (type) {
            case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
            case KIND -> v.equalsIgnoreCase("PERSON") || v.equalsIgnoreCase("GENERIC_ADDRESS");
            case DATE -> {
                try {
                    LocalDate.parse(v);
                    yield true;
                } catch (RuntimeException e) {
                    yield false;
                }
            }
            case WHOLE_NUMBER -> v.matches("-?\\d{1,9}");
            case TEXT -> true;
        };
    }

    /** The values a type reads, written the same in every language. */
    static String hint(Type type) {
        return switch (type) {
            case BOOLEAN -> "true, false";
            case KIND -> "PERSON, GENERIC_ADDRESS";
            case DATE -> "YYYY-MM-DD";
            case WHOLE_NUMBER -> "0, 1, 2…";
            case TEXT -> "text";
        };
    }

    private static String label(String column) {
        return "given".equals(column) ? "given" : column;
    }

    /** A text of the profile as messages quote it: control characters as U+XXXX, never raw. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Identifiers.firstControl(Character.toString(c)) >= 0) {
                b.append(Identifiers.codePoint(c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
