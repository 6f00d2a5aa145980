package io.listguard.domain;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a person is called (R21a: the hours hold "in the consumer's time zone"; local public holidays hold in the
 * person's département): the time zone from the record's own {@code timeZone}, else its phone number's prefix, else
 * its postal code's département, else Europe/Paris; the département from the postal code, else an overseas phone
 * prefix. Plain Java, no data: the prefixes are those of the French numbering plan (ARCEP).
 */
public final class LocalZones {

    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** A five-digit French postal code inside an address, e.g. "12 rue X 97400 Saint-Denis". */
    private static final Pattern POSTAL_CODE = Pattern.compile("(?<!\\d)(\\d{5})(?!\\d)");

    private LocalZones() {
    }

    /** An IANA zone id such as "Indian/Reunion"; null when the text is not one (a fixed offset is not accepted). */
    public static ZoneId zoneOrNull(String id) {
        if (id == null || id.isBlank() || !id.contains("/")) {
            return null;
        }
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The person's time zone: the record's own, else the phone's, else the postal code's, else Europe/Paris. */
    public static ZoneId zoneOf(String timeZone, String phone, String postalAddress) {
        ZoneId own = zoneOrNull(timeZone);
        if (own != null) {
            return own;
        }
        ZoneId byPhone = zoneOfPhone(phone);
        if (byPhone != null) {
            return byPhone;
        }
        ZoneId byPostal = zoneOfDepartement(departementOfPostalAddress(postalAddress));
        return byPostal != null ? byPostal : PARIS;
    }

    /** The person's département: the postal code's, else the one an overseas phone prefix names; null when unknown. */
    public static String departementOf(String phone, String postalAddress) {
        String byPostal = departementOfPostalAddress(postalAddress);
        return byPostal != null ? byPostal : overseasDepartementOfPhone(phone);
    }

    /** The département of the last five-digit postal code in an address: "57", "2A", "974"; null without one. */
    public static String departementOfPostalAddress(String postalAddress) {
        if (postalAddress == null) {
            return null;
        }
        Matcher m = POSTAL_CODE.matcher(postalAddress);
        String code = null;
        while (m.find()) {
            code = m.group(1);
        }
        if (code == null || code.startsWith("00")) {
            return null;
        }
        if (code.startsWith("97") || code.startsWith("98")) {
            return code.substring(0, 3);
        }
        if (code.startsWith("20")) {
            return code.compareTo("20200") < 0 ? "2A" : "2B";
        }
        return code.substring(0, 2);
    }

    /** The zone of an overseas département (971-976); null for metropolitan or unknown ones (Europe/Paris applies). */
    public static ZoneId zoneOfDepartement(String departement) {
        if (departement == null) {
            return null;
        }
        return switch (departement) {
            case "971" -> ZoneId.of("America/Guadeloupe");
            case "972" -> ZoneId.of("America/Martinique");
            case "973" -> ZoneId.of("America/Cayenne");
            case "974" -> ZoneId.of("Indian/Reunion");
            case "975" -> ZoneId.of("America/Miquelon");
            case "976" -> ZoneId.of("Indian/Mayotte");
            default -> departement.length() == 2 ? PARIS : null;
        };
    }

    /**
     * The zone a phone number's prefix gives: overseas numbers (0262, 0692, 0693 La Réunion; 0269, 0639 Mayotte;
     * 0590, 0690, 0691 Guadeloupe; 0596, 0696, 0697 Martinique; 0594, 0694 Guyane; +508 Saint-Pierre-et-Miquelon),
     * metropolitan 01-09, and +269 (the Comoros, UTC+3 like Mayotte, whose numbers are +262 269 / +262 639); null
     * for a missing, foreign or unreadable number.
     */
    public static ZoneId zoneOfPhone(String phone) {
        String national = national(phone);
        if (national == null) {
            String digits = digits(phone);
            if (digits != null && digits.startsWith("+269")) {
                return ZoneId.of("Indian/Comoro");
            }
            return null;
        }
        String overseas = overseasDepartement(national);
        if (overseas != null) {
            return zoneOfDepartement(overseas);
        }
        return national.matches("0[1-9]\\d{8}") ? PARIS : null;
    }

    /** The overseas département an overseas phone prefix names; null otherwise. */
    public static String overseasDepartementOfPhone(String phone) {
        String national = national(phone);
        return national == null ? null : overseasDepartement(national);
    }

    private static String overseasDepartement(String national) {
        if (national.startsWith("0508")) {
            return "975";
        }
        if (national.length() < 4) {
            return null;
        }
        return switch (national.substring(0, 4)) {
            case "0262", "0692", "0693" -> "974";
            case "0269", "0639" -> "976";
            case "0590", "0690", "0691" -> "971";
            case "0596", "0696", "0697" -> "972";
            case "0594", "0694" -> "973";
            default -> null;
        };
    }

    /**
     * A French number written nationally, "0" and nine digits: from 0…, +33…, 0033…, +262…, +590…, +594…, +596…
     * (the overseas country codes, dialled with their national digits) or +508 (Saint-Pierre-et-Miquelon, six
     * digits, given as "0508" and them); null for a foreign or unreadable number.
     */
    private static String national(String phone) {
        String d = digits(phone);
        if (d == null) {
            return null;
        }
        if (d.startsWith("0033")) {
            d = "+" + d.substring(2);
        }
        if (d.startsWith("+33")) {
            return "0" + d.substring(3);
        }
        if (d.startsWith("+508")) {
            return "0508" + d.substring(4);
        }
        for (String code : new String[] {"+262", "+590", "+594", "+596"}) {
            if (d.startsWith(code)) {
                return "0" + d.substring(4);
            }
        }
        if (d.startsWith("+") || d.startsWith("00")) {
            return null;
        }
        return d.startsWith("0") ? d : null;
    }

    /**
     * The leading characters of a phone number (spaces and dots removed) that tell a zone other than Europe/Paris,
     * e.g. "0692" or "+262692": what a pseudonymised surrogate keeps so that a replay finds the same zone and
     * département; null for a metropolitan, foreign or unreadable number, which needs none.
     */
    public static String zonePrefix(String phone) {
        String d = digits(phone);
        ZoneId zone = zoneOfPhone(phone);
        if (d == null || zone == null || zone.equals(PARIS)) {
            return null;
        }
        int keep;
        if (d.startsWith("+269") || d.startsWith("+508")) {
            keep = 4;
        } else if (d.startsWith("+33")) {
            keep = 6;
        } else if (d.startsWith("0033")) {
            keep = 7;
        } else if (d.startsWith("+")) {
            keep = 7;
        } else {
            keep = 4;
        }
        return d.substring(0, Math.min(keep, d.length()));
    }

    /** The cleaned form of a phone number (spaces, dots, dashes and brackets removed); null when unreadable. */
    public static String cleanedPhone(String phone) {
        return digits(phone);
    }

    private static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        String d = phone.replaceAll("[\\s.\\-()]", "");
        return d.matches("\\+?\\d{4,15}") ? d : null;
    }
}
