package io.listguard.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The folding of identifiers: one person, one form, whatever characters a rented file spells them with. */
class IdentifiersTest {

    @Test
    void fullwidthAndOtherDigitsBecomeAscii() {
        assertThat(Identifiers.fold("0\uFF16 12 34 56 78")).isEqualTo("06 12 34 56 78");
        assertThat(Identifiers.fold("\uFF10\uFF16\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18")).isEqualTo("0612345678");
        assertThat(Identifiers.fold("\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668")).as("Arabic-Indic").isEqualTo("0612345678");
        assertThat(Identifiers.fold("\u06F0\u06F6")).as("extended Arabic-Indic (Persian)").isEqualTo("06");
        assertThat(Identifiers.fold("\u0966\u096C")).as("Devanagari").isEqualTo("06");
        assertThat(Identifiers.fold("\uFF0B33 6")).as("fullwidth plus").isEqualTo("+33 6");
        assertThat(Identifiers.fold("\u00B2")).as("NFKC: superscript two").isEqualTo("2");
    }

    @Test
    void invisibleCharactersAreRemoved() {
        for (String invisible : List.of("\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u200E", "\u200F", "\u202A", "\u202B",
                "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u061C")) {
            String email = "claire" + invisible + ".martin@example.org" + invisible;
            assertThat(Identifiers.fold(email)).as("U+%04X", (int) invisible.charAt(0)).isEqualTo("claire.martin@example.org");
            assertThat(ContactPoints.normalizedEmail(invisible + "Claire.Martin@example.org")).isEqualTo("claire.martin@example.org");
        }
    }

    @Test
    void compatibilityFormsSpacesAndDashesFold() {
        assertThat(Identifiers.email("\uFF23laire.martin\uFF20example.org")).as("fullwidth letters and at sign").isEqualTo("claire.martin@example.org");
        assertThat(Identifiers.fold("06\u00A012\u202F34\u300056")).as("no-break, narrow and ideographic spaces").isEqualTo("06 12 34 56");
        assertThat(Identifiers.fold("06\u201112\u201334\u221256")).startsWith("06-12-34");
        assertThat(Identifiers.fold("e\u0301")).as("NFKC composes").isEqualTo("\u00E9");
        assertThat(Identifiers.fold("e\u200B\u0301")).as("an invisible character cannot hold a combining mark apart").isEqualTo("\u00E9");
        assertThat(Identifiers.fold("\uFB01")).as("ligature").isEqualTo("fi");
    }

    @Test
    void contactPointsFoldBeforeCheckingAndNormalising() {
        assertThat(ContactPoints.validPhone("0\uFF16 12 34 56 78")).isTrue();
        assertThat(ContactPoints.validMobile("\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668")).isTrue();
        assertThat(ContactPoints.canonicalPhone("0\uFF16 12\u200B 34 56 78")).isEqualTo("+33612345678");
        assertThat(ContactPoints.canonicalPhone("06 12 34 56 78")).isEqualTo("+33612345678");
        assertThat(ContactPoints.validEmail("claire\u200B.martin@example.org")).isTrue();
        assertThat(ContactPoints.validEmail("\u200B")).isFalse();
        assertThat(ContactPoints.validPhone("\u200B\u200B")).isFalse();
        assertThat(ContactPoints.normalizedAddress("\uFF11\uFF12 rue\u00A0de la Paix")).isEqualTo("12 rue de la paix");
    }

    @Test
    void twoSpellingsOfOnePostalAddressHaveOneNormalForm() {
        String normal = "12 boulevard voltaire 75011 paris";
        for (String spelling : List.of("12 bd Voltaire, 75011 Paris", "12, BOULEVARD VOLTAIRE - 75011 PARIS", "12 Bd. Voltaire 75011  Paris",
                "12 bld voltaire 75011 paris", " 12\u00A0Blvd Voltaire\n75011 Paris ")) {
            assertThat(ContactPoints.normalizedAddress(spelling)).as(spelling).isEqualTo(normal);
        }
        assertThat(ContactPoints.normalizedAddress("3 r. de l'Église")).isEqualTo("3 rue de l eglise");
        assertThat(ContactPoints.normalizedAddress("3 Rue de l\u2019eglise")).isEqualTo("3 rue de l eglise");
        assertThat(ContactPoints.normalizedAddress("5 av. du Gal Leclerc")).isEqualTo("5 avenue du gal leclerc");
        assertThat(ContactPoints.normalizedAddress("12bis pl. St-Sulpice")).isEqualTo("12 bis place saint sulpice");
        assertThat(ContactPoints.normalizedAddress("1 Cœur-Volant")).isEqualTo("1 coeur volant");
        // what is not normalised stays apart: another number, another street type, another word order, b for bis
        assertThat(ContactPoints.normalizedAddress("14 bd Voltaire 75011 Paris")).isNotEqualTo(normal);
        assertThat(ContactPoints.normalizedAddress("12 av Voltaire 75011 Paris")).isNotEqualTo(normal);
        assertThat(ContactPoints.normalizedAddress("75011 Paris, 12 bd Voltaire")).isNotEqualTo(normal);
        assertThat(ContactPoints.normalizedAddress("12 b rue Voltaire")).isNotEqualTo(ContactPoints.normalizedAddress("12 bis rue Voltaire"));
        // an abbreviation is written out only as a whole word: "bd" inside a word is kept
        assertThat(ContactPoints.normalizedAddress("2 rue Abdallah")).isEqualTo("2 rue abdallah");
        assertThat(ContactPoints.normalizedAddress(null)).isNull();
        assertThat(ContactPoints.normalizedAddress(" ,. ")).isEmpty();
    }

    @Test
    void plainValuesAreUntouched() {
        for (String plain : List.of("claire.martin@example.org", "06 12 34 56 78", "+33612345678", "Zoé Dupré, 12 rue de l’Église", "")) {
            assertThat(Identifiers.fold(plain)).isEqualTo(plain);
        }
        assertThat(Identifiers.fold(null)).isNull();
        assertThat(Identifiers.email(null)).isNull();
    }

    @Test
    void foldingIsIdempotentOnRandomText() {
        Random random = new Random(12);
        int[] pool = {'0', '6', '@', '.', ' ', 'a', 'Z', 0xFF16, 0xFF20, 0x0660, 0x0669, 0x06F5, 0x0966, 0x200B, 0x200D, 0xFEFF, 0x200F,
                0x202E, 0x2066, 0x00A0, 0x2011, 0x0301, 0x0308, 0x00E9, 0xFB01, 0x00B2, 0x2460, 0x1D7CE, 0x3000, 0xAC00, 0x1100, 0x1161};
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String once = Identifiers.fold(text.toString());
            if (!once.equals(Identifiers.fold(once))) {
                failures.add(text.codePoints().mapToObj(Identifiers::codePoint).toList().toString());
            }
            assertThat(once.codePoints().noneMatch(cp -> Character.getType(cp) == Character.FORMAT)).isTrue();
            assertThat(once.codePoints().filter(Character::isDigit).allMatch(cp -> cp >= '0' && cp <= '9')).isTrue();
        }
        assertThat(failures).as("fold(fold(x)) = fold(x)").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\rb", "a\nb", "a\tb", "\u0007", "a\u007Fb", "a\u0085b", "a\u009Fb", "a\u2028b", "a\u2029b"})
    void controlCharactersAreFoundAndNamedNotQuoted(String value) {
        int at = Identifiers.firstControl(value);
        assertThat(at).isGreaterThanOrEqualTo(0);
        String problem = Identifiers.controlProblem(value);
        assertThat(problem).contains(Identifiers.codePoint(value.charAt(at))).contains("character " + (at + 1));
        assertThat(Messages.text(Messages.FRENCH, "identifiers.control", "U+0000", "2")).contains("caractère de contrôle (U+0000) au caractère 2");
    }

    @Test
    void visibleTextHasNoControlCharacter() {
        assertThat(Identifiers.firstControl("Zoé \u200B 06 ١٢ ＠")).isEqualTo(-1);
        assertThat(Identifiers.controlProblem(null)).isNull();
        assertThat(Identifiers.controlProblem("plain")).isNull();
    }

    @Test
    void theValidatorRefusesControlCharactersAtTheirPath() {
        ProspectRecord record = new ProspectRecord("r\u00001", RecordKind.PERSON, "a\r\n@example.org", null, null, null, "chef\tde projet",
                List.of("OK", "B\u0085D"), List.of(), null, null, null, null, null, null);
        List<Violation> violations = new ArrayList<>();
        RequestValidator.validateRecord(record, "records[0]", new java.util.HashSet<>(), violations);
        assertThat(violations).extracting(Violation::path)
                .containsExactlyInAnyOrder("records[0].id", "records[0].email", "records[0].jobFunction", "records[0].segments[1]");
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).contains("U+00").doesNotContain("example").doesNotContain("chef"));
    }

    @org.junit.jupiter.api.Test
    void aPostalAddressMayHoldLineBreaksButNoOtherControlCharacter() {
        assertThat(Identifiers.controlProblem("12 rue des Lilas\r\n75011 Paris", true)).isNull();
        assertThat(Identifiers.controlProblem("12 rue des Lilas\n75011 Paris", false)).contains("U+000A");
        assertThat(Identifiers.controlProblem("12 rue des Lilas\u0000", true)).contains("U+0000");
        assertThat(Identifiers.controlProblem("12 rue\u2028Paris", true)).contains("U+2028");
    }
}
