package io.listguard.bulk.mapping;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How one provider's files map onto listguard's record (issue 12, item 2), as stored and as written in JSON:
 * <pre>{@code
 * {"name": "dataplus-b2c", "provider": "DataPlus", "description": "Export Excel B2C",
 *  "separator": ";", "charset": "windows-1252", "headerRow": 2,
 *  "fields": {
 *    "id":             {"column": "Réf"},
 *    "kind":           {"value": "PERSON"},
 *    "email":          {"column": "E-mail"},
 *    "phone":          {"column": "Téléphone", "phone": "FR"},
 *    "postal_address": {"columns": ["Adresse 1", "Adresse 2", "CP", "Ville"], "join": "\n"},
 *    "opted_out":      {"column": "Désinscrit", "values": {"X": "true", "": "false"}},
 *    "birth_date":     {"column": "Naissance", "dateFormats": ["dd/MM/yyyy", "excel"]}},
 *  "consents": {
 *    "email": {"given":   {"column": "Opt-in email", "values": {"OUI": "true", "NON": "false"}},
 *              "givenOn": {"column": "Date opt-in", "dateFormats": "dd/MM/yyyy"},
 *              "proofRef": {"column": "Preuve", "split": {"separator": "/", "part": 1}}}}}
 * }</pre>
 * Field names are the columns of listguard's own CSV header ({@code id}, {@code kind}, {@code opted_out},
 * {@code consent_email_given_on}...). Every optional part may be null. {@code separator}, {@code charset} and
 * {@code headerRow} say how the file is written; the bulk request's {@code format} may override the first two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MappingProfile(
        String name,
        String provider,
        String description,
        /** {@code ,}, {@code ;}, tab ({@code "\t"}) or {@code |}; null: told from the header line. */
        String separator,
        /** One of the record charsets (UTF-8 when null). */
        String charset,
        /** The 1-based line (CSV) or row (XLSX) holding the header; the lines above it are ignored. Null: 1. */
        Integer headerRow,
        /** The XLSX sheet to read (the request's format.sheet wins); null: the first visible sheet. Left aside for CSV. */
        String sheet,
        /** listguard column name to how its value is made from the broker's row. */
        Map<String, FieldMapping> fields,
        /** Channel name in lower case ({@code email}, {@code sms}, {@code phone}...) to how its consent is expressed. */
        Map<String, ConsentMapping> consents) {

    /**
     * How one listguard value is made from a row: from one {@code column}, several {@code columns} joined (blank
     * ones skipped) with {@code join} (a space when null), or a constant {@code value}; then optionally one part of
     * it ({@code split}), a translation of the broker's words ({@code values}, matched trimmed and ignoring case;
     * the key {@code ""} stands for a blank cell; a value not listed is a problem of the line, unless
     * {@code keepOthers}), a date read in one of {@code dateFormats} (java.time patterns such as
     * {@code dd/MM/yyyy}, or {@code excel} for Excel's serial day numbers), and {@code phone: "FR"} to restore the
     * leading zero that spreadsheets drop from French numbers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldMapping(
            String column,
            List<String> columns,
            String join,
            String value,
            Split split,
            Map<String, String> values,
            Boolean keepOthers,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> dateFormats,
            String phone) {
    }

    /** One part of a value cut at {@code separator}: {@code part} counts from 1. */
    public record Split(String separator, int part) {
    }

    /**
     * How a consent on one channel is written: its date ({@code givenOn}, required), its proof, whether the renter
     * was named and a parent's consent, who collected it and at which hop (R15); {@code given} is an optional yes/no column: a row whose {@code given} is
     * false has no consent on that channel, whatever its date says.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsentMapping(FieldMapping given, FieldMapping givenOn, FieldMapping proofRef, FieldMapping renterNamed,
                                 FieldMapping parentalConsent, FieldMapping collectedBy, FieldMapping hop) {

        /** A consent mapping without the partner chain (who collected, at which hop). */
        public ConsentMapping(FieldMapping given, FieldMapping givenOn, FieldMapping proofRef, FieldMapping renterNamed,
                              FieldMapping parentalConsent) {
            this(given, givenOn, proofRef, renterNamed, parentalConsent, null, null);
        }
    }
}
