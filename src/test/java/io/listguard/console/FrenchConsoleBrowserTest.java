package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.SyntheticFile;
import io.listguard.policy.WorkingCopy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue 16's "done when" for the console: a French user never sees English. Headless Chromium signs in and walks
 * the console in French (home, policies, a candidate's report, a version, its diff and a sheet of its source, the
 * try page with an evaluation, the evaluations, one evaluation, one record, a bulk job, the profiles, a person's
 * lookup) and fails on any common English word in what the page shows: its visible text (closed details opened),
 * its title, and its title, aria-label, placeholder and alt attributes, naming the page and the sentence.
 *
 * <p>Codes and proper names are not English text: UPPER_SNAKE codes and enum values ({@code NO_CONSENT},
 * {@code APPROVED}), rule ids and tokens with digits ({@code R21a}, {@code v2}, {@code C14}), file names and paths,
 * emails, URLs, dotted or camelCase identifiers ({@code listguard.policy.watch}, {@code evaluatedAt}), hyphenated
 * identifiers ({@code dataplus-b2c}), the text of {@code code}, {@code pre} and {@code textarea} elements (JSON, CSV
 * examples) and the {@link #ALLOWED} names. Words that French spells the same ("version", "message", "date",
 * "source", "type", "code", "page", "contactable", "on", "or", "a", "but", "an", "as") are not in {@link #ENGLISH}.
 *
 * <p>{@link #OTHER_HELPERS} lists the elements whose text comes from other parts of issue 16 (finding messages and
 * legal references from the policy workbooks, scenario and coverage texts, the workbooks' sheet names, rule names):
 * their English is reported, not failed, until those parts land; each entry must still
 * show English somewhere in the walk, so that an entry made obsolete fails the test and is removed at merge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.console.replay-limit=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrenchConsoleBrowserTest {

    static final String ADMIN = "test-admin-key-0123456789";
    static final String EVALUATOR = "test-evaluator-key-0123456789";

    /** Common English words that are not also French words: one of them in the visible text fails the page. */
    static final Set<String> ENGLISH = Set.of(
            "the", "and", "is", "are", "was", "were", "be", "been", "not", "of", "with", "without", "to", "for", "from", "by", "at", "in",
            "into", "it", "its", "if", "this", "that", "these", "those", "there", "here", "has", "have", "had", "will", "can", "cannot",
            "must", "should", "would", "could", "may", "no", "yes", "all", "any", "none", "only", "each", "every", "which", "when",
            "where", "what", "who", "how", "why", "your", "you", "their", "our", "than", "then", "more", "less", "after", "before",
            "policy", "policies", "record", "records", "file", "files", "campaign", "campaigns", "search", "sign", "signed", "upload",
            "uploaded", "download", "downloads", "evaluate", "evaluated", "evaluation", "evaluations", "rejected", "refused", "approved",
            "excluded", "found", "failed", "passed", "error", "errors", "warning", "warnings", "sheet", "sheets", "row", "rows", "line",
            "lines", "cell", "cells", "rule", "rules", "finding", "findings", "reason", "reasons", "legal", "basis", "job", "jobs",
            "bulk", "state", "step", "scheduled", "changed", "check", "checked", "show", "shown", "open", "read",
            "previous", "next", "back", "home", "welcome", "hello", "try", "start", "started", "stop", "delete", "deleted", "save",
            "saved", "new", "edit", "profile", "profiles", "preview", "provider", "header", "name", "day", "days", "time", "per",
            "left", "consent", "consents", "given", "proof", "out", "phone", "person", "people", "address",
            "agreement", "contract", "price", "below", "above", "market", "missing", "unknown", "required", "received", "replay",
            "replayed", "scenario", "scenarios", "coverage", "covered", "exercised", "fired", "decision", "decisions",
            "approval", "approvals", "activate", "activated", "withdraw", "withdrawn", "merge", "merged",
            "keep", "kept", "choose", "choice", "value", "values", "column", "columns", "list", "lists", "facts",
            "author", "caller", "result", "results", "summary", "details", "inputs", "opted",
            "suppressed", "granted", "refresh", "progress", "done", "running", "queued", "completed",
            "cancelled", "identity", "key", "keys", "skip", "language");

    /** Proper names and product words that may appear in French text as they are. */
    static final Set<String> ALLOWED = Set.of("listguard", "Bloctel", "CNIL", "RGPD", "CPCE", "Excel", "LibreOffice", "OpenAPI", "OIDC",
            "JSON", "CSV", "NDJSON", "DRL", "Drools", "API", "REST", "gzip", "xlsx", "UTF", "EUR", "DPO", "FR", "EN");

    /**
     * Elements whose English text comes from other helpers of issue 16 (their areas, not the console's): CSS selector
     * and whose text it is. Reported while English; removed once French (the test then says so).
     */
    static final Map<String, String> OTHER_HELPERS = new LinkedHashMap<>();

    static {
        // empty since issue 16 landed whole: any English in the walk fails the test
    }

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    Browser browser;
    /** Sentences in English, by page, found outside the elements of {@link #OTHER_HELPERS}. */
    final Map<String, List<String>> english = new LinkedHashMap<>();
    /** English found inside the elements of {@link #OTHER_HELPERS}, by selector. */
    final Map<String, Set<String>> pending = new LinkedHashMap<>();

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
    void theDetectorFlagsEnglishAndLetsFrenchCodesAndNamesThrough() {
        assertThat(englishWords("Sign in with your API key.")).containsExactly("sign", "in", "with", "your", "key");
        assertThat(englishWords("Politique active : version v1, compilée le 01/12/2026 22:59:26 (heure de Paris), 12 règles.")).isEmpty();
        assertThat(englishWords("Motifs : NO_CONSENT, R21a, policies/consent-regime.xlsx, claire.martin@example.org, "
                + "https://example.org/policy, listguard.policy.watch, evaluatedAt, dataplus-b2c, Bloctel, CNIL")).isEmpty();
        assertThat(englishWords("The price is below the market for email files")).contains("the", "price", "is", "below", "market", "files");
    }

    @Test
    void aFrenchUserWalksTheWholeConsoleWithoutMeetingEnglish() throws Exception {
        // an evaluation by an application, so that the lists have something in them
        var client = java.net.http.HttpClient.newHttpClient();
        var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/evaluations"))
                .header("Authorization", "Bearer " + EVALUATOR).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of("docs/examples/evaluation-request.json"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        browser.open("/console/login");
        check("sign-in");
        browser.type(By.id("name"), "Claire Dupont");
        browser.driver().findElement(By.id("key")).sendKeys(ADMIN);
        browser.leavePage(() -> browser.driver().findElement(By.id("key")).sendKeys(Keys.ENTER));
        browser.open("/console");
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Bonjour Claire Dupont");
        check("home");

        browser.open("/console/policies");
        browser.waitFor(By.id("active-title"));
        check("policies");

        // a changed workbook: the candidate's report (checks, scenarios, coverage, impact on past evaluations)
        WorkingCopy changed = new WorkingCopy(tmp.resolve("changed"));
        String quality = "list-quality.xlsx";
        changed.set(quality, io.listguard.policy.SheetView.sheetNames(Files.readAllBytes(changed.policies.resolve(quality))).stream()
                .filter(s -> s.equals("Prix") || s.equals("Prix")).findFirst().orElseThrow(), "D14", "95");
        browser.open("/console/policies");
        browser.type(By.id("files"), changed.policies.resolve(quality).toAbsolutePath().toString());
        browser.driver().findElement(By.id("comment")).sendKeys("Seuil de prix e-mail abaissé à 95 EUR");
        browser.leavePage(() -> browser.driver().findElement(By.id("upload")).click());
        assertThat(browser.waitFor(By.id("candidate")).getText()).contains("v2");
        check("candidate report");

        browser.driver().findElement(By.id("diff-candidate")).click();
        browser.waitFor(By.cssSelector("table.diff"));
        check("diff");

        browser.open("/console/policies/versions/v2");
        browser.waitFor(By.id("version-files"));
        check("version");
        browser.leavePage(() -> browser.driver().findElement(By.cssSelector("#version-files .sheets a")).click());
        browser.waitFor(By.id("sheet"));
        check("source (sheet)");

        browser.open("/console/try");
        browser.waitFor(By.id("evaluate")).click();
        browser.waitFor(By.id("decision"));
        check("try, with an evaluation");
        // a records file with rejected lines and an unknown column: the bulk reader's reasons and warnings in French
        Path badLines = tmp.resolve("lignes.csv");
        Files.writeString(badLines, "id,kind,birth_date,couleur\nr-1,PERSON,1980-13-45,bleu\nr-2,PERSON\n");
        browser.open("/console/try");
        browser.driver().findElement(By.id("records")).sendKeys(badLines.toAbsolutePath().toString());
        browser.leavePage(() -> browser.driver().findElement(By.id("evaluate")).click());
        assertThat(browser.waitFor(By.id("problems")).getText()).contains("n’est pas une date valide").contains("colonnes alors que l’en-tête en a");
        check("try, with rejected lines");

        browser.open("/console/evaluations");
        browser.waitFor(By.id("evaluations"));
        check("evaluations");
        browser.leavePage(() -> browser.driver().findElement(By.cssSelector("#evaluations tbody tr a")).click());
        browser.waitFor(By.id("decision"));
        check("evaluation");
        WebElement excluded = browser.driver().findElements(By.cssSelector("#verdicts tbody tr")).stream()
                .filter(r -> r.getText().contains("non")).findFirst().orElseThrow();
        browser.leavePage(() -> excluded.findElement(By.tagName("a")).click());
        browser.waitFor(By.id("verdict"));
        check("record");

        browser.open("/console/evaluations");
        browser.type(By.id("lookup-email"), "claire.martin@example.org");
        browser.leavePage(() -> browser.driver().findElement(By.id("lookup-email")).sendKeys(Keys.ENTER));
        browser.waitFor(By.id("lookup-found"));
        check("lookup");

        Path records = tmp.resolve("prospects.csv");
        try (OutputStream out = Files.newOutputStream(records)) {
            SyntheticFile.write(out, 2_000, 7);
        }
        browser.open("/console/bulk");
        check("bulk");
        browser.driver().findElement(By.id("records")).sendKeys(records.toAbsolutePath().toString());
        browser.leavePage(() -> browser.driver().findElement(By.id("start")).click());
        new WebDriverWait(browser.driver(), Duration.ofSeconds(120)).until(d -> d.findElement(By.id("job-result")));
        check("bulk job");
        browser.open("/console/bulk");
        browser.waitFor(By.id("jobs"));
        check("bulk jobs");

        browser.open("/console/profiles");
        browser.waitFor(By.tagName("h1"));
        check("profiles");
        browser.open("/console/profiles/preview");
        browser.waitFor(By.tagName("h1"));
        check("profile preview");

        browser.open("/console/evaluations/no-such-evaluation");
        assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Introuvable");
        check("not found");

        pending.forEach((selector, words) -> System.out.println("[issue 16] English left to " + OTHER_HELPERS.get(selector) + ": " + words));
        assertThat(english).as("English in the console, by page (sentence ← English words)").isEmpty();
        // an entry of OTHER_HELPERS that shows no English any more is obsolete: remove it, so that its text is checked too
        assertThat(OTHER_HELPERS.keySet().stream().filter(s -> !pending.containsKey(s)).map(OTHER_HELPERS::get).toList())
                .as("OTHER_HELPERS entries now French: remove them").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Collects the page's English: outside OTHER_HELPERS' elements into {@link #english}, inside into {@link #pending}. */
    @SuppressWarnings("unchecked")
    private void check(String page) {
        assertThat((String) browser.script("return document.documentElement.lang;")).as(page + ": lang").isEqualTo("fr");
        browser.script("document.querySelectorAll('details').forEach(d => d.open = true);");
        Map<String, Object> texts = (Map<String, Object>) browser.script("""
                const foreign = arguments[0];
                const marked = new Set();
                const inside = {};
                for (const selector of foreign) {
                  inside[selector] = [];
                  document.querySelectorAll(selector).forEach(e => { marked.add(e); inside[selector].push(e.innerText); });
                }
                // the page's own text: hide what is foreign or code, read what is left, show it again
                const hidden = [];
                const hide = e => { hidden.push([e, e.style.visibility]); e.style.visibility = 'hidden'; };
                marked.forEach(hide);
                document.querySelectorAll('code, pre, textarea, kbd, samp').forEach(hide);
                const visible = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                  const el = n.parentElement;
                  if (!n.textContent.trim() || !el || !el.checkVisibility({visibilityProperty: true})) continue;
                  visible.push(n.textContent);
                }
                hidden.reverse().forEach(([e, v]) => e.style.visibility = v);
                const attributes = [];
                document.querySelectorAll('[title], [aria-label], [placeholder], [alt]').forEach(e => {
                  if (e.closest('code, pre, textarea')) return;
                  for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (e.getAttribute(a)) attributes.push(e.getAttribute(a));
                });
                return {visible: visible, attributes: attributes, title: document.title, inside: inside};""",
                new ArrayList<>(OTHER_HELPERS.keySet()));
        List<String> own = new ArrayList<>((List<String>) texts.get("visible"));
        own.addAll((List<String>) texts.get("attributes"));
        own.add((String) texts.get("title"));
        for (String text : own) {
            for (String sentence : sentences(text)) {
                List<String> words = englishWords(sentence);
                if (!words.isEmpty()) {
                    english.computeIfAbsent(page, p -> new ArrayList<>()).add(sentence + " ← " + words);
                }
            }
        }
        ((Map<String, List<String>>) texts.get("inside")).forEach((selector, found) -> found.forEach(text -> {
            List<String> words = englishWords(text);
            if (!words.isEmpty()) {
                pending.computeIfAbsent(selector, s -> new LinkedHashSet<>()).add(page + ": " + words);
            }
        }));
    }

    private static List<String> sentences(String text) {
        List<String> sentences = new ArrayList<>();
        for (String s : text.split("\\n|(?<=[.;!?])\\s+")) {
            if (!s.isBlank()) {
                sentences.add(s.strip());
            }
        }
        return sentences;
    }

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_@/:#.'’+=-]+");

    /** The English words of a sentence, once codes, names and identifiers are set aside. */
    static List<String> englishWords(String sentence) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(sentence);
        while (m.find()) {
            String token = m.group().replaceAll("^[.:'’#/+=-]+|[.:'’#/+=-]+$", "");
            if (token.isEmpty() || isCode(token) || ALLOWED.contains(token)) {
                continue;
            }
            // an apostrophe joins a French elision (l’API, d’opposition) or an English contraction (isn't): each part is a word
            for (String part : token.split("['’]")) {
                String word = part.toLowerCase(Locale.ROOT);
                if (!part.isEmpty() && !ALLOWED.contains(part) && ENGLISH.contains(word)) {
                    found.add(word);
                }
            }
        }
        return found;
    }

    private static boolean isCode(String token) {
        return token.matches("[A-Z0-9_]{2,}") // UPPER_SNAKE codes, enum values, acronyms
                || token.matches(".*\\d.*") // rule ids (R21a), versions (v2), cells (C14), dates, numbers
                || token.contains("@") || token.contains("/") || token.contains("_") // emails, paths and URLs, snake_case fields
                || token.matches(".*[.:].*") // dotted identifiers, file names (x.xlsx), properties, times
                || token.matches("[a-z]+[A-Z].*") // camelCase identifiers (evaluatedAt)
                || token.contains("-"); // hyphenated identifiers (dataplus-b2c) and French compounds (e-mail)
    }
}
