package io.listguard.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The broker file of issue 12 as French Excel saves it ("CSV (séparateur : point-virgule)", Windows-1252): a title
 * line above the header, the broker's own column names, its words (OUI/NON, X/blank, VRAI/FAUX), French dates, an
 * Excel serial date, a phone that lost its leading zero and a quoted address on two lines; and its mapping profile.
 */
public final class BrokerFile {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** The worked example of docs/files.md, so that what the documentation shows is what these tests check. */
    public static final Path CSV_FILE = Path.of("docs/examples/broker/dataplus.csv");
    public static final Path PROFILE_FILE = Path.of("docs/examples/broker/dataplus-b2c.json");

    /** Line 3 (two lines, 3-4) consents; line 5 opted out; line 6 said NON to email offers; line 7 has two bad cells. */
    public static final String CSV = read(CSV_FILE, WINDOWS_1252);

    public static final String PROFILE = read(PROFILE_FILE, StandardCharsets.UTF_8);

    private static String read(Path file, Charset charset) {
        try {
            return new String(Files.readAllBytes(file), charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BrokerFile() {
    }

    public static byte[] bytes() {
        return CSV.getBytes(WINDOWS_1252);
    }

    /**
     * The same export as the broker's Excel holds it before it is saved as CSV (issue 12, item 5): the same sheet, its
     * cells typed as French Excel types what is typed in them. The phone that lost its zero is a number, the dates are
     * real dates, except 31/02/2026, which Excel leaves as text, and DP-002's last activity, a General number (Excel's
     * serial day); VRAI and FAUX are TRUE and FALSE cells, except PEUT-ÊTRE, text; the address on two lines is one
     * cell with a line break (Alt+Enter). Rows are Excel's: the two-line address takes one row, so DP-002 is on row 4
     * where the CSV has it on line 5.
     */
    public static byte[] xlsx() {
        List<String> header = List.of("Réf", "Civilité", "E-mail", "Téléphone", "Adresse", "Cible", "Opt-in email", "Date opt-in", "Preuve",
                "Partenaires cités", "Désinscrit", "Bloctel", "Dernière activité");
        return XlsxFiles.workbook().sheet("Export DataPlus", List.of("Export DataPlus B2C du 02/12/2026"), header,
                Arrays.asList("DP-001", "Mme", "claire.martin@example.org", 612345678, "12 rue des Lilas\n75011 Paris", "Famille", "OUI",
                        LocalDate.of(2026, 3, 1), "form-991#2026-03-01T10:02Z", true, null, false, LocalDate.of(2026, 3, 1)),
                Arrays.asList("DP-002", "M.", "jean.dupont@example.org", "06 12 34 56 79", "3 avenue Foch, 69006 Lyon", "Famille", "OUI",
                        LocalDate.of(2026, 2, 12), "form-992#2026-02-12T18:40Z", true, "X", false, 46065),
                Arrays.asList("DP-003", "Mme", "françoise.garçon@example.org", null, null, "Famille", "NON", LocalDate.of(2026, 1, 15),
                        "form-993#2026-01-15T09:12Z", true, null, true, LocalDate.of(2026, 1, 15)),
                Arrays.asList("DP-004", "Mme", "lea.moreau@example.org", null, null, "Famille", "OUI", "31/02/2026", "form-994", true, null,
                        "PEUT-ÊTRE", LocalDate.of(2026, 1, 15))).bytes();
    }
}
