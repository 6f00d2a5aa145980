package io.listguard.console;

/** What a browser form sends: an empty field means "not given". */
final class Forms {

    private Forms() {
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
