package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.BrokerFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Mapping profiles in Chromium (issue 12, item 2), as a compliance officer goes through them: she writes the
 * broker's profile, sees its mistake beside the text and corrects it; previews the broker's own file (Windows-1252,
 * French Excel) with it and sees each line as mapped, the phone's leading zero restored, and the bad line's two
 * problems on their cells; tries an edit on the same file without saving it; is refused an edit made on a version a
 * colleague changed since; picks the profile for a bulk job; deletes it once confirmed. Photographed for
 * docs/console.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileBrowserTest {

    static final String EDITOR = "test-editor-key-0123456789";
    static final String ADMIN = "test-admin-key-0123456789";
    static final String EVALUATOR = "test-evaluator-key-0123456789";

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    Browser browser;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeAll
    void startBrowser() {
        Browser.assumeAvailable();
        // the context (and its database) may be shared with other tests: this one starts with no profile
        jdbc.update("delete from mapping_profile");
        jdbc.update("delete from mapping_profile_event");
        browser = new Browser(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aBrokersProfileIsWrittenPreviewedOnItsFileTriedEditedAndDeleted() throws Exception {
        Path file = Files.write(tmp.resolve("export-dataplus.csv"), BrokerFile.bytes());
        signIn("Alice Martin", EDITOR);
        assertThat(menu()).containsExactly("Politiques", "Profils de fichiers");
        assertThat(browser.leavePage(() -> browser.driver().findElement(By.linkText("Profils de fichiers")).click()).getText()).isEqualTo("Profils de correspondance");
        assertThat(browser.driver().findElement(By.id("no-profiles")).getText()).contains("l’en-tête propre à listguard");
        accessible("profiles, none");

        // her first text has a near miss of opted_out and no provider: both shown beside the text, nothing stored
        browser.driver().findElement(By.id("new-profile")).click();
        setJson(BrokerFile.PROFILE.replace("\"opted_out\"", "\"optedout\"").replace("\"provider\": \"DataPlus\", ", ""));
        browser.driver().findElement(By.id("save")).click();
        List<String> problems = browser.waitFor(By.id("problems")).findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("fields.optedout").contains("opted_out"))
                .anySatisfy(p -> assertThat(p).startsWith("provider").contains("fournisseur"));
        assertThat(browser.driver().findElement(By.id("profile-json")).getAttribute("value")).contains("optedout"); // her text stays
        accessible("profile with problems");
        browser.screenshot("20-profile-problems");

        setJson(BrokerFile.PROFILE);
        browser.driver().findElement(By.id("save")).click();
        assertThat(browser.waitFor(By.id("saved")).getText()).isEqualTo("Profil dataplus-b2c enregistré en version 1.");
        assertThat(browser.driver().findElement(By.id("fields")).getText()).contains("opted_out").contains("« Désinscrit »");
        assertThat(browser.driver().findElement(By.id("history")).getText()).contains("création").contains("Alice Martin (via test-editor)");
        accessible("profile");

        // the preview: the broker's file read with the stored profile, each problem on its line and cell
        browser.open("/console/profiles/preview");
        browser.type(By.id("records"), file.toAbsolutePath().toString());
        new Select(browser.driver().findElement(By.id("choice"))).selectByValue("dataplus-b2c");
        browser.driver().findElement(By.id("preview")).click();
        assertThat(browser.waitFor(By.id("read-with")).getText()).contains("Lu avec le profil dataplus-b2c, version 1").contains("windows-1252");
        assertThat(browser.driver().findElement(By.id("preview-summary")).getText()).isEqualTo("4 ligne(s) affichée(s), dont 1 avec au moins un problème.");
        assertThat(cell(3, "email")).isEqualTo("claire.martin@example.org");
        assertThat(cell(3, "phone")).as("the leading zero Excel dropped").isEqualTo("0612345678");
        assertThat(cell(5, "opted_out")).isEqualTo("true");
        assertThat(cell(6, "email")).isEqualTo("françoise.garçon@example.org"); // read in Windows-1252, letter for letter
        WebElement bad = row(7);
        assertThat(bad.getAttribute("class")).contains("bad-line");
        WebElement bloctel = bad.findElement(By.cssSelector("td[data-column='bloctel_registered']"));
        assertThat(bloctel.getAttribute("class")).contains("bad-cell");
        assertThat(bloctel.getText()).contains("PEUT-ÊTRE");
        assertThat(bad.findElement(By.cssSelector("td[data-column='consent_email_given_on']")).getText()).contains("31/02/2026");
        assertThat(bad.findElement(By.cssSelector("td[data-column='email']")).getAttribute("class")).doesNotContain("bad-cell");
        assertThat(browser.driver().findElement(By.id("warnings")).getText()).contains("Civilité");
        accessible("preview");
        fullScreenshot("21-profile-preview");

        // an edit tried on the file from the editor, unsaved: "PEUT-ÊTRE" read as not registered, one problem left
        browser.open("/console/profiles/dataplus-b2c");
        setJson(BrokerFile.PROFILE.replace("{\"VRAI\": \"true\", \"FAUX\": \"false\"}}", "{\"VRAI\": \"true\", \"FAUX\": \"false\", \"PEUT-ÊTRE\": \"false\"}}"));
        browser.driver().findElement(By.id("try-records")).sendKeys(file.toAbsolutePath().toString());
        browser.driver().findElement(By.id("preview-edited")).click();
        assertThat(browser.waitFor(By.id("read-with")).getText()).contains("Lu avec le profil non enregistré dataplus-b2c");
        assertThat(new Select(browser.driver().findElement(By.id("choice"))).getFirstSelectedOption().getText()).isEqualTo("Profil non enregistré (texte ci-dessous)");
        assertThat(cell(7, "bloctel_registered")).isEqualTo("false");
        assertThat(row(7).findElement(By.cssSelector("td[data-column='consent_email_given_on']")).getText()).contains("31/02/2026");
        accessible("preview of an edit");

        // a colleague changes the profile while her page is open: her save, made on version 1, is refused naming him
        browser.open("/console/profiles/dataplus-b2c");
        browser.waitFor(By.id("profile-json"));
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/api/v1/profiles/dataplus-b2c"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json").header("If-Match", "\"1\"")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(BrokerFile.PROFILE.replace("Export Excel B2C de DataPlus", "revu par Bob")))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        setJson(BrokerFile.PROFILE.replace("Export Excel B2C de DataPlus", "revu par Alice"));
        browser.driver().findElement(By.id("save")).click();
        assertThat(browser.waitFor(By.id("refusal")).getText()).contains("en est à la version 2, modifiée par test-admin");
        assertThat(browser.driver().findElement(By.id("profile-json")).getAttribute("value")).contains("revu par Alice");
        assertThat(browser.driver().findElement(By.id("history")).getText()).contains("modification");
        accessible("stale edit");

        browser.open("/console/profiles");
        assertThat(browser.waitFor(By.cssSelector("tr[data-profile='dataplus-b2c']")).getText()).contains("2").contains("test-admin");
        accessible("profiles");
        browser.screenshot("22-profiles");

        // whoever runs jobs picks the profile on the bulk page, which links to the preview
        signOut();
        signIn("Eve", EVALUATOR);
        browser.open("/console/bulk?profile=dataplus-b2c");
        assertThat(new Select(browser.waitFor(By.id("profile"))).getFirstSelectedOption().getText()).isEqualTo("dataplus-b2c · DataPlus (v2)");
        accessible("bulk with a profile");
        browser.driver().findElement(By.id("records")).sendKeys(file.toAbsolutePath().toString());
        browser.driver().findElement(By.id("start")).click();
        assertThat(browser.waitFor(By.id("job-profile")).getText()).isEqualTo("Lu avec le profil dataplus-b2c, version 2");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(60)).until(d -> d.findElement(By.id("job-result")));
        assertThat(browser.driver().findElement(By.id("evaluated")).getText()).isEqualTo("3");
        assertThat(browser.driver().findElement(By.id("rejected")).getText()).isEqualTo("1");
        browser.open("/console/bulk");
        assertThat(browser.leavePage(() -> browser.waitFor(By.id("bulk-preview")).click()).getText()).isEqualTo("Prévisualiser un fichier");
        signOut();
        signIn("Alice Martin", EDITOR);

        // deleted once confirmed; the browser will not send the form unticked
        browser.open("/console/profiles/dataplus-b2c");
        browser.waitFor(By.id("delete")).click();
        assertThat(browser.driver().getCurrentUrl()).endsWith("/console/profiles/dataplus-b2c");
        browser.driver().findElement(By.id("delete-confirm")).click();
        browser.driver().findElement(By.id("delete")).click();
        assertThat(browser.waitFor(By.id("deleted")).getText()).contains("dataplus-b2c");
        assertThat(browser.driver().findElement(By.id("no-profiles")).isDisplayed()).isTrue();
        // its history stays readable: how past files were read
        assertThat(browser.leavePage(() -> browser.driver().findElement(By.id("deleted-history")).click()).getText()).isEqualTo("Profil dataplus-b2c (supprimé)");
        assertThat(browser.driver().findElements(By.cssSelector("#history tbody tr")).stream().map(r -> r.getAttribute("data-kind")).toList())
                .containsExactly("CREATED", "UPDATED", "DELETED");
        assertThat(browser.driver().findElements(By.id("profile-form"))).isEmpty();
        accessible("deleted profile");
    }

    private void setJson(String text) {
        WebElement area = browser.waitFor(By.id("profile-json"));
        browser.script("arguments[0].value = arguments[1];", area, text);
    }

    private WebElement row(long line) {
        return browser.driver().findElement(By.cssSelector("#preview-table tr[data-line='" + line + "']"));
    }

    private String cell(long line, String column) {
        return row(line).findElement(By.cssSelector("td[data-column='" + column + "'] .value")).getText();
    }

    private void signIn(String name, String key) {
        browser.open("/console/login");
        browser.type(By.id("name"), name);
        browser.driver().findElement(By.id("key")).sendKeys(key);
        browser.driver().findElement(By.id("key")).sendKeys(Keys.ENTER);
        browser.waitFor(By.tagName("h1"));
    }

    private void signOut() {
        browser.open("/console");
        browser.leavePage(() -> browser.driver().findElement(By.cssSelector("form.inline button")).click());
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

    /** No script error or refused resource, every control labelled, every text at WCAG AA contrast. */
    private void accessible(String page) {
        assertThat(browser.consoleErrors()).as(page + ": errors in the browser console").isEmpty();
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.script("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                  .map(e => e.name || e.id);""");
        assertThat(unlabelled).as(page + ": form controls without a label").isEmpty();
        @SuppressWarnings("unchecked")
        List<String> lowContrast = (List<String>) browser.script(ConsoleBrowserTest.CONTRAST);
        assertThat(lowContrast).as(page + ": texts below WCAG AA contrast").isEmpty();
    }
}
