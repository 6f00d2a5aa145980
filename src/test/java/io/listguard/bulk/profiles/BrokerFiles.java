package io.listguard.bulk.profiles;

import java.nio.charset.Charset;

/**
 * A data broker's file as it is delivered, for the profile tests of the API and the console: French Excel's
 * {@code ;}-separated CSV in Windows-1252, with the broker's own column names and words ({@code X} for an opt-out,
 * {@code OUI}/{@code NON}, {@code dd/MM/yyyy} dates, a mobile number that lost its leading zero), and the profile
 * that maps it onto listguard's record. The fourth line has two mistakes: a word the profile does not know in the
 * opt-out column and a date that does not exist.
 */
public final class BrokerFiles {

    public static final Charset CP1252 = Charset.forName("windows-1252");

    public static final String PROFILE = """
            {"name": "dataplus-b2c", "provider": "DataPlus", "description": "Export Excel B2C",
             "separator": ";", "charset": "windows-1252",
             "fields": {
               "id": {"column": "Réf"},
               "kind": {"value": "PERSON"},
               "email": {"column": "E-mail"},
               "phone": {"column": "Téléphone", "phone": "FR"},
               "segments": {"value": "FAMILY_WITH_CHILDREN"},
               "opted_out": {"column": "Désinscrit", "values": {"X": "true", "": "false"}},
               "last_activity_on": {"column": "Dernière activité", "dateFormats": ["dd/MM/yyyy"]}},
             "consents": {
               "email": {"given": {"column": "Opt-in email", "values": {"OUI": "true", "NON": "false"}},
                         "givenOn": {"column": "Date opt-in", "dateFormats": "dd/MM/yyyy"},
                         "proofRef": {"column": "Preuve"},
                         "renterNamed": {"value": "true"}}}}
            """;

    public static final String CSV = "Réf;E-mail;Téléphone;Désinscrit;Opt-in email;Date opt-in;Preuve;Dernière activité\r\n"
            + "D-1;françois.garçon@example.org;612345678;;OUI;01/03/2026;form-1;01/03/2026\r\n"
            + "D-2;jean.dupont@example.org;;X;OUI;01/03/2026;form-2;01/03/2026\r\n"
            + "D-3;paul.martin@example.org;;;NON;;;01/03/2026\r\n"
            + "D-4;lea.moreau@example.org;;peut-être;OUI;31/02/2026;form-4;01/03/2026\r\n";

    /** The file's bytes, as French Excel saves them. */
    public static byte[] excel() {
        return CSV.getBytes(CP1252);
    }

    private BrokerFiles() {
    }
}
