package io.listguard.domain;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The field names a reader of rented files and requests knows, and what an unknown name is: harmless (a warning) or
 * a near miss of a field that decides (the line or request is refused). Issue 12: a file that writes
 * {@code "opted_out": true} must never be read as a record that did not opt out.
 * <p>
 * <b>Decisive fields</b> are, in one place, every component of the request's records: {@link #REQUEST_TYPES}
 * (the prospect record and its consents, the campaign, the file, its provider, the calling plan). Each of them is
 * read by a rule, by the suppression lookup (email, phone) or by the audit (ids), so none may be lost to a typing
 * mistake. A name is a <b>near miss</b> of a decisive field when, compared without case, {@code _} and {@code -},
 * it is the same, or within {@link #tolerance(int) two edits} (insertion, deletion, substitution or swap of
 * neighbours); short names tolerate fewer edits, so that {@code ts} is not taken for {@code id}. Any other name is
 * <b>unknown</b>: it is ignored, with a warning.
 * <p>
 * Plain Java: the JSON readers ({@link FieldNameCheck}) and the CSV header reader use the same analysis.
 */
public final class FieldNames {

    /** The record types of a request, whose every component decides. */
    public static final List<Class<? extends Record>> REQUEST_TYPES = List.of(EvaluationRequest.class, Campaign.class, CallingPlan.class,
            CallingWindow.class, RentedFile.class, Provider.class, ProspectRecord.class, Consent.class);

    private static final Map<Class<?>, FieldNames> OF_TYPE = new LinkedHashMap<>();

    /** Where each of the {@link #REQUEST_TYPES} is in a request, as a JSON path pattern ({@code []}: any index). */
    private static final Map<Class<?>, String> PLACES = Map.of(EvaluationRequest.class, "", Campaign.class, "campaign",
            CallingPlan.class, "campaign.calling", CallingWindow.class, "campaign.calling.windows[]", RentedFile.class, "file",
            Provider.class, "file.provider", ProspectRecord.class, "records[]", Consent.class, "records[].consents[]");

    static {
        for (Class<? extends Record> type : REQUEST_TYPES) {
            List<String> names = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
            OF_TYPE.put(type, new FieldNames(names));
        }
    }

    /** What a name is, among the known ones. */
    public sealed interface Verdict {
    }

    /** One of the fields. */
    public record Known(String name) implements Verdict {
    }

    /** Not near any decisive field: ignored, with a warning. */
    public record Unknown(String name) implements Verdict {
    }

    /** Probably meant as {@code intended}: refused, never read as absent. */
    public record NearMiss(String name, String intended) implements Verdict {
    }

    private final List<String> names;
    private final List<String> folded;

    private FieldNames(Collection<String> names) {
        this.names = List.copyOf(names);
        this.folded = this.names.stream().map(FieldNames::fold).toList();
    }

    /** The fields of one of the {@link #REQUEST_TYPES}; empty for any other type (whose names are not checked). */
    public static Optional<FieldNames> of(Class<?> type) {
        return Optional.ofNullable(OF_TYPE.get(type));
    }

    /**
     * The place of a type's objects in documents of type {@code root}: for records, "records[]" in a request, "" in
     * an NDJSON line; the consents, "records[].consents[]" and "consents[]".
     */
    public static String place(Class<?> type, Class<?> root) {
        String place = PLACES.getOrDefault(type, "?");
        String prefix = PLACES.getOrDefault(root, "");
        if (prefix.isEmpty()) {
            return place;
        }
        if (place.equals(prefix)) {
            return "";
        }
        return place.startsWith(prefix + ".") ? place.substring(prefix.length() + 1) : place;
    }

    /** Any set of names, all decisive: e.g. the columns of a CSV records file. */
    public static FieldNames decisive(Collection<String> names) {
        return new FieldNames(names);
    }

    public List<String> names() {
        return names;
    }

    /** Known, a near miss of the closest decisive field (the first on a tie), or unknown. */
    public Verdict check(String name) {
        if (names.contains(name)) {
            return new Known(name);
        }
        String f = fold(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < names.size(); i++) {
            String candidate = folded.get(i);
            int d = distance(f, candidate, tolerance(candidate.length()));
            if (d <= tolerance(candidate.length()) && d < bestDistance) {
                best = names.get(i);
                bestDistance = d;
            }
        }
        return best == null ? new Unknown(name) : new NearMiss(name, best);
    }

    /** Lower case, without {@code _}, {@code -}, spaces and dots: {@code Opted_Out} and {@code opted-out} are {@code optedout}. */
    static String fold(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints().filter(c -> c != '_' && c != '-' && c != ' ' && c != '.').forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Edits tolerated on a folded name of this length: none below 4 characters, one below 6, two from 6 on. */
    static int tolerance(int length) {
        return length < 4 ? 0 : length < 6 ? 1 : 2;
    }

    /**
     * The optimal-string-alignment distance (Levenshtein with swaps of neighbours) between a and b, or
     * {@code limit + 1} as soon as it is known to exceed {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[a.length()][b.length()];
    }
}
