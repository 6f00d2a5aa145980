package io.listguard.rules;

import io.listguard.domain.Channel;
import io.listguard.domain.ProspectRecord;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a records file must hold for the campaign's rules to decide on it (issue 12, item 3): the rules of
 * {@code rules/evidence.drl} declare which kinds a campaign needs, and a file without one gets no verdict unless
 * it declares the evidence absent; then each record lacking it is excluded with a reason of its own. Named as a
 * file names it: the CSV column and the JSON field of the record.
 */
public enum Evidence {

    /** Whether the person objected to direct marketing (R20). */
    OPT_OUT("optedOut"),
    /** The person's consent on the campaign's channel (R1, R6, R10): its date says whether there is one. */
    CONSENT("consents"),
    /** Whether the number is on the Bloctel opposition list (R5). */
    BLOCTEL("bloctelRegistered");

    private final String field;

    Evidence(String field) {
        this.field = field;
    }

    /** The field of a JSON record (a request's {@code records[]}, an NDJSON line) that holds it. */
    public String field() {
        return field;
    }

    /** The CSV column that holds it, for a campaign on {@code channel}: {@code opted_out}, {@code consent_email_given_on}... */
    public String column(Channel channel) {
        return switch (this) {
            case OPT_OUT -> "opted_out";
            case CONSENT -> "consent_" + channel.name().toLowerCase(Locale.ROOT) + "_given_on";
            case BLOCTEL -> "bloctel_registered";
        };
    }

    /**
     * True when the record holds no value for it: a null boolean, or no consent on the channel. Whether the file
     * holds the evidence at all (a CSV column, a JSON key) is for the reader of the file to tell.
     */
    public boolean missingFrom(ProspectRecord record, Channel channel) {
        return switch (this) {
            case OPT_OUT -> record.optedOut() == null;
            case CONSENT -> record.consents().stream().noneMatch(c -> c.channel() == channel && c.givenOn() != null);
            case BLOCTEL -> record.bloctelRegistered() == null;
        };
    }

    /** "optedOut, consents, bloctelRegistered". */
    public static String fieldList() {
        return Arrays.stream(values()).map(Evidence::field).collect(Collectors.joining(", "));
    }
}
