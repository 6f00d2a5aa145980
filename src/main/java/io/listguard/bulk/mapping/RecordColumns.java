package io.listguard.bulk.mapping;

import io.listguard.domain.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of listguard's own CSV header, in their canonical order, with the type of each value: what a mapping
 * profile maps onto and what the tabular record sources type. One place, so that the profile check, the mapper and
 * the CSV reader agree on every name.
 */
public final class RecordColumns {

    /** How a column's text is read into the record. */
    public enum Type {
        TEXT, KIND, DATE, BOOLEAN, WHOLE_NUMBER
    }

    public static final List<String> SCALARS = List.of("id", "kind", "email", "phone", "postal_address", "birth_date", "job_function",
            "segments", "bloctel_registered", "opted_out", "active_contract_related_to_offer", "last_activity_on",
            "call_attempts_last_30_days", "last_refusal_on", "collected_on", "contract_with_renter", "objected_during_call_on",
            "liste_orange", "out_of_hours_calls_agreed", "time_zone");

    /** The parts of a consent, each a column {@code consent_<channel>_<part>}. */
    public static final List<String> CONSENT_PARTS = List.of("given_on", "proof_ref", "renter_named", "parental_consent", "collected_by", "hop");

    /** A file without these columns (after mapping) is refused. */
    public static final List<String> REQUIRED = List.of("id", "kind");

    private static final Map<String, Type> TYPES;

    static {
        Map<String, Type> types = new LinkedHashMap<>();
        for (String scalar : SCALARS) {
            types.put(scalar, switch (scalar) {
                case "kind" -> Type.KIND;
                case "birth_date", "last_activity_on", "last_refusal_on", "collected_on", "objected_during_call_on" -> Type.DATE;
                case "bloctel_registered", "opted_out", "active_contract_related_to_offer", "contract_with_renter", "liste_orange",
                     "out_of_hours_calls_agreed" -> Type.BOOLEAN;
                case "call_attempts_last_30_days" -> Type.WHOLE_NUMBER;
                default -> Type.TEXT;
            });
        }
        for (Channel channel : Channel.values()) {
            types.put(consent(channel, "given_on"), Type.DATE);
            types.put(consent(channel, "proof_ref"), Type.TEXT);
            types.put(consent(channel, "renter_named"), Type.BOOLEAN);
            types.put(consent(channel, "parental_consent"), Type.BOOLEAN);
            types.put(consent(channel, "collected_by"), Type.TEXT);
            types.put(consent(channel, "hop"), Type.WHOLE_NUMBER);
        }
        TYPES = Collections.unmodifiableMap(types);
    }

    /** Every column, scalars first, then the consents channel by channel. */
    public static final List<String> ALL = List.copyOf(TYPES.keySet());

    private RecordColumns() {
    }

    /** {@code email}, {@code automated_call}...: a channel as profiles and column names write it. */
    public static String channelName(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    /** The channels by their names in columns and profiles. */
    public static List<String> channelNames() {
        List<String> names = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            names.add(channelName(channel));
        }
        return names;
    }

    /** {@code consent_email_given_on}. */
    public static String consent(Channel channel, String part) {
        return "consent_" + channelName(channel) + "_" + part;
    }

    public static boolean known(String column) {
        return TYPES.containsKey(column);
    }

    /** The type of a column; null for a name that is not one. */
    public static Type type(String column) {
        return TYPES.get(column);
    }

    /** The position of a column in {@link #ALL}, -1 for none: canonical headers follow this order. */
    public static int order(String column) {
        return ALL.indexOf(column);
    }
}
