package io.listguard.bulk;

import java.nio.charset.Charset;

/**
 * The broker file of issue 12 as French Excel saves it ("CSV (séparateur : point-virgule)", Windows-1252): a title
 * line above the header, the broker's own column names, its words (OUI/NON, X/blank, VRAI/FAUX), French dates, an
 * Excel serial date, a phone that lost its leading zero and a quoted address on two lines; and its mapping profile.
 */
public final class BrokerFile {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Line 3 (two lines, 3-4) consents; line 5 opted out; line 6 said NON to email offers; line 7 has two bad cells. */
    public static final String CSV = "Export DataPlus B2C du 02/12/2026;;;;;;;;;;;;\r\n"
            + "Réf;Civilité;E-mail;Téléphone;Adresse;Cible;Opt-in email;Date opt-in;Preuve;Partenaires cités;Désinscrit;Bloctel;Dernière activité\r\n"
            + "DP-001;Mme;claire.martin@example.org;612345678;\"12 rue des Lilas\r\n75011 Paris\";Famille;OUI;01/03/2026;form-991#2026-03-01T10:02Z;VRAI;;FAUX;01/03/2026\r\n"
            + "DP-002;M.;jean.dupont@example.org;06 12 34 56 79;3 avenue Foch, 69006 Lyon;Famille;OUI;12/02/2026;form-992#2026-02-12T18:40Z;VRAI;X;FAUX;46065\r\n"
            + "DP-003;Mme;françoise.garçon@example.org;;;Famille;NON;15/01/2026;form-993#2026-01-15T09:12Z;VRAI;;VRAI;15/01/2026\r\n"
            + "DP-004;Mme;lea.moreau@example.org;;;Famille;OUI;31/02/2026;form-994;VRAI;;PEUT-ÊTRE;15/01/2026\r\n";

    public static final String PROFILE = """
            {"name": "dataplus-b2c", "provider": "DataPlus", "description": "Export Excel B2C de DataPlus",
             "separator": ";", "charset": "windows-1252", "headerRow": 2,
             "fields": {
               "id":                 {"column": "Réf"},
               "kind":               {"value": "PERSON"},
               "email":              {"column": "E-mail"},
               "phone":              {"column": "Téléphone", "phone": "FR"},
               "postal_address":     {"column": "Adresse"},
               "segments":           {"column": "Cible", "values": {"Famille": "FAMILY_WITH_CHILDREN", "Retraité": "RETIRED", "": ""}},
               "opted_out":          {"column": "Désinscrit", "values": {"X": "true", "": "false"}},
               "bloctel_registered": {"column": "Bloctel", "values": {"VRAI": "true", "FAUX": "false"}},
               "last_activity_on":   {"column": "Dernière activité", "dateFormats": ["dd/MM/yyyy", "excel"]}},
             "consents": {
               "email": {"given":       {"column": "Opt-in email", "values": {"OUI": "true", "NON": "false", "": "false"}},
                         "givenOn":     {"column": "Date opt-in", "dateFormats": "dd/MM/yyyy"},
                         "proofRef":    {"column": "Preuve"},
                         "renterNamed": {"column": "Partenaires cités", "values": {"VRAI": "true", "FAUX": "false"}}}}}
            """;

    private BrokerFile() {
    }

    public static byte[] bytes() {
        return CSV.getBytes(WINDOWS_1252);
    }
}
