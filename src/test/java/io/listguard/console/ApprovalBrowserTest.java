package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Four eyes in Chromium, end to end, with two people signed in through a real OpenID Connect provider
 * (mock-oauth2-server): Alice signs in with her account, uploads a change, is refused its activation and her own
 * approval; Bob signs in with his, approves and schedules it, cancels the schedule, then approves-and-activates a
 * second candidate; the version's page lists every step with the kind of identity. Photographed for docs/console.md.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.policy.approvals=1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalBrowserTest {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start();
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.client.provider.corp.issuer-uri", () -> PROVIDER.issuerUrl("corp").toString());
        registry.add("spring.security.oauth2.client.registration.corp.client-id", () -> "listguard");
        registry.add("spring.security.oauth2.client.registration.corp.client-secret", () -> "listguard-secret");
        registry.add("spring.security.oauth2.client.registration.corp.client-name", () -> "Corp SSO");
        registry.add("spring.security.oauth2.client.registration.corp.scope", () -> "openid,profile,email");
    }

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
    void stop() {
        if (browser != null) {
            browser.close();
        }
        PROVIDER.shutdown();
    }

    private void signIn(String subject, String name, String username) {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("corp", subject, "JWT", List.of("listguard"),
                Map.of("name", name, "preferred_username", username, "roles", List.of("POLICY_EDITOR")), 3600));
        browser.open("/console/login");
        assertThat(browser.leavePage(() -> browser.waitFor(By.id("oidc-corp")).click()).getText()).isEqualTo("Bonjour " + name);
    }

    private void signOut() {
        browser.open("/console");
        browser.leavePage(() -> browser.driver().findElement(By.cssSelector("form.inline button")).click());
    }

    private String upload(String price, String comment) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("p" + price)).set("list-quality.xlsx", "Prix", "D14", price);
        browser.open("/console/policies");
        browser.type(By.id("files"), copy.policies.resolve("list-quality.xlsx").toAbsolutePath().toString());
        browser.driver().findElement(By.id("comment")).sendKeys(comment);
        browser.driver().findElement(By.id("upload")).click();
        String candidate = browser.waitFor(By.id("candidate")).getText().replaceAll(".*(v\\d+).*", "$1");
        assertThat(browser.driver().findElement(By.id("approvals-needed")).getText()).contains("1 personne(s) autre(s) que son auteur");
        return candidate;
    }

    @Test
    void aChangeGoesLiveOnlyOnceSomeoneElseApprovedItAndEveryStepShowsWhoAndHow() {
        browser.open("/console/login");
        assertThat(browser.waitFor(By.id("oidc-corp")).getText()).isEqualTo("Se connecter avec Corp SSO");
        accessible("sign-in with OIDC");
        browser.screenshot("16-sign-in-oidc");

        signIn("alice-0001", "Alice Martin", "alice");
        String v2 = upload("95", "Seuil e-mail abaissé à 95 EUR");
        browser.driver().findElement(By.id("candidate-page")).click();
        browser.type(By.id("reason"), "mise en production");
        browser.driver().findElement(By.id("activate")).click();
        assertThat(browser.waitFor(By.id("refusal")).getText()).contains("qu’après 1 approbation(s)");
        browser.type(By.id("approval-reason"), "relu par moi-même");
        browser.driver().findElement(By.id("approve")).click();
        assertThat(browser.waitFor(By.id("refusal")).getText()).contains("Vous êtes l’auteur de la version " + v2);
        signOut();

        signIn("bob-0002", "Bob Durand", "bob");
        browser.open("/console/policies/versions/" + v2);
        assertThat(browser.waitFor(By.id("approvals-title")).getText()).isEqualTo("Approbations : 0 sur 1 requise(s)");
        browser.driver().findElement(By.id("approval-reason")).sendKeys("Seuil revu avec le DPO");
        browser.driver().findElement(By.id("approve")).click();
        assertThat(browser.waitFor(By.id("approved")).getText()).contains(v2);
        assertThat(browser.driver().findElement(By.id("approval-list")).getText()).contains("Bob Durand (via oidc:bob)").contains("compte OIDC")
                .contains("Seuil revu avec le DPO");
        // scheduled for the day the law takes effect, then cancelled
        browser.script("document.getElementById('schedule-at').value = '2031-07-01T00:00';");
        browser.driver().findElement(By.id("schedule-reason")).sendKeys("Entrée en vigueur de la loi au 1er juillet 2031");
        browser.driver().findElement(By.id("schedule-confirm")).click(); // the upload recorded no base: the replaced row is confirmed
        browser.driver().findElement(By.id("schedule")).click();
        assertThat(browser.waitFor(By.id("scheduled")).getText()).contains("01/07/2031 00:00:00 (heure de Paris)");
        assertThat(browser.driver().findElement(By.id("schedules")).getText()).contains("en attente").contains("Bob Durand (via oidc:bob)");
        accessible("version with approvals and a schedule");
        fullScreenshot("17-approved-and-scheduled");
        browser.open("/console/policies");
        assertThat(browser.waitFor(By.id("pending-schedules")).getText()).contains(v2).contains("01/07/2031 00:00:00 (heure de Paris)");
        browser.open("/console/policies/versions/" + v2);
        String scheduleId = browser.waitFor(By.cssSelector("#schedules tbody tr")).getAttribute("data-schedule");
        browser.driver().findElement(By.id("cancel-reason-" + scheduleId)).sendKeys("Loi reportée");
        browser.driver().findElement(By.id("cancel-" + scheduleId)).click();
        assertThat(browser.waitFor(By.id("cancelled")).getText()).contains(scheduleId);
        assertThat(browser.driver().findElement(By.id("schedules")).getText()).contains("annulée").contains("Loi reportée");

        // and activated now, by its approver
        browser.driver().findElement(By.id("reason")).sendKeys("Approuvée par Bob");
        browser.driver().findElement(By.id("confirm")).click();
        browser.driver().findElement(By.id("activate")).click();
        assertThat(browser.waitFor(By.id("activated")).getText()).contains(v2);

        browser.open("/console/policies/versions/" + v2);
        List<String> steps = browser.waitFor(By.id("events")).findElements(By.cssSelector("tbody tr")).stream()
                .map(r -> r.getAttribute("data-kind") + " " + r.findElements(By.tagName("td")).get(2).getText() + " "
                        + r.findElements(By.tagName("td")).get(3).getText()).toList();
        assertThat(steps).containsExactly(
                "UPLOADED Alice Martin (via oidc:alice) compte OIDC",
                "ACTIVATION_REFUSED Alice Martin (via oidc:alice) compte OIDC",
                "APPROVAL_REFUSED Alice Martin (via oidc:alice) compte OIDC",
                "APPROVED Bob Durand (via oidc:bob) compte OIDC",
                "SCHEDULED Bob Durand (via oidc:bob) compte OIDC",
                "SCHEDULE_CANCELLED Bob Durand (via oidc:bob) compte OIDC",
                "ACTIVATED Bob Durand (via oidc:bob) compte OIDC");
        // refusals read in the page's language
        assertThat(browser.driver().findElement(By.id("events")).getText()).contains("Vous êtes l’auteur de la version " + v2)
                .contains("qu’après 1 approbation(s)");
        accessible("version's steps");
        fullScreenshot("18-every-step-with-its-identity");
    }

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

    private void fullScreenshot(String name) {
        var size = browser.driver().manage().window().getSize();
        long height = (Long) browser.script("return document.documentElement.scrollHeight;");
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(height + 120, 4000)));
        browser.script("window.scrollTo(0, 0);");
        browser.screenshot(name);
        browser.driver().manage().window().setSize(size);
    }
}
