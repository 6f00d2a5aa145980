package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.api.SecurityProbe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's pages over plain HTTP (no browser): what a bad input shows, that nothing invalid is evaluated,
 * downloads, errors as pages, the language. The walk-through in a real browser is {@link ConsoleBrowserTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsolePagesTest {

    static final String ADMIN = "test-admin-key-0123456789";
    static final String AUDITOR = "test-auditor-key-0123456789";

    @LocalServerPort
    int port;
    ConsoleSession admin;
    String sample;

    @BeforeEach
    void signIn() throws Exception {
        admin = ConsoleSession.signIn(port, "Alice", ADMIN);
        sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
    }

    private long storedEvaluations() {
        String body = SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/evaluations?size=1").body();
        return Long.parseLong(body.replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
    }

    private ConsoleSession.Page tryIt(String request, String csv) {
        List<ConsoleSession.Upload> files = csv == null ? List.of()
                : List.of(new ConsoleSession.Upload("records", "records.csv", csv.getBytes(StandardCharsets.UTF_8)));
        return admin.postMultipart("/console/try", Map.of("request", request), files);
    }

    @Test
    void tryingAValidRequestEvaluatesItUnderTheActivePolicyAndAuditsIt() {
        long before = storedEvaluations();
        ConsoleSession.Page page = tryIt(sample, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"decision\">Approuvé avec exclusions<").contains("PRICE_BELOW_MARKET")
                .contains("data-record=\"r-1\"").contains("/console/policies/versions/v1/source?file=policies/list-quality.xlsx&amp;sheet=Prix&amp;row=14");
        assertThat(storedEvaluations()).isEqualTo(before + 1);
        assertThat(page.body()).contains("id=\"in-audit-trail\""); // an admin key also audits: one click to the stored evaluation
        assertThat(SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/evaluations?size=1").body()).contains("\"caller\":\"test-admin\"");
    }

    @Test
    void anAuditorFindsAPersonsEvaluationsByEmailAndExportsASearch() {
        ConsoleSession.Page tried = tryIt(sample, null);
        String id = tried.body().replaceAll("(?s).*évaluation ([0-9a-f-]{36}).*", "$1");
        ConsoleSession auditor = ConsoleSession.signIn(port, "Paul", AUDITOR);

        ConsoleSession.Page found = auditor.post("/console/evaluations/lookup", Map.of("email", " Claire.Martin@Example.org "));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("/console/evaluations/" + id + "/records/r-1").contains("incluaient cette adresse e-mail")
                .doesNotContain("claire.martin"); // the identifier is not echoed back
        assertThat(found.body()).contains("Pas sur la liste d’opposition centrale.");
        ConsoleSession.Page none = auditor.post("/console/evaluations/lookup", Map.of("phone", "+33 7 99 98 97 96"));
        assertThat(none.body()).contains(">0 évaluation(s) incluaient ce numéro de téléphone.<");
        // an objection recorded through the API shows on the person's page
        String added = "{\"entries\": [{\"phone\": \"07 99 98 97 96\", \"reason\": \"objection by phone\", \"source\": \"call centre\"}]}";
        assertThat(io.listguard.api.SecurityProbe.postJson(port, ADMIN, "/api/v1/suppressions", added)).isEqualTo(201);
        assertThat(auditor.post("/console/evaluations/lookup", Map.of("phone", "+33 7 99 98 97 96")).body())
                .contains("Sur la liste d’opposition centrale (R20)").contains("objection by phone").contains("call centre");
        assertThat(auditor.post("/console/evaluations/lookup", Map.of()).body()).contains("id=\"lookup-problem\"");
        // a postal address: the suppression list is searched under any spelling, the audit trail is not
        String byLetter = "{\"entries\": [{\"address\": \"3 r. de l'Église, 69002 Lyon\", \"reason\": \"objection by letter\", \"source\": \"mail room\"}]}";
        assertThat(io.listguard.api.SecurityProbe.postJson(port, ADMIN, "/api/v1/suppressions", byLetter)).isEqualTo(201);
        ConsoleSession.Page address = auditor.post("/console/evaluations/lookup", Map.of("address", "3 RUE DE L EGLISE 69002 LYON"));
        assertThat(address.body()).contains("Sur la liste d’opposition centrale (R20)").contains("objection by letter")
                .contains("ne sont pas recherchées par adresse postale").doesNotContainIgnoringCase("eglise").doesNotContain("69002");
        assertThat(auditor.post("/console/evaluations/lookup", Map.of("address", "5 rue de l'Église, 69002 Lyon")).body())
                .contains("Pas sur la liste d’opposition centrale.");
        assertThat(auditor.post("/console/evaluations/lookup", Map.of("address", "3 rue de l'Église", "phone", "0799989796")).body())
                .contains("id=\"lookup-problem\"");

        // in French: separated by ";" after a UTF-8 byte order mark, French headers, times in Paris time
        byte[] french = auditor.download("/console/evaluations/export?format=csv&campaignId=CMP-7");
        assertThat(java.util.Arrays.copyOf(french, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(french, 3, french.length - 3, StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("Évaluation;Évaluée le (heure de Paris);Appelant;Campagne;Fichier loué;");
        assertThat(csv).contains(id + ";").doesNotContain("claire.martin").containsPattern(";\\d\\d/\\d\\d/20\\d\\d \\d\\d:\\d\\d:\\d\\d;");
        // in English: comma-separated, no byte order mark, English headers
        byte[] english = auditor.download("/console/evaluations/export?format=csv&campaignId=CMP-7&lang=en");
        assertThat(english[0]).isEqualTo((byte) 'E');
        String en = new String(english, StandardCharsets.UTF_8);
        assertThat(en.lines().findFirst().orElseThrow()).startsWith("Evaluation,Evaluated at (Paris time),Caller,Campaign,Rented file,");
        assertThat(en).contains(id + ",").containsPattern(",20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,");
        auditor.get("/console?lang=fr"); // back to French for the rest of the session
        String jsonl = new String(auditor.download("/console/evaluations/export?format=jsonl&campaignId=CMP-7"), StandardCharsets.UTF_8);
        assertThat(jsonl).contains("\"id\":\"" + id + "\"");
    }

    @Test
    void aMalformedOrInvalidRequestIsShownWithItsPathAndNothingIsEvaluated() {
        long before = storedEvaluations();
        ConsoleSession.Page broken = tryIt(sample.replace("\"channel\": \"EMAIL\"", "\"channel\": \"FAX\""), null);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body()).contains("id=\"problems\"").contains("campaign.channel").contains("FAX");
        // the request as typed stays in the form, to be corrected
        assertThat(broken.body()).contains("&quot;channel&quot;: &quot;FAX&quot;");
        ConsoleSession.Page truncated = tryIt(sample.substring(0, 200), null);
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.body()).contains("id=\"problems\"");
        assertThat(storedEvaluations()).isEqualTo(before);
    }

    @Test
    void csvRecordsReplaceTheJsonRecordsAndABadLineIsNamedByItsNumber() throws Exception {
        String csv = Files.readString(Path.of("docs/examples/records.csv"));
        ConsoleSession.Page page = tryIt(sample, csv);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("data-record=\"c-5\"").doesNotContain("data-record=\"r-1\"");

        long before = storedEvaluations();
        ConsoleSession.Page bad = tryIt(sample, csv + "c-6,PERSON,not-an-email\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("enregistrements, ligne 7");
        assertThat(storedEvaluations()).isEqualTo(before);
    }

    @Test
    void anEvaluationsVerdictsAndTraceArePaged() {
        StringBuilder csv = new StringBuilder("id,kind,email,consent_email_given_on,consent_email_proof_ref,consent_email_renter_named\n");
        for (int i = 1; i <= 60; i++) {
            csv.append("p-").append(i).append(",PERSON,person").append(i).append("@example.org,2026-03-01,form-").append(i).append(",true\n");
        }
        ConsoleSession.Page tried = tryIt(sample, csv.toString());
        assertThat(tried.status()).isEqualTo(200);
        assertThat(tried.body()).contains("data-record=\"p-60\"").doesNotContain("class=\"pager\"").doesNotContain("id=\"truncated\""); // shown whole
        String id = tried.body().replaceAll("(?s).*évaluation ([0-9a-f-]{36}).*", "$1");

        String first = admin.get("/console/evaluations/" + id).body();
        assertThat(first).contains("data-record=\"p-50\"").doesNotContain("data-record=\"p-51\"").contains("Page 1 sur 2");
        String second = admin.get("/console/evaluations/" + id + "?page=1").body();
        assertThat(second).contains("data-record=\"p-51\"").contains("data-record=\"p-60\"").doesNotContain("data-record=\"p-50\"")
                .contains("Page 2 sur 2");
        assertThat(first).contains("aria-label=\"Règles déclenchées\"").contains("tracePage=1");
    }

    /** Issue 16: an evaluation's reasons, legal bases, severities and legal references in the console's language. */
    @Test
    void anEvaluationShowsItsReasonsAndLegalReferencesInTheConsolesLanguage() {
        ConsoleSession.Page french = tryIt(sample, null);
        assertThat(french.body()).contains("Pas de consentement").contains("title=\"NO_CONSENT\"").contains("Avertissement")
                .contains("Consentement préalable requis")
                .contains("Règle de décision listguard : les enregistrements exclus doivent être retirés avant toute utilisation")
                .doesNotContain("listguard decision semantics");
        String id = french.body().replaceAll("(?s).*évaluation ([0-9a-f-]{36}).*", "$1");
        assertThat(admin.get("/console/evaluations/" + id + "/records/r-4").body()).contains("Pas de consentement");

        admin.get("/console?lang=en");
        String english = admin.get("/console/evaluations/" + id).body();
        assertThat(english).contains(">No consent<").contains(">Warning<").contains(">Prior consent required<")
                .contains("listguard decision semantics: excluded records must be removed before use")
                .doesNotContain("Règle de décision listguard");
        admin.get("/console?lang=fr");
    }

    @Test
    void aTriedFileLargerThanAPageSaysThatOnlyItsStartIsShown() {
        StringBuilder csv = new StringBuilder("id,kind,email\n");
        for (int i = 1; i <= TryPage.MAX_SHOWN + 1; i++) {
            csv.append("q-").append(i).append(",PERSON,q").append(i).append("@example.org\n");
        }
        ConsoleSession.Page tried = tryIt(sample, csv.toString());
        assertThat(tried.status()).isEqualTo(200);
        assertThat(tried.body()).contains("id=\"truncated\"").containsPattern("Seuls les 1.000 premiers") // 1 000, as French writes it
                .contains("data-record=\"q-1000\"").doesNotContain("data-record=\"q-1001\"");
    }

    @Test
    void aWorkbookDownloadedFromTheConsoleIsTheVersionsFile() throws Exception {
        String page = admin.get("/console/policies").body();
        assertThat(page).contains("/console/policies/versions/v1/files/policies/list-quality.xlsx");
        byte[] downloaded = admin.download("/console/policies/versions/v1/files/policies/list-quality.xlsx");
        assertThat(io.listguard.policy.WorkbookMerge.cells(downloaded))
                .isEqualTo(io.listguard.policy.WorkbookMerge.cells(Files.readAllBytes(Path.of("policies/list-quality.xlsx"))));
        assertThat(io.listguard.policy.WorkbookStamp.baseVersion(downloaded)).contains("v1"); // its upload is merged from v1
    }

    @Test
    void whatTheSystemWroteInTheHistoryIsInTheConsolesLanguage() {
        assertThat(admin.get("/console/policies").body()).contains("politiques livrées avec listguard").contains("premier démarrage")
                .doesNotContain("bundled policies").doesNotContain("first start");
        assertThat(admin.get("/console/policies/versions/v1").body()).contains("politiques livrées avec listguard").contains("premier démarrage");
        assertThat(admin.get("/console/policies?lang=en").body()).contains("bundled policies").contains("first start")
                .doesNotContain("politiques livrées avec listguard");
        admin.get("/console?lang=fr"); // back to French for the rest of the session
    }

    @Test
    void aVersionsWorkbooksCanBeReadSheetBySheetInTheBrowser() {
        String version = admin.get("/console/policies/versions/v1").body();
        assertThat(version).contains("/console/policies/versions/v1/source?file=policies/consent-regime.xlsx&amp;sheet=R%C3%A9gime")
                .contains("/console/policies/versions/v1/source?file=rules/decision.drl");
        ConsoleSession.Page sheet = admin.get("/console/policies/versions/v1/source?file=policies/consent-regime.xlsx&sheet=Régime");
        assertThat(sheet.status()).isEqualTo(200);
        assertThat(sheet.body()).contains("<tr id=\"row-14\">").contains("RuleTable").doesNotContain("class=\"hit\"");
        ConsoleSession.Page unknown = admin.get("/console/policies/versions/v1/source?file=policies/consent-regime.xlsx&sheet=Nope");
        assertThat(unknown.body()).contains("Pas de feuille Nope dans ce classeur ; feuilles :").contains("Régime");
    }

    @Test
    void aDrlRuleOpensAtItsDeclaration() throws Exception {
        ConsoleSession.Page page = admin.get("/console/policies/versions/v1/source?file=rules/decision.drl&rule="
                + java.net.URLEncoder.encode("Approve with exclusions: some records may not be contacted", StandardCharsets.UTF_8));
        assertThat(page.status()).isEqualTo(200);
        List<String> drl = Files.readAllLines(Path.of("rules/decision.drl"));
        int declared = drl.indexOf(drl.stream().filter(l -> l.startsWith("rule \"Approve with exclusions")).findFirst().orElseThrow()) + 1;
        assertThat(page.body()).containsPattern("<tr id=\"line-" + declared + "\" class=\"hit\">");
    }

    @Test
    void whatDoesNotExistIsAPageThatSaysSoInFrench() {
        ConsoleSession.Page evaluation = admin.get("/console/evaluations/no-such-evaluation");
        assertThat(evaluation.status()).isEqualTo(404);
        assertThat(evaluation.body()).contains("<h1>Introuvable</h1>").contains("Aucune évaluation no-such-evaluation : jamais faite, ou purgée après la durée de conservation.");
        ConsoleSession.Page row = admin.get("/console/policies/versions/v1/source?file=policies/list-quality.xlsx&sheet=Prix&row=999");
        assertThat(row.status()).isEqualTo(404);
        assertThat(row.body()).contains("n’a pas de ligne 999 dans la feuille Prix de la version v1");
        ConsoleSession.Page job = admin.get("/console/bulk/no-such-job");
        assertThat(job.status()).isEqualTo(404);
    }

    /** Issue 12: a refused records file is explained in the reader's language, French by default, with the line. */
    @Test
    void aRefusedRecordsFileIsExplainedInFrenchWithNoJobStarted() throws java.io.IOException {
        String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
        String header = sample.substring(0, sample.indexOf(",\n  \"records\"")) + "\n}";
        long jobsBefore = admin.get("/console/bulk").body().split("href=\"/console/bulk/", -1).length;

        ConsoleSession.Page latin = admin.postMultipart("/console/bulk", Map.of("header", header), List.of(new ConsoleSession.Upload("records",
                "dataplus.csv", io.listguard.bulk.BrokerFile.bytes())));
        assertThat(latin.status()).isEqualTo(400);
        assertThat(latin.body()).contains("ligne 2, octet").contains("windows-1252").doesNotContain("are not valid");

        ConsoleSession.Page noKind = admin.postMultipart("/console/bulk", Map.of("header", header), List.of(new ConsoleSession.Upload("records",
                "records.csv", "id,email\nr-1,a@example.org\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(noKind.status()).isEqualTo(400);
        assertThat(noKind.body()).contains("il manque à l’en-tête la ou les colonnes obligatoires kind");

        ConsoleSession.Page english = admin.postMultipart("/console/bulk?lang=en", Map.of("header", header), List.of(new ConsoleSession.Upload(
                "records", "records.csv", "id,email\nr-1,a@example.org\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(english.body()).contains("the header lacks the required column(s) kind");
        admin.get("/console/bulk?lang=fr");
        assertThat(admin.get("/console/bulk").body().split("href=\"/console/bulk/", -1).length).isEqualTo(jobsBefore);
    }

    /** Issue 12, item 5: a broker's workbook is previewed with its sheet named, and a refused one is explained in French. */
    @Test
    void aWorkbookIsPreviewedWithItsSheetAndARefusedOneIsExplainedInFrench() throws java.io.IOException {
        ConsoleSession.Page preview = admin.postMultipart("/console/profiles/preview",
                Map.of("choice", "@edited", "profile", io.listguard.bulk.BrokerFile.PROFILE),
                List.of(new ConsoleSession.Upload("records", "Export DataPlus.xlsx", io.listguard.bulk.BrokerFile.xlsx())));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("Feuille Export DataPlus").contains("claire.martin@example.org").contains("PEUT-ÊTRE")
                .contains("accept=\".csv,.txt,.gz,.xlsx\"");

        String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
        String header = sample.substring(0, sample.indexOf(",\n  \"records\"")) + "\n}";
        byte[] macros = io.listguard.bulk.XlsxFiles.withPart(io.listguard.bulk.BrokerFile.xlsx(), "xl/vbaProject.bin", new byte[] {1, 2, 3});
        ConsoleSession.Page refused = admin.postMultipart("/console/bulk", Map.of("header", header, "profile", ""),
                List.of(new ConsoleSession.Upload("records", "export.xlsx", macros)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("ce classeur contient des macros (partie xl/vbaProject.bin)");
    }

    @Test
    void aBulkJobWithAnInvalidCampaignIsNotStarted() {
        long jobsBefore = admin.get("/console/bulk").body().split("href=\"/console/bulk/", -1).length;
        ConsoleSession.Page page = admin.postMultipart("/console/bulk", Map.of("header", "{\"campaign\": {\"id\": \"C\"}, \"file\": {\"id\": \"F\"}}"),
                List.of(new ConsoleSession.Upload("records", "records.csv", "id,kind\nr-1,PERSON\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"problem\"").contains("campaign.");
        assertThat(admin.get("/console/bulk").body().split("href=\"/console/bulk/", -1).length).isEqualTo(jobsBefore);
    }

    @Test
    void aBulkJobStartedFromTheConsoleEndsWithItsVerdictsAndErrorsToDownload() throws Exception {
        String header = sample.substring(0, sample.indexOf(",\n  \"records\"")) + "\n}";
        String csv = Files.readString(Path.of("docs/examples/records.csv")) + "c-6,PERSON\n"; // a line with missing columns
        ConsoleSession.Page started = admin.postMultipart("/console/bulk", Map.of("header", header),
                List.of(new ConsoleSession.Upload("records", "prospects.csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String job = started.location().substring(started.location().lastIndexOf('/') + 1);

        String progress = "";
        for (int i = 0; i < 100 && !progress.contains("\"state\":\"COMPLETED\""); i++) {
            Thread.sleep(100);
            progress = admin.get("/console/bulk/" + job + "/progress").body();
        }
        assertThat(progress).contains("\"state\":\"COMPLETED\"").contains("\"evaluated\":5").contains("\"rejected\":1");
        assertThat(admin.get("/console/bulk/" + job).body()).contains("id=\"job-result\"").contains("Approuvé avec exclusions");
        // the job's files as a French spreadsheet opens them: ";" after a byte order mark, French headers, oui/non
        String verdicts = new String(admin.download("/console/bulk/" + job + "/files/records.csv"), StandardCharsets.UTF_8);
        assertThat(verdicts).startsWith("\uFEFFLigne;Enregistrement;Contactable;Motifs;Bases légales;Règles décisives\r\n");
        assertThat(verdicts.lines()).hasSize(6).anyMatch(l -> l.contains(";c-1;")).allMatch(l -> !l.contains(";true;") && !l.contains(";false;"))
                .anyMatch(l -> l.contains(";oui;") || l.contains(";non;"));
        String errors = new String(admin.download("/console/bulk/" + job + "/files/errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).startsWith("\uFEFFLigne;Motif du rejet\r\n").contains("7;2 colonnes alors que l’en-tête en a ")
                .doesNotContain("columns where").doesNotContain("reason_codes").doesNotContain("bulk.line");
        String englishErrors = new String(admin.download("/console/bulk/" + job + "/files/errors.csv?lang=en"), StandardCharsets.UTF_8);
        assertThat(englishErrors).startsWith("Line,Why the line was rejected").contains("7,2 columns where the header has ").doesNotContain("reason_codes");
        // and in English: "," without a byte order mark, the job's own headers in words
        String english = new String(admin.download("/console/bulk/" + job + "/files/records.csv?lang=en"), StandardCharsets.UTF_8);
        assertThat(english).startsWith("Line,Record,Contactable,Reasons,Legal bases,Deciding rules\r\n").contains(",c-1,");
        admin.get("/console?lang=fr");
        // in the audit trail, the job's evaluation says where its verdicts are
        assertThat(admin.get("/console/evaluations/" + job).body()).contains("id=\"bulk-evaluation\"").contains("href=\"/console/bulk/" + job + "\"");
        // another caller's job does not exist for an evaluator, as in the API
        ConsoleSession evaluator = ConsoleSession.signIn(port, "Eve", "test-evaluator-key-0123456789");
        assertThat(evaluator.get("/console/bulk/" + job).status()).isEqualTo(404);
    }

    @Test
    void englishIsChosenOnceAndKept() {
        assertThat(admin.get("/console").body()).contains("<html lang=\"fr\">").contains("Politiques");
        assertThat(admin.get("/console?lang=en").body()).contains("<html lang=\"en\">").contains(">Policies<");
        assertThat(admin.get("/console/policies").body()).contains("<h1>Policies</h1>");
    }

    @Test
    void aFailingCaseOfTheScenarioWorkbookIsRefusedAndShownWithItsInputsAndTheRowsThatFired() throws Exception {
        String versionsBefore = SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/policies/versions").body();
        byte[] broken = new io.listguard.scenario.ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").bytes(); // R6-01: r-2 is NO_CONSENT

        ConsoleSession.Page page = admin.postMultipart("/console/policies/upload", Map.of("comment", "R6 case"),
                List.of(new ConsoleSession.Upload("files", "scenarios.xlsx", broken)));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"rejected\"").contains("policies/scenarios/scenarios.xlsx")
                .contains("1 scénario(s) en échec, détaillé(s) ci-dessous.")
                .contains("enregistrement r-2 : attendu [] (contactable), obtenu [NO_CONSENT]"); // the scenario's failure, in the reader's language
        // the failing case's inputs: its place in the workbook, the campaign, the file and the records
        assertThat(page.body()).contains("Feuille Cases, cas R6-01, lignes 13 à 15")
                .contains("data-input=\"campaign\"").contains("CMP-WB-TEL-12").contains("data-input=\"file\"").contains("F-WB-TEL-12")
                .contains("data-input-record=\"r-1\"").contains("data-input-record=\"r-2\"").contains("data-input-record=\"r-3\"");
        // the rows that fired: the consent regime row of R6 and the DRL rule that excluded r-2
        assertThat(page.body()).contains("data-fired=\"policies/consent-regime.xlsx#Régime!17\"")
                .contains("policies/consent-regime.xlsx, feuille Régime, ligne 17 (R6)")
                .contains("rules/regime.drl, règle « Consentement requis mais aucun n’est enregistré pour le canal », ligne 12 (R6)");
        // only the failing case is detailed; nothing was stored
        assertThat(page.body().split("class=\"scenario-failure\"", -1)).hasSize(2);
        assertThat(SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/policies/versions").body()).isEqualTo(versionsBefore);
    }

    @Test
    void aBadCellOfTheScenarioWorkbookIsRefusedAtItsCellInTheReadersLanguage() {
        byte[] broken = new io.listguard.scenario.ScenarioWorkbookCopy().text(13, "campaign.channel", "TELEPHONE").bytes();

        ConsoleSession.Page page = admin.postMultipart("/console/policies/upload", Map.of(),
                List.of(new ConsoleSession.Upload("files", "scenarios.xlsx", broken)));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"errors\"").contains("policies/scenarios/scenarios.xlsx").contains(">F13<")
                .contains(">TELEPHONE<")
                .contains("F13 (Canal / Channel) : « TELEPHONE » n’est pas une des valeurs EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
    }

    @Test
    void theScenarioWorkbookIsAFileOfTheVersionToDownload() throws Exception {
        byte[] downloaded = admin.download("/console/policies/versions/v1/files/scenarios.xlsx");
        // stamped with the version it comes from, holding the stored cells
        assertThat(io.listguard.policy.WorkbookMerge.sameContent(downloaded, Files.readAllBytes(Path.of("policies/scenarios/scenarios.xlsx")))).isTrue();
        assertThat(io.listguard.policy.WorkbookStamp.baseVersion(downloaded)).contains("v1");
        assertThat(admin.get("/console/policies/versions/v1").body()).contains("policies/scenarios/scenarios.xlsx");
    }
}
