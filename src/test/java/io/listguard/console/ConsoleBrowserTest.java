package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.SyntheticFile;
import io.listguard.policy.WorkingCopy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The console in Debian's headless Chromium, the way its users go through it, in order: a compliance officer signs
 * in, uploads a workbook with a mistake and sees the cell, uploads a changed threshold, sees its report and impact,
 * activates it, evaluates a file and follows the trace to the workbook row as the new version wrote it; an auditor
 * finds that evaluation; a bulk job runs to its end while the page watches. Every page is checked for labels,
 * keyboard access and text contrast, and photographed for docs/console.md.
 */
// a context of its own (the property makes its key unique): it starts at v1 with an empty audit trail, and is closed
// after the class, since it leaves v2 active; an upload replays only the newest of the past evaluations
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.console.replay-limit=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String EDITOR = "test-editor-key-0123456789";
    static final String AUDITOR = "test-auditor-key-0123456789";
    static final String EVALUATOR = "test-evaluator-key-0123456789";
    static final String ADMIN = "test-admin-key-0123456789";

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    Browser browser;

    @BeforeAll
    void startBrowser() {
        Browser.assumeAvailable();
        browser = new Browser(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void signInIsInFrenchByDefaultAndRefusesAnUnknownKey() {
        browser.open("/console/policies");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login"); // not signed in: sent to the sign-in page
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Connexion");
        assertThat(label("name")).isEqualTo("Votre nom");
        checkAccessible("login");
        browser.screenshot("01-sign-in");

        signIn("Mallory", "not-a-key-at-all-0000");
        assertThat(browser.waitFor(By.id("login-error")).getText()).contains("Clé d’API inconnue");

        signIn("Alice Martin", EDITOR);
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Politiques"); // back where she was going
        browser.open("/console");
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Bonjour Alice Martin");
        assertThat(browser.driver().findElement(By.id("active-policy")).getText()).contains("version v1");
        // an editor's menu: policies, and neither the audit trail nor evaluations
        assertThat(menu()).containsExactly("Politiques", "Profils de fichiers");
        checkAccessible("home");
        browser.screenshot("02-home");
    }

    @Test
    @Order(2)
    void aWorkbookWithAMistakeIsRefusedAtItsCell() {
        WorkingCopy broken = new WorkingCopy(tmp.resolve("broken"));
        broken.set("consent-regime.xlsx", "Régime", "C14", "EMAL");
        browser.open("/console/policies");
        assertThat(browser.waitFor(By.id("active-title")).getText()).contains("v1");
        checkAccessible("policies");
        browser.screenshot("03-policies");

        upload(broken.policies.resolve("consent-regime.xlsx"), "typo");

        assertThat(browser.waitFor(By.id("rejected")).getText()).contains("rien n’a changé");
        WebElement error = browser.driver().findElement(By.cssSelector("#errors tbody tr"));
        assertThat(error.getText()).contains("policies/consent-regime.xlsx").contains("Régime").contains("C14").contains("EMAL")
                .contains("« EMAL » n’est pas un canal");
        checkAccessible("rejected upload");
        browser.screenshot("04-upload-rejected-at-cell");
        browser.open("/console/policies");
        assertThat(browser.driver().findElements(By.cssSelector("#versions tbody tr"))).hasSize(1); // nothing was stored
    }

    @Test
    @Order(3)
    void aChangedThresholdIsCheckedReplayedComparedAndActivated() throws Exception {
        // two past evaluations, by an application, so that the candidate has something to be replayed over (the newest one)
        var client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 2; i++) {
            var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/evaluations"))
                    .header("Authorization", "Bearer " + EVALUATOR).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of("docs/examples/evaluation-request.json"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }
        WorkingCopy changed = new WorkingCopy(tmp.resolve("changed"));
        changed.set("list-quality.xlsx", "Prix", "D14", "95"); // email files: warn below EUR 95 per thousand, not 150

        upload(changed.policies.resolve("list-quality.xlsx"), "Seuil de prix e-mail abaissé à 95 EUR");

        assertThat(browser.waitFor(By.id("candidate")).getText()).contains("v2");
        assertThat(browser.driver().findElement(By.id("errors-title")).getText()).isEqualTo("Erreurs : 0");
        assertThat(browser.driver().findElement(By.id("scenarios-title")).getText()).matches("Scénarios : (\\d+) réussis sur \\1");
        assertThat(browser.driver().findElement(By.id("coverage-title")).getText()).startsWith("Couverture :");
        // a rule no scenario exercises links to where it is written in the candidate
        assertThat(browser.driver().findElement(By.cssSelector("#uncovered a")).getAttribute("href")).contains("/console/policies/versions/v2/source?file=");
        assertThat(browser.driver().findElement(By.id("replay-summary")).getText()).startsWith("1 évaluation(s) rejouée(s) sur 1 : 0 décision(s)");
        checkAccessible("validation report");
        fullScreenshot("05-candidate-report");

        browser.driver().findElement(By.id("diff-candidate")).click();
        WebElement change = browser.waitFor(By.cssSelector("table.diff tbody tr.st-CHANGED"));
        assertThat(change.getText()).contains("D14").contains("150").contains("95");
        assertThat(change.findElement(By.tagName("a")).getAttribute("href"))
                .contains("/console/policies/versions/v2/source?file=policies/list-quality.xlsx&sheet=Prix&row=14");
        checkAccessible("diff");
        browser.screenshot("06-diff-cell-by-cell");

        browser.open("/console");
        assertThat(browser.waitFor(By.id("candidates")).getText()).contains("v2").contains("Alice Martin (via test-editor)"); // awaiting a decision
        browser.driver().findElement(By.cssSelector("#candidates a")).click(); // the candidate's page: activate it from there
        browser.type(By.id("reason"), "Seuil de prix e-mail abaissé à 95 EUR, validé par le DPO");
        // the workbook came from the working copy, not from a download: its changed row must be confirmed
        browser.driver().findElement(By.id("confirm")).click();
        fullScreenshot("06b-candidate-version");
        checkAccessible("version");
        browser.driver().findElement(By.id("activate")).click();
        assertThat(browser.waitFor(By.id("activated")).getText()).contains("v2");
        assertThat(browser.driver().findElement(By.cssSelector("#versions tr[data-version='v2']")).getText())
                .contains("Alice Martin (via test-editor)").contains("active");
        assertThat(browser.driver().findElement(By.cssSelector("#activations tbody tr")).getText()).contains("v2");
        browser.screenshot("07-activated");
    }

    @Test
    @Order(4)
    void anEvaluationLinksEachFiredRuleToItsRowAsTheVersionWroteIt() {
        signOut();
        signIn("Eve", EVALUATOR);
        assertThat(menu()).containsExactly("Politiques", "Essayer", "Traitements de fichiers", "Profils de fichiers");
        browser.open("/console/try");
        checkAccessible("try");
        browser.waitFor(By.id("evaluate")).click();

        assertThat(browser.waitFor(By.id("decision")).getText()).isEqualTo("Approuvé avec exclusions");
        assertThat(browser.driver().findElement(By.id("findings")).getText()).contains("PRICE_BELOW_MARKET"); // EUR 90 < 95
        assertThat(browser.driver().findElements(By.cssSelector("#verdicts tbody tr"))).hasSizeGreaterThan(1);
        assertThat(browser.driver().findElement(By.cssSelector("figure.chart svg")).getAttribute("role")).isEqualTo("img");
        checkAccessible("try result");
        fullScreenshot("08-try-result");

        WebElement priceRule = browser.driver().findElement(By.cssSelector("#findings a.rule[href*='sheet=Prix']"));
        assertThat(priceRule.getText()).contains("list-quality.xlsx").contains("Prix").contains("14");
        priceRule.click();

        WebElement row = browser.waitFor(By.cssSelector("#sheet tr.hit"));
        assertThat(row.getAttribute("id")).isEqualTo("row-14");
        assertThat(row.getText()).contains("95"); // the row as version v2 wrote it
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("list-quality.xlsx dans la version v2");
        assertThat(browser.driver().findElement(By.id("source-where")).getText()).isEqualTo("policies/list-quality.xlsx, feuille Prix, ligne 14");
        checkAccessible("workbook row");
        browser.screenshot("09-rule-row-in-its-version");

        // the same row in version 1 still says 150: the trace shows the law of the version that ran
        browser.open("/console/policies/versions/v1/source?file=policies/list-quality.xlsx&sheet=Prix&row=14");
        assertThat(browser.waitFor(By.cssSelector("#sheet tr.hit")).getText()).contains("150").doesNotContain("95");

        // an evaluator cannot read the audit trail
        browser.open("/console/evaluations");
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Accès refusé");
        browser.screenshot("09b-not-allowed");
    }

    @Test
    @Order(5)
    void anAuditorFindsTheEvaluationItsRecordsAndTheRowsThatDecided() {
        signOut();
        signIn("Paul Auditeur", AUDITOR);
        assertThat(browser.waitFor(By.id("recent")).getText()).contains("CMP-7"); // the latest evaluations, on the home page
        browser.open("/console/evaluations?code=PRICE_BELOW_MARKET");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#evaluations tbody tr"));
        assertThat(rows).hasSize(3); // the application's two, under v1, and the one tried in the console, under v2
        assertThat(rows.get(0).getText()).contains("CMP-7").contains("v2").contains("test-evaluator");
        checkAccessible("evaluations");
        browser.screenshot("10-evaluations");

        rows.get(0).findElement(By.tagName("a")).click();
        assertThat(browser.waitFor(By.id("decision")).getText()).isEqualTo("Approuvé avec exclusions");
        assertThat(browser.driver().findElement(By.id("exclusions")).getText()).isNotBlank();
        checkAccessible("evaluation");
        fullScreenshot("11-evaluation");

        WebElement excluded = browser.driver().findElements(By.cssSelector("#verdicts tbody tr")).stream()
                .filter(r -> r.getText().contains("non")).findFirst().orElseThrow();
        excluded.findElement(By.tagName("a")).click();
        assertThat(browser.waitFor(By.id("verdict")).getText()).isEqualTo("exclu");
        assertThat(browser.driver().findElements(By.cssSelector("#trace a.rule"))).isNotEmpty();
        checkAccessible("record");
        browser.screenshot("12-record-explanation");

        // a data subject's request: the evaluations that included an email address
        browser.open("/console/evaluations");
        browser.type(By.id("lookup-email"), "claire.martin@example.org");
        browser.driver().findElement(By.id("lookup-email")).sendKeys(Keys.ENTER);
        assertThat(browser.waitFor(By.id("lookup-found")).getText()).isEqualTo("3 évaluation(s) incluaient cette adresse e-mail.");
        assertThat(browser.driver().findElement(By.id("suppression")).getText()).isEqualTo("Pas sur la liste d’opposition centrale.");
        checkAccessible("lookup");
        browser.screenshot("12b-person-lookup");
    }

    @Test
    @Order(6)
    void aBulkJobIsWatchedLiveToItsEndAndItsFilesDownloaded() throws Exception {
        signOut();
        signIn("Eve", EVALUATOR);
        Path records = tmp.resolve("prospects.csv");
        long malformed;
        try (OutputStream out = Files.newOutputStream(records)) {
            malformed = SyntheticFile.write(out, 40_000, 7);
        }
        browser.open("/console/bulk");
        checkAccessible("bulk");
        browser.driver().findElement(By.id("records")).sendKeys(records.toAbsolutePath().toString());
        browser.driver().findElement(By.id("start")).click();

        browser.waitFor(By.id("progress"));
        // photographed while it runs, once the live view shows lines read (unless it is already done)
        new WebDriverWait(browser.driver(), Duration.ofSeconds(60)).until(d -> !d.findElements(By.id("job-result")).isEmpty()
                || !d.findElement(By.id("read")).getText().equals("0"));
        browser.screenshot("13-bulk-job-running");
        WebElement state = new WebDriverWait(browser.driver(), Duration.ofSeconds(120))
                .until(d -> d.findElement(By.id("job-result")));
        assertThat(state.getText()).contains("Télécharger les verdicts");
        assertThat(browser.driver().findElement(By.id("state")).getText()).isEqualTo("terminé");
        assertThat(browser.driver().findElement(By.id("evaluated")).getText()).isEqualTo(java.text.NumberFormat.getIntegerInstance(java.util.Locale.FRENCH).format(40_000 - malformed)); // "39 993": grouped
        assertThat(browser.driver().findElement(By.id("rejected")).getText()).isEqualTo(java.text.NumberFormat.getIntegerInstance(java.util.Locale.FRENCH).format(malformed));
        checkAccessible("bulk job");
        fullScreenshot("14-bulk-job-done");

        String verdicts = browser.driver().findElement(By.id("download-records")).getAttribute("href");
        assertThat(verdicts).endsWith("/files/records.csv");
        browser.open("/console/bulk");
        assertThat(browser.waitFor(By.id("jobs")).getText()).contains("terminé");
        checkAccessible("bulk jobs");
        browser.screenshot("14b-bulk-jobs");
    }

    @Test
    @Order(7)
    void theConsoleSpeaksEnglishOnRequestAndRemembersIt() {
        browser.open("/console");
        assertThat(browser.leavePage(() -> browser.driver().findElement(By.linkText("EN")).click()).getText()).isEqualTo("Hello Eve");
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.open("/console/try");
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Try an evaluation");
        checkAccessible("english");
        browser.screenshot("15-english");
        assertThat(browser.leavePage(() -> browser.driver().findElement(By.linkText("FR")).click()).getText()).isEqualTo("Essayer une évaluation");
    }

    @Test
    @Order(8)
    void aChangeFromAnOlderDownloadThatCollidesWithAColleaguesIsShownCellByCellAndSentAgainCorrected() throws Exception {
        // Bob edits the workbook he downloaded from v1 (stamped v1), while Alice's v2 (D14: 95) became active
        byte[] downloaded = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/policies/versions/v1/files/list-quality.xlsx"))
                .header("Authorization", "Bearer " + EDITOR).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        WorkingCopy bobs = new WorkingCopy(tmp.resolve("bob"));
        Files.write(bobs.policies.resolve("list-quality.xlsx"), downloaded);
        bobs.set("list-quality.xlsx", "Prix", "D14", "130");
        signOut();
        signIn("Bob Durand", EDITOR);

        upload(bobs.policies.resolve("list-quality.xlsx"), "Seuil e-mail à 130 EUR");

        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Changements en conflit");
        assertThat(browser.driver().findElement(By.id("conflict-summary")).getText()).contains("Rien n’a été enregistré ni activé")
                .contains("version v1").contains("version active v2");
        WebElement conflict = browser.driver().findElement(By.cssSelector("#conflicts tbody tr[data-cell='D14']"));
        assertThat(conflict.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .containsExactly("policies/list-quality.xlsx", "Prix", "D14", "150", "95", "130");
        assertThat(browser.driver().findElement(By.id("kept-files")).getText()).contains("policies/list-quality.xlsx");
        checkAccessible("conflict");
        fullScreenshot("16-upload-conflict");

        // he keeps Alice's threshold and changes another cell instead, sending only the corrected file again
        Files.write(bobs.policies.resolve("list-quality.xlsx"), downloaded);
        bobs.set("list-quality.xlsx", "Prix", "E15", "800");
        browser.driver().findElement(By.id("replacement")).sendKeys(bobs.policies.resolve("list-quality.xlsx").toAbsolutePath().toString());
        browser.driver().findElement(By.id("kept-comment")).sendKeys("Seuil haut e-mail à 800 EUR");
        browser.driver().findElement(By.id("resend")).click();

        assertThat(browser.waitFor(By.id("candidate")).getText()).contains("v3");
        assertThat(browser.driver().findElement(By.id("merged-files")).getText()).contains("policies/list-quality.xlsx").contains("v2");
        assertThat(browser.driver().findElement(By.id("changes")).getText()).contains("cellule E15").contains("750").contains("800")
                .doesNotContain("cellule D14");
        checkAccessible("merged candidate");
        browser.screenshot("17-merged-candidate");
    }

    // ---------------------------------------------------------------------------------------------------------

    private void signIn(String name, String key) {
        browser.open("/console/login");
        browser.type(By.id("name"), name);
        browser.driver().findElement(By.id("key")).sendKeys(key);
        browser.leavePage(() -> browser.driver().findElement(By.id("key")).sendKeys(Keys.ENTER)); // the keyboard submits the form
    }

    private void signOut() {
        browser.open("/console");
        browser.waitFor(By.tagName("h1"));
        browser.leavePage(() -> browser.driver().findElement(By.cssSelector("form.inline button")).click());
    }

    private void upload(Path workbook, String comment) {
        browser.open("/console/policies");
        browser.type(By.id("files"), workbook.toAbsolutePath().toString());
        browser.driver().findElement(By.id("comment")).sendKeys(comment);
        browser.leavePage(() -> browser.driver().findElement(By.id("upload")).click());
    }

    private String label(String inputId) {
        return browser.driver().findElement(By.cssSelector("label[for='" + inputId + "']")).getText();
    }

    private List<String> menu() {
        return browser.driver().findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
    }

    private void fullScreenshot(String name) {
        var size = browser.driver().manage().window().getSize();
        long height = (Long) browser.script("return document.documentElement.scrollHeight;");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height + 120, 4000)));
        browser.script("window.scrollTo(0, 0);");
        browser.screenshot(name);
        browser.driver().manage().window().setSize(size);
    }

    /**
     * The page ran without a script error or a refused resource (a Content-Security-Policy violation would show
     * there), its language is declared, every form control has a label, the first Tab reaches the "skip to content"
     * link, and every text meets WCAG AA contrast (4.5:1, 3:1 for large text) against its background.
     */
    @SuppressWarnings("unchecked")
    private void checkAccessible(String page) {
        assertThat(browser.consoleErrors()).as(page + ": errors in the browser console").isEmpty();
        assertThat((String) browser.script("return document.documentElement.lang;")).as(page + ": lang").isIn("fr", "en");
        List<String> unlabelled = (List<String>) browser.script("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                  .map(e => e.name || e.id);""");
        assertThat(unlabelled).as(page + ": form controls without a label").isEmpty();
        // the keyboard starts from the top of the page: a throw-away element there takes the focus, then goes
        browser.script("""
                const start = document.createElement('span'); start.tabIndex = -1; document.body.prepend(start);
                start.focus(); start.remove(); window.scrollTo(0, 0);""");
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat((String) browser.script("return document.activeElement.className;")).as(page + ": first Tab").isEqualTo("skip");
        browser.script("document.activeElement.blur();");
        List<String> lowContrast = (List<String>) browser.script(CONTRAST);
        assertThat(lowContrast).as(page + ": texts below WCAG AA contrast").isEmpty();
        browser.script("const hit = document.querySelector('tr.hit'); if (hit) hit.scrollIntoView({block: 'center'});");
    }

    static final String CONTRAST = """
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
            const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3); } return [255, 255, 255]; };
            const failures = [];
            for (const el of document.querySelectorAll('body *')) {
              if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
              const style = getComputedStyle(el);
              if (style.visibility === 'hidden' || style.display === 'none' || el.closest('.skip, .sr, svg')) continue;
              const fg = lum(rgb(style.color)), bg = lum(background(el));
              const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
              const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
              const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
              if (ratio < needed) failures.push(el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '" ' + ratio.toFixed(2));
            }
            return failures;""";
}
