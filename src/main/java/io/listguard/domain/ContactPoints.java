package io.listguard.domain;

import java.util.regex.Pattern;

/**
 * Syntax checks and normal forms of contact points. They say whether a value is usable, not whether the law
 * allows using it; the normal forms make two spellings of one phone number hash alike.
 */
public final class ContactPoints {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()/]");

    private ContactPoints() {
    }

    public static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email.trim()).matches();
    }

    /** Digits of a phone number, "+" kept; null when the value is not a phone number at all. */
    public static String normalizedPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String compact = SEPARATORS.matcher(phone.trim()).replaceAll("");
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
        return address != null && address.trim().length() >= 8 && address.chars().anyMatch(Character::isDigit);
    }

    /** Lower case, trimmed: how an email is compared and hashed. */
    public static String normalizedEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** A phone in international form when it is French (06... becomes +336...), digits otherwise. */
    public static String canonicalPhone(String phone) {
        String n = normalizedPhone(phone);
        if (n == null) {
            return phone == null ? null : phone.trim();
        }
        if (!n.startsWith("+") && n.length() == 10 && n.startsWith("0")) {
            return "+33" + n.substring(1);
        }
        return n;
    }

    /** Lower case with single spaces: how an address is compared and hashed. */
    public static String normalizedAddress(String address) {
        return address == null ? null : address.trim().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
