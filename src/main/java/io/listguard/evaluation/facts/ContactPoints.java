package io.listguard.evaluation.facts;

import java.util.regex.Pattern;

/** Syntax checks of contact points. They say whether a value is usable, not whether the law allows using it. */
final class ContactPoints {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()/]");

    private ContactPoints() {
    }

    static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email.trim()).matches();
    }

    /** Digits of a phone number, "+" kept; null when the value is not a phone number at all. */
    static String normalizedPhone(String phone) {
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

    static boolean validPhone(String phone) {
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
    static boolean validMobile(String phone) {
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

    static boolean validPostalAddress(String address) {
        return address != null && address.trim().length() >= 8 && address.chars().anyMatch(Character::isDigit);
    }
}
