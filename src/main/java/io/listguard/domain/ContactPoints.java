package io.listguard.domain;

import java.util.regex.Pattern;

/**
 * Syntax checks and normal forms of contact points. They say whether a value is usable, not whether the law
 * allows using it; the normal forms make two spellings of one phone number hash alike. Every value is folded first
 * ({@link Identifiers#fold}: invisible characters removed, NFKC, digits in ASCII), so that a fullwidth digit or a
 * zero-width space neither makes a value invalid nor a different person.
 */
public final class ContactPoints {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()/]");

    private ContactPoints() {
    }

    public static boolean validEmail(String email) {
        if (email == null) {
            return false;
        }
        String folded = Identifiers.fold(email);
        return folded.length() <= 254 && EMAIL.matcher(folded.trim()).matches();
    }

    /** Digits of a phone number, "+" kept; null when the value is not a phone number at all. */
    public static String normalizedPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String compact = SEPARATORS.matcher(Identifiers.fold(phone).trim()).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        String digits = compact.startsWith("+") ? compact.substring(1) : compact;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return compact;
    }

    public static boolean validPhone(String phone) {
        String n = normalizedPhone(phone);
        if (n == null) {
            return false;
        }
        if (n.startsWith("+33")) {
            return n.length() == 12;
        }
        if (n.startsWith("+")) {
            return n.length() >= 9 && n.length() <= 16;
        }
        return n.length() == 10 && n.startsWith("0");
    }

    /** French mobiles start with 06 or 07; a foreign number is accepted as it cannot be told apart here. */
    public static boolean validMobile(String phone) {
        if (!validPhone(phone)) {
            return false;
        }
        String n = normalizedPhone(phone);
        if (n.startsWith("+33")) {
            return n.charAt(3) == '6' || n.charAt(3) == '7';
        }
        if (n.startsWith("+")) {
            return true;
        }
        return n.startsWith("06") || n.startsWith("07");
    }

    public static boolean validPostalAddress(String address) {
        if (address == null) {
            return false;
        }
        String folded = Identifiers.fold(address);
        return folded.trim().length() >= 8 && folded.chars().anyMatch(Character::isDigit);
    }

    /** Folded, lower case, trimmed: how an email is compared and hashed. */
    public static String normalizedEmail(String email) {
        return Identifiers.email(email);
    }

    /** A phone in international form when it is French (06... becomes +336...), digits otherwise. */
    public static String canonicalPhone(String phone) {
        String n = normalizedPhone(phone);
        if (n == null) {
            return phone == null ? null : Identifiers.fold(phone).trim();
        }
        if (!n.startsWith("+") && n.length() == 10 && n.startsWith("0")) {
            return "+33" + n.substring(1);
        }
        return n;
    }

    /** Lower case with single spaces: how an address is compared and hashed. */
    public static String normalizedAddress(String address) {
        return address == null ? null : Identifiers.fold(address).trim().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
