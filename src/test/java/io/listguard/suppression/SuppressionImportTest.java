package io.listguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.bulk.BulkEncodingException;
import io.listguard.domain.Violation;
import io.listguard.suppression.SuppressionImport.Outcome;
import io.listguard.suppression.SuppressionImport.Rejection;
import io.listguard.suppression.Suppressions.AddResult;
import io.listguard.suppression.Suppressions.Kind;
import io.listguard.suppression.Suppressions.NewSuppression;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The import of a suppression file, as plain Java (no Spring, no database): every good line reaches the list, every
 * bad line is named with its line, its column and why, and the counts add up (lines = added + already + rejected).
 */
class SuppressionImportTest {

    /** The list as the import sees it: what it was given, batch by batch; identifiers in {@code known} are already on it. */
    private static final class FakeList implements SuppressionImport.Target {
        final List<NewSuppression> given = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();
        final Set<String> known = new HashSet<>();
        final List<String> authors = new ArrayList<>();

        @Override
        public AddResult addAll(List<NewSuppression> entries, String createdBy) {
            batches.add(entries.size());
            authors.add(createdBy);
            int added = 0;
            for (NewSuppression entry : entries) {
                given.add(entry);
                if (known.add(entry.kind() + ":" + entry.identifier())) {
                    added++;
                }
            }
            return new AddResult(added, entries.size() - added);
        }
    }

    private static Outcome importText(FakeList list, String text, String defaultReason, String defaultSource) {
        return importBytes(list, text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, null, defaultReason, defaultSource);
    }

    private static Outcome importBytes(FakeList list, byte[] bytes, Charset charset, Character separator, String defaultReason,
                                       String defaultSource) {
        return SuppressionImport.run(list, () -> new ByteArrayInputStream(bytes),
                new SuppressionImport.Options(charset, separator, defaultReason, defaultSource), "alice (via admin-key)");
    }

    @Test
    void goodLinesAreAllKeptAndEachBadLineIsNamedWithItsColumnAndWhy() {
        String file = String.join("\n",
                "email",                                              // 1 header
                "claire.martin@example.org",                          // 2 good, defaults
                "not an address",                                     // 3 bad: neither
                "06 12 34 56 78,objected on the phone,hotline",       // 4 good, own reason and source
                "",                                                   // 5 blank, not counted
                "bob@@example.org",                                   // 6 bad: not a valid email
                "\"jean.dupont@example.org",                          // 7 bad: quote left open
                "marie@example.org,,letter",                          // 8 good, default reason, own source
                "x@example.org,a,b,c",                                // 9 bad: four columns
                "paul@example.org,\"reason, with a comma\"",          // 10 good, quoted reason
                "") + "\n";

        FakeList list = new FakeList();
        Outcome outcome = importText(list, file, "objected by reply", "import of 2026-12");

        assertThat(list.given).containsExactly(
                new NewSuppression(Kind.EMAIL, "claire.martin@example.org", "objected by reply", "import of 2026-12"),
                new NewSuppression(Kind.PHONE, "06 12 34 56 78", "objected on the phone", "hotline"),
                new NewSuppression(Kind.EMAIL, "marie@example.org", "objected by reply", "letter"),
                new NewSuppression(Kind.EMAIL, "paul@example.org", "reason, with a comma", "import of 2026-12"));
        assertThat(list.authors).containsOnly("alice (via admin-key)");
        assertThat(outcome.rejected()).extracting(SuppressionImportTest::english).containsExactly(
                new Rejection(3, 1, "neither an email address nor a phone number", null),
                new Rejection(6, 1, "not a valid email address", null),
                new Rejection(7, 1, "column 1: a double quote is not closed on this line: close it. A suppression entry holds no line "
                        + "break, so the next line is read as an entry of its own", null),
                new Rejection(9, 4, "more than three columns: expected identifier, then optionally reason and source "
                        + "(quote a reason that holds the separator)", null));
        assertThat(outcome.lines()).as("data lines: not the header nor the blank line").isEqualTo(8);
        assertThat(outcome.added()).isEqualTo(4);
        assertThat(outcome.alreadySuppressed()).isZero();
        assertThat(outcome.rejectedCount()).isEqualTo(4);
        assertThat(outcome.rejected()).extracting(Rejection::reason)
                .as("a rejection never quotes the line").noneMatch(r -> r.contains("example.org") || r.contains("not an address"));
    }

    @Test
    void aLineWithoutReasonOrSourceIsRejectedWhenNoDefaultIsGiven() {
        FakeList list = new FakeList();
        Outcome outcome = importText(list, "a@example.org\nb@example.org,objected\nc@example.org,objected,hotline\n", null, null);

        assertThat(list.given).containsExactly(new NewSuppression(Kind.EMAIL, "c@example.org", "objected", "hotline"));
        assertThat(outcome.rejected()).extracting(SuppressionImportTest::english).containsExactly(
                new Rejection(1, 2, "no reason: give one in the second column or as the form field “reason”", null),
                new Rejection(2, 3, "no source: give one in the third column or as the form field “source”", null));
        assertThat(outcome.lines()).isEqualTo(3);
        assertThat(outcome.lines()).isEqualTo(outcome.added() + outcome.alreadySuppressed() + outcome.rejectedCount());
    }

    @Test
    void aLineWrittenWithAnotherSeparatorAControlCharacterOrTooLongIsRejectedAlone() {
        FakeList list = new FakeList();
        String longLine = "a".repeat(SuppressionImport.MAX_LINE_LENGTH + 1) + "@example.org";
        Outcome outcome = importText(list, "a@example.org;objected;hotline\nb@example.org,objected,hotline\nc@exa\u0007mple.org\n"
                + longLine + "\nd@example.org\n", "default", "default");

        assertThat(list.given).extracting(NewSuppression::identifier).containsExactly("a@example.org", "d@example.org");
        assertThat(outcome.rejected()).extracting(Rejection::line, Rejection::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(3, 1),
                        org.assertj.core.groups.Tuple.tuple(4, null));
        assertThat(outcome.rejected().get(0).reason()).isEqualTo("the line is separated by ’,’ where the file uses ’;’ (as its line 1 does): "
                + "use one separator in the whole file, or quote the field");
        assertThat(outcome.rejected().get(1).reason()).startsWith("column 1 (identifier) ");
        assertThat(outcome.rejected().get(2).reason()).isEqualTo("the line is longer than " + SuppressionImport.MAX_LINE_LENGTH + " characters");
    }

    @Test
    void aLargeFileGoesInBatchesAndLosesNoLineAndCountsWhatWasOnTheListAlready() {
        StringBuilder file = new StringBuilder("identifier,reason,source\n");
        for (int i = 0; i < 1_234; i++) {
            file.append(i % 100 == 99 ? "broken line " + i : "p" + i + "@example.org").append('\n');
        }
        FakeList list = new FakeList();
        list.known.add("EMAIL:p0@example.org");
        list.known.add("EMAIL:p1000@example.org");

        Outcome outcome = importText(list, file.toString(), "objected", "import");

        assertThat(list.given).hasSize(1_234 - 12);
        assertThat(list.given).extracting(NewSuppression::identifier).doesNotHaveDuplicates().allMatch(id -> id.endsWith("@example.org"));
        assertThat(list.batches).as("added a batch at a time, never all at once").containsExactly(500, 500, 222);
        assertThat(outcome.added()).isEqualTo(1_234 - 12 - 2);
        assertThat(outcome.alreadySuppressed()).isEqualTo(2);
        assertThat(outcome.rejectedCount()).isEqualTo(12);
        assertThat(outcome.rejected()).extracting(Rejection::line)
                .as("line numbers count the header: 'broken line 99' is the file's line 101")
                .containsExactly(101, 201, 301, 401, 501, 601, 701, 801, 901, 1001, 1101, 1201);
        assertThat(outcome.lines()).isEqualTo(1_234).isEqualTo(outcome.added() + outcome.alreadySuppressed() + outcome.rejectedCount());
    }

    @Test
    void aFileNotValidInItsCharsetAddsNothing() {
        byte[] bytes = "a@example.org\nb@example.org\nc\u00e9@example.org\n".getBytes(StandardCharsets.ISO_8859_1);
        FakeList list = new FakeList();

        assertThatThrownBy(() -> importBytes(list, bytes, StandardCharsets.UTF_8, null, "objected", "import"))
                .isInstanceOf(BulkEncodingException.class)
                .satisfies(e -> assertThat(((BulkEncodingException) e).line()).isEqualTo(3));
        assertThat(list.given).as("the good lines before the bad byte are not added either").isEmpty();
        assertThat(list.batches).isEmpty();
    }

    @Test
    void theOptionsOfAnImportAreCheckedAllAtOnce() {
        List<Violation> violations = new ArrayList<>();
        SuppressionImport.Options options = SuppressionImport.options("  objected  ", "x".repeat(SuppressionChecks.MAX_SOURCE + 1),
                "KOI8-R", "|", violations);

        assertThat(options.defaultReason()).isEqualTo("objected");
        assertThat(violations).extracting(Violation::path).containsExactly("source", "charset", "separator");

        violations.clear();
        options = SuppressionImport.options(null, "", null, "tab", violations);
        assertThat(violations).isEmpty();
        assertThat(options).isEqualTo(new SuppressionImport.Options(StandardCharsets.UTF_8, '\t', null, null));
        assertThat(SuppressionImport.options(null, null, "windows-1252", ";", violations))
                .isEqualTo(new SuppressionImport.Options(Charset.forName("windows-1252"), ';', null, null));
    }

    @Test
    void theEntriesOfARequestAreCheckedAllAtOnceEachFaultAtItsPath() {
        List<Violation> violations = new ArrayList<>();
        List<NewSuppression> entries = SuppressionChecks.entries(java.util.Arrays.asList(
                new SuppressionChecks.Given("claire.martin@example.org", null, "objected", "hotline"),
                new SuppressionChecks.Given("claire.martin@example.org", "0612345678", "objected", "hotline"),
                null,
                new SuppressionChecks.Given(null, "12", "objected", null),
                new SuppressionChecks.Given(null, "+33612345678", " objected ", " letter ")), violations);

        assertThat(violations).extracting(Violation::path)
                .containsExactly("entries[1]", "entries[2]", "entries[3].phone", "entries[3].source");
        assertThat(violations).extracting(Violation::message).noneMatch(m -> m.contains("claire") || m.contains("0612345678"));
        assertThat(entries).containsExactly(new NewSuppression(Kind.EMAIL, "claire.martin@example.org", "objected", "hotline"),
                new NewSuppression(Kind.PHONE, "+33612345678", "objected", "letter"));

        violations.clear();
        SuppressionChecks.entries(List.of(), violations);
        assertThat(violations).extracting(Violation::path).containsExactly("entries");
    }

    @Test
    void anIdentifierAskedAboutAndAJustificationAreCheckedWithoutQuotingThem() {
        assertThat(SuppressionChecks.identifier(null, "06 12 34 56 78")).isEqualTo(new SuppressionChecks.Identifier(Kind.PHONE, "06 12 34 56 78"));
        assertThat(SuppressionChecks.identifier("a@example.org", " ").kind()).isEqualTo(Kind.EMAIL);
        assertThatThrownBy(() -> SuppressionChecks.identifier("a@example.org", "0612345678")).hasMessage("give exactly one of the parameters email, phone or address");
        assertThatThrownBy(() -> SuppressionChecks.identifier("a@@example.org", null)).hasMessage("email is not a valid email address");
        assertThat(SuppressionChecks.identifier("a@example.org", null).notSuppressed()).hasMessage("this email is not on the suppression list");
        assertThat(SuppressionChecks.identifier(null, "", "12 bd Voltaire 75011 Paris").kind()).isEqualTo(Kind.ADDRESS);
        assertThatThrownBy(() -> SuppressionChecks.identifier(null, "0612345678", "12 bd Voltaire 75011 Paris"))
                .hasMessage("give exactly one of the parameters email, phone or address");
        assertThatThrownBy(() -> SuppressionChecks.identifier(null, null, "bd Voltaire"))
                .hasMessage("address is not a valid postal address (at least 8 characters with a number)");
        assertThat(SuppressionChecks.identifier(null, null, "12 bd Voltaire 75011 Paris").notSuppressed())
                .hasMessage("this postal address is not on the suppression list");
        List<Violation> addressFaults = new ArrayList<>();
        assertThat(SuppressionChecks.entries(List.of(new SuppressionChecks.Given(null, null, "objected", "letter", "12 bd Voltaire 75011 Paris"),
                new SuppressionChecks.Given(null, null, "objected", "letter", "Paris"),
                new SuppressionChecks.Given("a@example.org", null, "objected", "letter", "12 bd Voltaire 75011 Paris")), addressFaults)).hasSize(1);
        assertThat(addressFaults).extracting(Violation::path).containsExactly("entries[1].address", "entries[2]");

        assertThat(SuppressionChecks.justification("  keyed in by mistake  ")).isEqualTo("keyed in by mistake");
        assertThatThrownBy(() -> SuppressionChecks.justification("oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("justification is required");
        assertThatThrownBy(() -> SuppressionChecks.justification(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuppressionChecks.justification("x".repeat(SuppressionChecks.MAX_JUSTIFICATION + 1)))
                .hasMessage("justification is longer than " + SuppressionChecks.MAX_JUSTIFICATION + " characters");
    }

    /** A rejection as its English text says it, without its codes. */
    private static Rejection english(Rejection r) {
        return new Rejection(r.line(), r.column(), r.reason(), null);
    }

    @Test
    void aRejectedLineSaysWhyInFrenchForAFrenchReaderAndInEnglishForAnEnglishOne() {
        Outcome outcome = importText(new FakeList(), "identifier,reason,source\nnot-an-identifier,objected,hotline\nx@example.org\n"
                + "c@example.org,objected,hotline,extra\n", null, null);

        assertThat(outcome.rejected()).extracting(r -> r.reason(java.util.Locale.FRENCH)).containsExactly(
                "ce n’est ni une adresse e-mail ni un numéro de téléphone",
                "aucun motif : donnez-en un dans la deuxième colonne ou dans le champ « reason » du formulaire",
                "plus de trois colonnes : on attend l’identifiant, puis éventuellement le motif et la source (mettez entre guillemets un motif qui contient le séparateur)");
        assertThat(outcome.rejected()).extracting(r -> r.reason(java.util.Locale.ENGLISH)).containsExactly(
                "neither an email address nor a phone number", "no reason: give one in the second column or as the form field “reason”",
                "more than three columns: expected identifier, then optionally reason and source (quote a reason that holds the separator)");
    }
}
