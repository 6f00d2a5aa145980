package io.listguard.policy;

import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * The policy workbooks' sheets are named in French since issue 16 (the people who edit them are French). A
 * workbook saved before, with the English names, is still read: an upload is renamed by {@link ContractMigration}
 * with a notice, and the lock, the diff and the merge compare sheets by their French name, so that a version
 * stored with English names and its French successor are the same sheets.
 */
public final class SheetNames {

    private static final Map<String, String> FRENCH = Map.ofEntries(
            Map.entry("Regime", "Régime"),
            Map.entry("Records", "Enregistrements"),
            Map.entry("Consent", "Consentement"),
            Map.entry("Contact points", "Points de contact"),
            Map.entry("Opt-out", "Opposition"),
            Map.entry("Sector bans", "Interdictions sectorielles"),
            Map.entry("Calling", "Appels"),
            Map.entry("Public holidays", "Jours fériés"),
            Map.entry("Calling per person", "Appels par personne"),
            Map.entry("Offers", "Offres"),
            Map.entry("Providers", "Fournisseurs"),
            Map.entry("Prices", "Prix"),
            Map.entry("Targeting", "Ciblage"),
            Map.entry("File thresholds", "Seuils du fichier"));

    private SheetNames() {
    }

    /** The French name of a sheet: the name itself when it is not one of the earlier English names. */
    public static String canonical(String sheet) {
        return sheet == null ? null : FRENCH.getOrDefault(sheet, sheet);
    }

    /** Whether a sheet name is an earlier English name of a policy sheet. */
    public static boolean isEnglish(String sheet) {
        return sheet != null && FRENCH.containsKey(sheet);
    }

    public static boolean same(String a, String b) {
        return java.util.Objects.equals(canonical(a), canonical(b));
    }

    /** The sheet of a workbook that has this name, in French or in English; null when there is none. */
    public static Sheet find(Workbook workbook, String sheet) {
        for (Sheet candidate : workbook) {
            if (same(candidate.getSheetName(), sheet)) {
                return candidate;
            }
        }
        return null;
    }

    /** Renames the English-named sheets of a workbook to French; true when one was renamed. */
    static boolean renameToFrench(Workbook workbook) {
        boolean renamed = false;
        for (int i = 0; i < workbook.getNumberOfSheets(); i++) {
            String name = workbook.getSheetName(i);
            if (isEnglish(name) && workbook.getSheet(canonical(name)) == null) {
                workbook.setSheetName(i, canonical(name));
                renamed = true;
            }
        }
        return renamed;
    }
}
