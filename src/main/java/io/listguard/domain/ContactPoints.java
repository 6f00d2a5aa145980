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

    /**
     * How a postal address is compared and hashed (the audit trail, the central suppression list): two spellings of
     * one address give one normal form. After folding ({@link Identifiers#fold}): lower case; accents and other
     * combining marks removed ({@code é} is {@code e}), {@code œ æ ß} written {@code oe ae ss}; every character that
     * is neither a letter nor a digit (commas, dots, hyphens, apostrophes, quotes, slashes, {@code °}) is a space; a
     * number glued to a word is split from it ({@code 12bis} is {@code 12 bis}); spaces collapsed; and each word
     * that is one of the usual abbreviations of a street type or of saint is written out ({@link #ADDRESS_WORDS}:
     * {@code bd} is {@code boulevard}, {@code av} {@code avenue}, {@code r} {@code rue}...).
     *
     * <p>Not normalised: the order of the words and lines, a missing or extra part (a postcode, {@code cedex}, a
     * building, floor or flat, a country), other abbreviations ({@code b} for {@code bis}, {@code n°}), a city's
     * other name, leading zeros, typing errors. Two such spellings remain two keys.
     */
    public static String normalizedAddress(String address) {
        if (address == null) {
            return null;
        }
        String lower = Identifiers.fold(address).toLowerCase(java.util.Locale.ROOT);
        String bare = COMBINING_MARKS.matcher(java.text.Normalizer.normalize(lower, java.text.Normalizer.Form.NFD)).replaceAll("")
                .replace("\u0153", "oe").replace("\u00E6", "ae").replace("\u00DF", "ss");
        String spaced = DIGITS_AND_LETTERS.matcher(NOT_LETTER_OR_DIGIT.matcher(bare).replaceAll(" ")).replaceAll(" ");
        StringBuilder normal = new StringBuilder(spaced.length());
        for (String word : spaced.trim().split(" +")) {
            if (!word.isEmpty()) {
                normal.append(normal.isEmpty() ? "" : " ").append(ADDRESS_WORDS.getOrDefault(word, word));
            }
        }
        return normal.toString();
    }

    /** The abbreviations {@link #normalizedAddress} writes out, each a whole word (after punctuation became spaces). */
    public static final java.util.Map<String, String> ADDRESS_WORDS = java.util.Map.ofEntries(
            java.util.Map.entry("bd", "boulevard"), java.util.Map.entry("bld", "boulevard"), java.util.Map.entry("blvd", "boulevard"),
            java.util.Map.entry("boul", "boulevard"), java.util.Map.entry("bvd", "boulevard"),
            java.util.Map.entry("av", "avenue"), java.util.Map.entry("ave", "avenue"), java.util.Map.entry("avn", "avenue"),
            java.util.Map.entry("r", "rue"),
            java.util.Map.entry("pl", "place"),
            java.util.Map.entry("chem", "chemin"), java.util.Map.entry("che", "chemin"),
            java.util.Map.entry("rte", "route"),
            java.util.Map.entry("imp", "impasse"),
            java.util.Map.entry("all", "allee"),
            java.util.Map.entry("sq", "square"),
            java.util.Map.entry("fg", "faubourg"), java.util.Map.entry("fbg", "faubourg"),
            java.util.Map.entry("crs", "cours"),
            java.util.Map.entry("pass", "passage"),
            java.util.Map.entry("res", "residence"),
            java.util.Map.entry("st", "saint"), java.util.Map.entry("ste", "sainte"));

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern DIGITS_AND_LETTERS = Pattern.compile("(?<=\\p{Nd})(?=\\p{L})|(?<=\\p{L})(?=\\p{Nd})");
}
