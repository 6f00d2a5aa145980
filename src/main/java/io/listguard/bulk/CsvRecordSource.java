package io.listguard.bulk;

import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.FieldNames;
import io.listguard.domain.Messages;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import java.io.BufferedReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV records file: a header naming the columns (any order), then one record a line. One column per scalar
 * field in snake case ({@code id}, {@code kind}, {@code email}, {@code phone}, {@code postal_address},
 * {@code birth_date}, {@code job_function}, {@code segments} separated by {@code |}, {@code bloctel_registered},
 * {@code opted_out}, {@code active_contract_related_to_offer}, {@code last_activity_on},
 * {@code call_attempts_last_30_days}, {@code last_refusal_on}) and, per channel, {@code consent_<channel>_given_on},
 * {@code _proof_ref}, {@code _renter_named}, {@code _parental_consent}. {@code ,} or {@code ;} separated (told from
 * the header), double quotes around fields that hold a separator.
 */
final class CsvRecordSource extends RecordSource {

    static final List<String> SCALARS = List.of("id", "kind", "email", "phone", "postal_address", "birth_date", "job_function", "segments",
            "bloctel_registered", "opted_out", "active_contract_related_to_offer", "last_activity_on", "call_attempts_last_30_days",
            "last_refusal_on");
    static final List<String> REQUIRED = List.of("id", "kind");
    private static final List<String> CONSENT_FIELDS = List.of("given_on", "proof_ref", "renter_named", "parental_consent");

    private final char separator;
    private final String[] header;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** Column positions resolved once from the header (-1 when absent): no map lookup per field and line. */
    private final int[] scalar = new int[SCALARS.size()];
    private final int[][] consent = new int[Channel.values().length][CONSENT_FIELDS.size()];

    CsvRecordSource(BufferedReader reader) {
        super(reader);
        String first = readLine();
        while (first != null && first != TOO_LONG && first.isBlank()) {
            first = readLine();
        }
        if (first == null || first == TOO_LONG) {
            throw new BulkFormatException("the CSV file has no header line");
        }
        this.separator = count(first, ';') > count(first, ',') ? ';' : ',';
        List<String> names = split(first);
        if (names == null) {
            throw new BulkFormatException("the header line has an unclosed quote");
        }
        this.header = names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        List<String> known = new ArrayList<>(SCALARS);
        for (Channel channel : Channel.values()) {
            for (String field : CONSENT_FIELDS) {
                known.add("consent_" + channel.name().toLowerCase(Locale.ROOT) + "_" + field);
            }
        }
        FieldNames columns = FieldNames.decisive(known);
        for (int i = 0; i < header.length; i++) {
            if (index.putIfAbsent(header[i], i) != null) {
                throw new BulkFormatException("the column '" + header[i] + "' appears twice in the header");
            }
            if (columns.check(header[i]) instanceof FieldNames.NearMiss miss) {
                // issue 12: 'optedout' is meant as opted_out; ignoring it would make opted-out people contactable
                throw new BulkFormatException(Messages.english("fields.csvNearMiss", names.get(i).trim(), miss.intended()));
            }
            if (!known.contains(header[i])) {
                warnings.add("unknown column '" + header[i] + "' is ignored");
            }
        }
        for (int s = 0; s < SCALARS.size(); s++) {
            scalar[s] = index.getOrDefault(SCALARS.get(s), -1);
        }
        for (Channel channel : Channel.values()) {
            for (int k = 0; k < CONSENT_FIELDS.size(); k++) {
                consent[channel.ordinal()][k] = index.getOrDefault("consent_" + channel.name().toLowerCase(Locale.ROOT) + "_" + CONSENT_FIELDS.get(k), -1);
            }
        }
        List<String> missing = REQUIRED.stream().filter(r -> !index.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            throw new BulkFormatException("the header lacks the required column(s) " + String.join(", ", missing)
                    + "; found: " + String.join(", ", header));
        }
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    protected ParsedLine parse(String text) {
        List<String> fields = split(text);
        if (fields == null) {
            return ParsedLine.rejected(lineNumber, "a quoted field is not closed");
        }
        if (fields.size() != header.length) {
            return ParsedLine.rejected(lineNumber, fields.size() + " columns where the header has " + header.length);
        }
        String control = LineValidation.controlProblem(header, fields);
        if (control != null) {
            return ParsedLine.rejected(lineNumber, control);
        }
        try {
            ProspectRecord record = record(fields);
            String problems = LineValidation.problems(record);
            return problems == null ? ParsedLine.ok(lineNumber, record) : ParsedLine.rejected(lineNumber, problems);
        } catch (FieldException e) {
            return ParsedLine.rejected(lineNumber, e.getMessage());
        }
    }

    private ProspectRecord record(List<String> f) {
        List<Consent> consents = new ArrayList<>(1);
        for (Channel channel : Channel.values()) {
            int[] c = consent[channel.ordinal()];
            String prefix = "consent_" + channel.name().toLowerCase(Locale.ROOT) + "_";
            LocalDate givenOn = date(f, c[0], prefix + "given_on");
            if (givenOn != null) {
                consents.add(new Consent(channel, givenOn, text(f, c[1]), bool(f, c[2], prefix + "renter_named"),
                        bool(f, c[3], prefix + "parental_consent")));
            }
        }
        String segments = text(f, scalar[7]);
        return new ProspectRecord(text(f, scalar[0]), kind(text(f, scalar[1])), text(f, scalar[2]), text(f, scalar[3]), text(f, scalar[4]),
                date(f, scalar[5], "birth_date"), text(f, scalar[6]),
                segments == null ? List.of() : Arrays.stream(segments.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                consents, bool(f, scalar[8], "bloctel_registered"), bool(f, scalar[9], "opted_out"),
                bool(f, scalar[10], "active_contract_related_to_offer"), date(f, scalar[11], "last_activity_on"),
                integer(f, scalar[12], "call_attempts_last_30_days"), date(f, scalar[13], "last_refusal_on"));
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }

    private static String text(List<String> f, int i) {
        if (i < 0) {
            return null;
        }
        String value = f.get(i).trim();
        return value.isEmpty() ? null : value;
    }

    private static RecordKind kind(String value) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("PERSON")) {
            return RecordKind.PERSON;
        }
        if (value.equalsIgnoreCase("GENERIC_ADDRESS")) {
            return RecordKind.GENERIC_ADDRESS;
        }
        throw new FieldException("kind: '" + value + "' is not one of PERSON, GENERIC_ADDRESS");
    }

    private static LocalDate date(List<String> f, int i, String column) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (RuntimeException e) {
            throw new FieldException(column + ": '" + value + "' is not a valid date (YYYY-MM-DD)");
        }
    }

    private static Boolean bool(List<String> f, int i, String column) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "oui", "1", "y" -> Boolean.TRUE;
            case "false", "no", "non", "0", "n" -> Boolean.FALSE;
            default -> throw new FieldException(column + ": '" + value + "' is not true or false");
        };
    }

    private static Integer integer(List<String> f, int i, String column) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new FieldException(column + ": '" + value + "' is not a whole number");
        }
    }

    /** Splits a line on the separator, honouring double quotes ("" inside quotes is a quote); null if a quote is left open. */
    private List<String> split(String line) {
        List<String> fields = new ArrayList<>(header == null ? 16 : header.length);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    private static int count(String line, char c) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
