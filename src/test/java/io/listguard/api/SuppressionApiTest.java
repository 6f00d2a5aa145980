package io.listguard.api;

import static io.listguard.api.HttpJson.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The suppression list through real HTTP: adding, looking up, correcting and importing, and what it is for: a
 * suppressed person is excluded from every later evaluation whatever the rented file says. Emails and phones
 * appear neither in answers, nor in logs, nor in the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SuppressionApiTest {

    private static final String PATH = "/api/v1/suppressions";
    private static final String CLAIRE = "claire.martin@example.org";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HttpJson http;

    @BeforeEach
    void setUp() {
        http = new HttpJson(port);
        clean();
    }

    @AfterEach
    void clean() {
        jdbc.update("delete from suppression");
        jdbc.update("delete from suppression_removal");
    }

    private HttpJson.Response add(String entriesJson, String createdBy) {
        return http.postJson(PATH, "{\"entries\": " + entriesJson + (createdBy == null ? "" : ", \"createdBy\": \"" + createdBy + "\"") + "}");
    }

    private HttpJson.Response getEmail(String email) {
        return lookup("email", email);
    }

    private HttpJson.Response getPhone(String phone) {
        return lookup("phone", phone);
    }

    /** A lookup with the identifier in the JSON body: field, value, field, value... */
    private HttpJson.Response lookup(String... fieldsAndValues) {
        return http.postJson(PATH + "/lookup", body(fieldsAndValues));
    }

    /** A removal with the identifier and the justification in the JSON body. */
    private HttpJson.Response removal(String... fieldsAndValues) {
        return http.postJson(PATH + "/remove", body(fieldsAndValues));
    }

    private static String body(String... fieldsAndValues) {
        ObjectNode body = HttpJson.mapper().createObjectNode();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            body.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return body.toString();
    }

    @Test
    void anEntryIsAddedFoundUnderAnySpellingAndAddedOnlyOnce() {
        HttpJson.Response added = add("[{\"email\": \"" + CLAIRE + "\", \"reason\": \"objected by reply to CMP-7\", \"source\": \"campaign CMP-7\"}]", "alice");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("added").asInt()).isEqualTo(1);
        assertThat(added.json().get("alreadySuppressed").asInt()).isEqualTo(0);

        HttpJson.Response found = getEmail(" Claire.MARTIN@example.org");
        assertThat(found.status()).isEqualTo(200);
        JsonNode body = found.json();
        assertThat(body.get("suppressed").asBoolean()).isTrue();
        assertThat(body.get("kind").asString()).isEqualTo("EMAIL");
        assertThat(body.get("reason").asString()).isEqualTo("objected by reply to CMP-7");
        assertThat(body.get("source").asString()).isEqualTo("campaign CMP-7");
        assertThat(body.get("createdBy").asString()).isEqualTo("alice (via test-admin)");
        assertThat(body.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(names(body)).containsExactlyInAnyOrder("suppressed", "kind", "reason", "source", "createdBy", "createdAt");
        assertThat(found.body()).doesNotContainIgnoringCase("claire").doesNotContain("example.org");

        HttpJson.Response again = add("[{\"email\": \"CLAIRE.martin@example.org\", \"reason\": \"again\", \"source\": \"hotline\"},"
                + " {\"phone\": \"06 12 34 56 78\", \"reason\": \"objected on the phone\", \"source\": \"hotline\"},"
                + " {\"phone\": \"+33 6 12 34 56 78\", \"reason\": \"the same phone\", \"source\": \"hotline\"}]", null);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("added").asInt()).isEqualTo(1);
        assertThat(again.json().get("alreadySuppressed").asInt()).isEqualTo(2);
        assertThat(getEmail(CLAIRE).json().get("reason").asString()).as("the first suppression is kept").isEqualTo("objected by reply to CMP-7");

        JsonNode phone = getPhone("+33612345678").json();
        assertThat(phone.get("kind").asString()).isEqualTo("PHONE");
        assertThat(phone.get("reason").asString()).isEqualTo("objected on the phone");
        assertThat(phone.get("createdBy").asString()).isEqualTo("test-admin");
        assertThat(getPhone("0033612345678").status()).isEqualTo(200);
    }

    @Test
    void theEndpointsAreDocumented() {
        JsonNode paths = HttpJson.mapper().readTree(http.get("/v3/api-docs").body()).get("paths");
        assertThat(names(paths.get(PATH))).contains("post");
        assertThat(names(paths.get(PATH + "/lookup"))).contains("post");
        assertThat(names(paths.get(PATH + "/remove"))).contains("post");
        assertThat(names(paths.get(PATH + "/import"))).contains("post");
        assertThat(paths.get(PATH + "/import").get("post").get("description").asString()).contains("line number");
    }

    @Test
    void anIdentifierNotOnTheListIs404WithoutEchoingIt() {
        HttpJson.Response response = getEmail("paul.petit@example.org");
        assertProblem(response, 404, "not-found");
        assertThat(response.json().get("detail").asString()).isEqualTo("this email is not on the suppression list");
        assertThat(response.body()).doesNotContain("paul").doesNotContain("example.org");
        assertProblem(getPhone("07 00 00 00 01"), 404, "not-found");
        assertThat(getPhone("07 00 00 00 01").body()).doesNotContain("07 00").doesNotContain("700000001");
    }

    @Test
    void theFormsWithTheIdentifierInTheUrlAreGoneAndDoNothing() {
        add("[{\"email\": \"" + CLAIRE + "\", \"reason\": \"objected\", \"source\": \"hotline\"}]", null);
        HttpJson.Response get = http.get(PATH + "?email=" + query(CLAIRE));
        assertProblem(get, 410, "identifiers-in-url");
        assertThat(get.json().get("code").asString()).isEqualTo("api.suppressions.identifiersInUrl");
        assertThat(get.json().get("detail").asString()).contains("POST /api/v1/suppressions/lookup");
        assertThat(get.body()).doesNotContain("claire");
        HttpJson.Response delete = http.delete(PATH + "?email=" + query(CLAIRE) + "&justification=" + query("keyed in with a typo, ticket 42"));
        assertProblem(delete, 410, "identifiers-in-url");
        assertThat(delete.json().get("detail").asString()).contains("POST /api/v1/suppressions/remove");
        assertThat(delete.body()).doesNotContain("claire");
        assertThat(getEmail(CLAIRE).status()).as("still suppressed: the former DELETE removed nothing").isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from suppression_removal", Integer.class)).isZero();
    }

    @Test
    void aLookupNeedsExactlyOneValidIdentifier() {
        assertProblem(lookup(), 400, "invalid-request");
        assertProblem(lookup("email", CLAIRE, "phone", "0612345678"), 400, "invalid-request");
        HttpJson.Response invalid = getEmail("claire.martin-at-example.org");
        assertProblem(invalid, 400, "invalid-request");
        assertThat(invalid.body()).doesNotContain("claire");
        assertProblem(getPhone("12"), 400, "invalid-request");
    }

    @Test
    void badEntriesAreAllReportedAtTheirPathAndNothingIsAdded() {
        HttpJson.Response response = add("""
                [ {"email": "jean.dupont@example.org", "reason": "objected", "source": "hotline"},
                  {"email": "not-an-email", "reason": "objected", "source": "hotline"},
                  {"reason": "objected", "source": "hotline"},
                  {"email": "sophie.bernard@example.org", "phone": "0612345678", "reason": "objected", "source": "hotline"},
                  {"email": "lea.moreau@example.org"},
                  {"phone": "12 34", "reason": " ", "source": "hotline"},
                  null ]""", null);

        assertProblem(response, 400, "invalid-request");
        assertThat(paths(response.json().get("errors"))).containsExactly("entries[1].email", "entries[2]", "entries[3]",
                "entries[4].reason", "entries[4].source", "entries[5].phone", "entries[5].reason", "entries[6]");
        assertThat(response.json().get("errors").get(0).get("message").asString()).isEqualTo("is not a valid email address");
        assertThat(response.body()).doesNotContain("not-an-email").doesNotContain("example.org").doesNotContain("12 34");
        assertProblem(getEmail("jean.dupont@example.org"), 404, "not-found");
        assertThat(jdbc.queryForObject("select count(*) from suppression", Long.class)).isZero();

        assertThat(paths(add("[]", null).json().get("errors"))).containsExactly("entries");
        assertThat(paths(http.postJson(PATH, "{}").json().get("errors"))).containsExactly("entries");
        assertProblem(http.postJson(PATH, "{\"entries\": {}}"), 400, "invalid-request");
        assertProblem(http.postJson(PATH, ""), 400, "invalid-request");
    }

    @Test
    void aRemovalNeedsAJustificationAndIsKept() {
        add("[{\"email\": \"typo@exmaple.org\", \"reason\": \"objected\", \"source\": \"hotline\"},"
                + " {\"phone\": \"0612345678\", \"reason\": \"objected\", \"source\": \"hotline\"}]", "alice");

        HttpJson.Response none = removal("email", "typo@exmaple.org");
        assertProblem(none, 400, "invalid-request");
        assertThat(none.json().get("detail").asString()).contains("justification is required");
        assertProblem(removal("email", "typo@exmaple.org", "justification", "  typo     "), 400, "invalid-request");
        assertThat(getEmail("typo@exmaple.org").status()).isEqualTo(200);

        HttpJson.Response removed = removal("email", "Typo@Exmaple.org", "justification", "keyed in with a typo, ticket 42", "removedBy", "bob");
        assertThat(removed.status()).isEqualTo(204);
        assertThat(removed.body()).isEmpty();
        assertProblem(getEmail("typo@exmaple.org"), 404, "not-found");
        assertProblem(removal("email", "typo@exmaple.org", "justification", "keyed in with a typo, ticket 42"),
                404, "not-found");

        assertThat(removal("phone", "+33 6 12 34 56 78", "justification", "imported from the wrong file")
                .status()).isEqualTo(204);

        List<Map<String, Object>> removals = jdbc.queryForList("select kind, justification, removed_by from suppression_removal order by id");
        assertThat(removals).extracting(r -> r.get("kind")).containsExactly("EMAIL", "PHONE");
        assertThat(removals).extracting(r -> r.get("justification")).containsExactly("keyed in with a typo, ticket 42", "imported from the wrong file");
        assertThat(removals).extracting(r -> r.get("removed_by")).containsExactly("bob (via test-admin)", "test-admin");
        assertThat(text("suppression_removal")).doesNotContain("typo@").doesNotContain("612345678");
    }

    @Test
    void anImportKeepsTheValidLinesAndReportsTheOthersByLineNumber() {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        write(csv, "\uFEFFemail;reason;source\r\n");                                         // 1 header, after a BOM
        write(csv, CLAIRE + ";opposition par courrier;letter\r\n");                        // 2
        write(csv, "\r\n");                                                                // 3 blank
        write(csv, "06 12 34 56 78\r\n");                                                  // 4 the defaults
        write(csv, "not-an-email@\r\n");                                                   // 5
        write(csv, "hello\r\n");                                                           // 6
        write(csv, "x".repeat(5000) + "@example.org\r\n");                                 // 7 absurdly long
        write(csv, "jean.dupont@example.org;\"opposed; by phone\";hotline\r\n");           // 8 the separator, quoted
        write(csv, "+33612345678\r\n");                                                    // 9 line 4 again
        write(csv, "  paul.petit@example.org ;;\r\n");                                     // 10 empty columns: the defaults
        write(csv, "lea.moreau@example.org;objected;hotline;extra\r\n");                    // 11
        write(csv, "lea.martin@example.org,objected,hotline\r\n");                        // 12 another separator
        write(csv, "   \n");                                                               // 13 blank
        write(csv, "sophie.bernard@example.org");                                         // 14, no line end

        HttpJson.Response response = http.postMultipart(PATH + "/import", List.<Object[]>of(new Object[] {"file", "objections.csv", csv.toByteArray()}),
                Map.of("reason", "objected by reply", "source", "campaign CMP-7", "createdBy", "carol"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("lines").asInt()).isEqualTo(11);
        assertThat(body.get("added").asInt()).isEqualTo(5);
        assertThat(body.get("alreadySuppressed").asInt()).isEqualTo(1);
        assertThat(body.get("rejectedCount").asInt()).isEqualTo(5);
        JsonNode rejected = body.get("rejected");
        assertThat(lines(rejected)).containsExactly(5, 6, 7, 11, 12);
        assertThat(rejected.get(0).get("reason").asString()).isEqualTo("not a valid email address");
        assertThat(rejected.get(1).get("reason").asString()).isEqualTo("neither an email address nor a phone number");
        assertThat(rejected.get(2).get("reason").asString()).isEqualTo("the line is longer than 1000 characters");
        assertThat(rejected.get(3).get("reason").asString()).startsWith("more than three columns");
        assertThat(rejected.get(4).get("reason").asString())
                .isEqualTo("the line is separated by ’,’ where the file uses ’;’ (as its line 1 does): use one separator in the whole file, or quote the field");
        assertThat(columns(rejected)).as("the column at fault, none for a line too long").containsExactly("1", "1", "-", "4", "1");
        assertThat(response.body()).doesNotContain("hello").doesNotContain("example.org").doesNotContain("xxxx");

        JsonNode claire = getEmail(CLAIRE).json();
        assertThat(claire.get("reason").asString()).isEqualTo("opposition par courrier");
        assertThat(claire.get("source").asString()).isEqualTo("letter");
        assertThat(claire.get("createdBy").asString()).isEqualTo("carol (via test-admin)");
        JsonNode jean = getEmail("jean.dupont@example.org").json();
        assertThat(jean.get("reason").asString()).isEqualTo("opposed; by phone");
        assertThat(jean.get("source").asString()).isEqualTo("hotline");
        JsonNode paul = getEmail("paul.petit@example.org").json();
        assertThat(paul.get("reason").asString()).isEqualTo("objected by reply");
        assertThat(paul.get("source").asString()).isEqualTo("campaign CMP-7");
        assertThat(getPhone("+33612345678").json().get("reason").asString()).isEqualTo("objected by reply");
        assertThat(getEmail("sophie.bernard@example.org").status()).isEqualTo(200);
        assertThat(getEmail("lea.moreau@example.org").status()).isEqualTo(404);
        assertThat(getEmail("lea.martin@example.org").status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from suppression", Long.class)).isEqualTo(5);

        HttpJson.Response again = http.postMultipart(PATH + "/import", List.<Object[]>of(new Object[] {"file", "objections.csv", csv.toByteArray()}),
                Map.of("reason", "objected by reply", "source", "campaign CMP-7"));
        assertThat(again.json().get("added").asInt()).as("importing again is harmless").isZero();
        assertThat(again.json().get("alreadySuppressed").asInt()).isEqualTo(6);
    }

    @Test
    void anImportWithoutDefaultsRejectsLinesWithoutAReasonAndTheFileIsRequired() {
        byte[] csv = "identifier\na@example.org;objected;letter\nb@example.org\n\n0712345678;objected\n".getBytes(StandardCharsets.UTF_8);
        HttpJson.Response response = http.postMultipart(PATH + "/import", List.<Object[]>of(new Object[] {"file", "list.csv", csv}), Map.of());
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("lines").asInt()).isEqualTo(3);
        assertThat(body.get("added").asInt()).isEqualTo(1);
        assertThat(lines(body.get("rejected"))).containsExactly(3, 5);
        assertThat(body.get("rejected").get(0).get("reason").asString()).startsWith("no reason");
        assertThat(body.get("rejected").get(1).get("reason").asString()).startsWith("no source");
        assertThat(getEmail("a@example.org").json().get("createdBy").asString()).isEqualTo("test-admin");
        // issue 16: the same rejections in French for a French caller
        JsonNode french = http.postMultipart(PATH + "/import", List.<Object[]>of(new Object[] {"file", "list.csv", csv}), Map.of(),
                "Accept-Language", "fr-FR,fr;q=0.9").json();
        assertThat(french.get("rejected").get(0).get("reason").asString())
                .isEqualTo("aucun motif : donnez-en un dans la deuxième colonne ou dans le champ « reason » du formulaire");
        assertThat(french.get("rejected").get(1).get("reason").asString()).startsWith("aucune source : ");

        HttpJson.Response noFile = http.postMultipart(PATH + "/import", List.of(), Map.of("reason", "objected"));
        assertProblem(noFile, 400, "invalid-request");
        assertThat(noFile.json().get("detail").asString()).contains("’file’");
    }

    // --- issue 12, item 5: the import read as RFC 4180 by FastCSV, decoded strictly

    @Test
    void anImportReadsRfc4180QuotesTabsAndOldMacLineEndsAndLosesNoObjectionToAMissingQuote() {
        String csv = "\uFEFFidentifier\treason\tsource\r"                                      // 1 header, BOM, CR line ends
                + "claire.martin@example.org\t\"dit \"\"stop\"\", par courrier\"\tletter\r"       // 2 doubled quotes, a comma
                + "jean.dupont@example.org\t\"opposed\nby phone\"\thotline\r"                     // 3-4 a quoted line break
                + "paul.petit@example.org\t\"never closed\thotline\r"                              // 5 an unclosed quote...
                + "06 12 34 56 78\tobjected on the phone\thotline\r"                               // 6 ...the next lines still count
                + "sophie.bernard@example.org\tobjected\u0000\thotline\r"                          // 7 NUL in the reason
                + "lea.moreau@example.org\t\t\r"                                                   // 8 the defaults
                + "\"marc.roux@example.org\"\t\"objected\"\t\"campaign \"\"CMP-9\"\"\"\r";        // 9 every field quoted
        HttpJson.Response response = importFile(csv.getBytes(StandardCharsets.UTF_8), Map.of("reason", "objected by reply", "source", "campaign CMP-7"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("lines").asInt()).isEqualTo(8);
        assertThat(body.get("added").asInt()).isEqualTo(4);
        assertThat(body.get("rejectedCount").asInt()).isEqualTo(4);
        JsonNode rejected = body.get("rejected");
        assertThat(lines(rejected)).containsExactly(3, 4, 5, 7);
        assertThat(columns(rejected)).containsExactly("2", "1", "2", "2");
        assertThat(rejected.get(0).get("reason").asString()).isEqualTo("column 2: a double quote is not closed on this line: close it. "
                + "A suppression entry holds no line break, so the next line is read as an entry of its own");
        assertThat(rejected.get(1).get("reason").asString()).isEqualTo("neither an email address nor a phone number");
        assertThat(rejected.get(2).get("reason").asString()).startsWith("column 2: a double quote is not closed on this line");
        assertThat(rejected.get(3).get("reason").asString()).startsWith("column 2 (reason) contains a control character (U+0000) at character 9");
        assertThat(response.body()).doesNotContain("example.org").doesNotContain("by phone").doesNotContain("never closed");

        assertThat(getEmail(CLAIRE).json().get("reason").asString()).isEqualTo("dit \"stop\", par courrier");
        assertThat(getPhone("0612345678").json().get("reason").asString()).as("the line after an unclosed quote").isEqualTo("objected on the phone");
        assertThat(getEmail("lea.moreau@example.org").json().get("source").asString()).isEqualTo("campaign CMP-7");
        assertThat(getEmail("marc.roux@example.org").json().get("source").asString()).isEqualTo("campaign \"CMP-9\"");
        for (String notAdded : List.of("jean.dupont@example.org", "paul.petit@example.org", "sophie.bernard@example.org")) {
            assertThat(getEmail(notAdded).status()).as(notAdded).isEqualTo(404);
        }
    }

    @Test
    void aMissingQuoteNeverSwallowsTheObjectionsBelowItEvenWhenALaterQuoteWouldCloseIt() {
        String csv = "email;reason;source\n"
                + "paul.petit@example.org;\"objected by letter;hotline\n"            // 2 the quote is never closed on its line
                + "jean.dupont@example.org;objected;hotline\n"                         // 3 RFC 4180 would read these lines into line 2's field
                + "06 12 34 56 78;objected on the phone;hotline\n"                     // 4
                + "lea.moreau@example.org;\"objected; twice\";letter\n";               // 5 its first quote would close line 2's
        HttpJson.Response response = importFile(csv.getBytes(StandardCharsets.UTF_8), Map.of());

        assertThat(response.json().get("added").asInt()).as(response.body()).isEqualTo(3);
        assertThat(lines(response.json().get("rejected"))).containsExactly(2);
        assertThat(getEmail("jean.dupont@example.org").status()).isEqualTo(200);
        assertThat(getPhone("0612345678").status()).isEqualTo(200);
        assertThat(getEmail("lea.moreau@example.org").json().get("reason").asString()).isEqualTo("objected; twice");
    }

    @Test
    void aFileNotValidInItsCharsetIsRefusedWholeAndImportedWithTheCharsetField() {
        byte[] excel = "email;reason;source\r\nclaire.martin@example.org;objected;letter\r\nandr\u00e9.gar\u00e7on@example.org;opposition \u00e9crite;courrier\r\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        int offset = "email;reason;source\r\nclaire.martin@example.org;objected;letter\r\nandr".length();

        HttpJson.Response refused = importFile(excel, Map.of());
        assertProblem(refused, 400, "invalid-suppression-file");
        JsonNode problem = refused.json();
        assertThat(problem.get("code").asString()).isEqualTo("suppressions.import.looksWindows1252");
        assertThat(problem.get("line").asLong()).isEqualTo(3);
        assertThat(problem.get("byteOffset").asLong()).isEqualTo(offset);
        assertThat(problem.get("charset").asString()).isEqualTo("UTF-8");
        assertThat(problem.get("suggestedCharset").asString()).isEqualTo("windows-1252");
        assertThat(problem.get("detail").asString()).isEqualTo("line 3, byte offset " + offset + ": the bytes 0xE9 are not valid UTF-8; they look like "
                + "Windows-1252: import the file again with charset windows-1252. The file is refused and nothing of it is imported");
        assertThat(refused.body()).doesNotContain("andr").doesNotContain("claire");
        assertThat(jdbc.queryForObject("select count(*) from suppression", Long.class)).as("not even the valid line before the bad byte").isZero();

        HttpJson.Response imported = importFile(excel, Map.of("charset", "windows-1252"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("added").asInt()).isEqualTo(2);
        assertThat(getEmail("Andr\u00e9.Gar\u00e7on@example.org").json().get("reason").asString()).isEqualTo("opposition \u00e9crite");

        HttpJson.Response unknown = importFile(excel, Map.of("charset", "EBCDIC-FR"));
        assertProblem(unknown, 400, "invalid-request");
        assertThat(paths(unknown.json().get("errors"))).containsExactly("charset");
        assertThat(unknown.json().get("errors").get(0).get("message").asString()).contains("windows-1252");
    }

    @Test
    void theSeparatorFieldWinsOverTheGuessAndAnotherSeparatorOnALineIsNamed() {
        byte[] csv = "a@example.org,opposed; by phone; twice,hotline\nb@example.org;objected;letter\n".getBytes(StandardCharsets.UTF_8);

        HttpJson.Response guessed = importFile(csv, Map.of("source", "hotline"));
        assertThat(guessed.json().get("added").asInt()).as("';' ties with ',' and wins: the first line is split wrong").isEqualTo(1);

        clean();
        HttpJson.Response given = importFile(csv, Map.of("separator", ","));
        assertThat(given.status()).isEqualTo(200);
        assertThat(given.json().get("added").asInt()).isEqualTo(1);
        assertThat(getEmail("a@example.org").json().get("reason").asString()).isEqualTo("opposed; by phone; twice");
        assertThat(given.json().get("rejected").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(given.json().get("rejected").get(0).get("reason").asString())
                .isEqualTo("the line is separated by ’;’ where the separator field says ’,’: use one separator in the whole file, or quote the field");

        assertThat(importFile("x@example.org\tobjected\thotline\n".getBytes(StandardCharsets.UTF_8), Map.of("separator", "tab"))
                .json().get("added").asInt()).isEqualTo(1);
        HttpJson.Response bad = importFile(csv, Map.of("separator", "|"));
        assertProblem(bad, 400, "invalid-request");
        assertThat(paths(bad.json().get("errors"))).containsExactly("separator");
    }

    @Test
    void aSuppressedPersonIsExcludedFromALaterEvaluationWhateverTheFileSays(CapturedOutput output) throws Exception {
        ObjectNode request = (ObjectNode) HttpJson.mapper().readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
        ArrayNode records = (ArrayNode) request.get("records");
        ObjectNode r7 = (ObjectNode) records.get(0).deepCopy();
        r7.put("id", "r-7").put("email", "alex.roux@example.org").put("phone", "+33612345678");
        records.add(r7);

        JsonNode before = http.postJson("/api/v1/evaluations", request.toString()).json();
        assertThat(record(before, "r-1").get("contactable").asBoolean()).as("r-1 is contactable as its file says").isTrue();
        assertThat(record(before, "r-7").get("contactable").asBoolean()).isTrue();

        assertThat(add("[{\"email\": \"" + CLAIRE + "\", \"reason\": \"objected by reply\", \"source\": \"campaign CMP-3\"},"
                + " {\"phone\": \"06 12 34 56 78\", \"reason\": \"objected on the phone\", \"source\": \"hotline\"}]", "alice").status()).isEqualTo(201);
        assertThat(getEmail(CLAIRE).body()).doesNotContain(CLAIRE);

        HttpJson.Response after = http.postJson("/api/v1/evaluations", request.toString());
        assertThat(after.status()).isEqualTo(200);
        JsonNode r1 = record(after.json(), "r-1");
        assertThat(r1.get("contactable").asBoolean()).isFalse();
        assertThat(strings(r1.get("reasons"))).containsExactly("SUPPRESSED");
        JsonNode suppressedByPhone = record(after.json(), "r-7");
        assertThat(suppressedByPhone.get("contactable").asBoolean()).isFalse();
        assertThat(strings(suppressedByPhone.get("reasons"))).containsExactly("SUPPRESSED");
        assertThat(after.json().get("summary").get("excludedBy").get("SUPPRESSED").asInt()).isEqualTo(2);
        assertThat(after.json().get("summary").get("contactable").asInt()).isZero();
        assertThat(strings(record(after.json(), "r-2").get("reasons"))).as("the others are unchanged").containsExactly("TARGETING_MISMATCH");
        assertThat(after.body()).doesNotContain(CLAIRE).doesNotContain("+33612345678");

        for (String table : List.of("suppression", "suppression_removal", "evaluation", "evaluation_code", "evaluation_record")) {
            String content = text(table);
            assertThat(content).as(table).doesNotContainIgnoringCase("claire.martin").doesNotContainIgnoringCase(CLAIRE)
                    .doesNotContain("+33612345678").doesNotContain("06 12 34 56 78").doesNotContain("alex.roux");
        }
        assertThat(text("evaluation")).as("the evaluations are there").contains("CMP-7");
        assertThat(text("evaluation_record")).contains("SUPPRESSED");
        assertThat(output.getAll()).as("the logs are captured").contains("suppression list: 2 entries added, 0 already suppressed, by alice")
                .doesNotContain(CLAIRE).doesNotContain("+33612345678").doesNotContain("06 12 34 56 78");
    }

    @Test
    void aPostalAddressIsAddedFoundRemovedAndExcludesThePersonOnEveryChannelUnderAnySpelling(CapturedOutput output) throws Exception {
        HttpJson.Response added = add("[{\"address\": \"12 bd Voltaire, 75011 Paris\", \"reason\": \"objected by letter\", "
                + "\"source\": \"letter 2026-04-02\"}]", "alice");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("added").asInt()).isEqualTo(1);
        assertThat(add("[{\"address\": \"12, BOULEVARD VOLTAIRE 75011 PARIS\", \"reason\": \"again\", \"source\": \"hotline\"}]", "bob")
                .json().get("alreadySuppressed").asInt()).as("the same address spelled otherwise").isEqualTo(1);

        HttpJson.Response found = lookup("address", "12 Bd. Voltaire 75011 Paris");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("kind").asString()).isEqualTo("ADDRESS");
        assertThat(found.json().get("reason").asString()).isEqualTo("objected by letter");
        assertThat(found.body()).doesNotContainIgnoringCase("voltaire").doesNotContain("75011");
        HttpJson.Response other = lookup("address", "14 bd Voltaire, 75011 Paris");
        assertProblem(other, 404, "not-found");
        assertThat(other.json().get("detail").asString()).isEqualTo("this postal address is not on the suppression list");
        assertThat(other.body()).doesNotContainIgnoringCase("voltaire");
        HttpJson.Response invalid = add("[{\"address\": \"Voltaire\", \"reason\": \"objected\", \"source\": \"hotline\"}]", null);
        assertProblem(invalid, 400, "invalid-request");
        assertThat(paths(invalid.json().get("errors"))).containsExactly("entries[0].address");
        assertThat(invalid.body()).doesNotContainIgnoringCase("voltaire");
        assertProblem(lookup("address", "12 bd Voltaire 75011 Paris", "phone", "0612345678"), 400, "invalid-request");

        // a postal campaign and an email campaign: the person whose address is suppressed is excluded from both
        ObjectNode request = (ObjectNode) HttpJson.mapper().readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
        ArrayNode records = (ArrayNode) request.get("records");
        ((ObjectNode) records.get(0)).put("postalAddress", "12, Boulevard VOLTAIRE - 75011 Paris");
        ((ObjectNode) records.get(1)).put("postalAddress", "14 boulevard Voltaire, 75011 Paris");
        for (String channel : List.of("EMAIL", "POSTAL")) {
            ((ObjectNode) request.get("campaign")).put("channel", channel);
            HttpJson.Response evaluated = http.postJson("/api/v1/evaluations", request.toString());
            assertThat(evaluated.status()).as(channel).isEqualTo(200);
            assertThat(strings(record(evaluated.json(), "r-1").get("reasons"))).as(channel).contains("SUPPRESSED");
            assertThat(strings(record(evaluated.json(), "r-2").get("reasons"))).as(channel + ": another address").doesNotContain("SUPPRESSED");
            assertThat(evaluated.body()).doesNotContainIgnoringCase("voltaire");
        }

        assertThat(removal("address", "12 BD VOLTAIRE 75011 PARIS", "justification", "keyed in for the wrong person")
                .status()).isEqualTo(204);
        assertProblem(lookup("address", "12 bd Voltaire, 75011 Paris"), 404, "not-found");
        assertThat(jdbc.queryForObject("select kind from suppression_removal", String.class)).isEqualTo("ADDRESS");

        for (String table : List.of("suppression", "suppression_removal", "evaluation", "evaluation_code", "evaluation_record")) {
            assertThat(text(table)).as(table).doesNotContainIgnoringCase("voltaire").doesNotContain("75011");
        }
        assertThat(output.getAll()).as("the logs are captured").contains("a suppressed postal address removed for correction by")
                .doesNotContainIgnoringCase("voltaire").doesNotContain("75011");
    }

    /** Every value of every row of a table, read as text (CLOBs included). */
    private String text(String table) {
        StringBuilder text = new StringBuilder();
        jdbc.query("select * from " + table, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                text.append(rs.getString(i)).append('|');
            }
            text.append('\n');
        });
        return text.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode record(JsonNode result, String id) {
        for (JsonNode record : result.get("records")) {
            if (id.equals(record.get("id").asString())) {
                return record;
            }
        }
        throw new AssertionError("no record " + id);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }

    private static List<String> paths(JsonNode errors) {
        List<String> values = new ArrayList<>();
        errors.forEach(node -> values.add(node.get("path").asString()));
        return values;
    }

    private static List<Integer> lines(JsonNode rejected) {
        List<Integer> values = new ArrayList<>();
        rejected.forEach(node -> values.add(node.get("line").asInt()));
        return values;
    }

    private static List<String> columns(JsonNode rejected) {
        List<String> values = new ArrayList<>();
        rejected.forEach(node -> values.add(node.has("column") ? node.get("column").asString() : "-"));
        return values;
    }

    private HttpJson.Response importFile(byte[] csv, Map<String, String> fields) {
        return http.postMultipart(PATH + "/import", List.<Object[]>of(new Object[] {"file", "objections.csv", csv}), fields);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static void assertProblem(HttpJson.Response response, int status, String type) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:" + type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }
}
