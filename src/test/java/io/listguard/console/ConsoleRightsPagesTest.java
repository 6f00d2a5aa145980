package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.api.SecurityProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's "Droits des personnes" page over real HTTP: reachable from the navigation by auditors only, a person
 * found by a posted form (never a URL), everything held about them on a printable sheet in French (or English),
 * restricted and lifted from the page, with the place left for the erasure action.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleRightsPagesTest {

    static final String ADMIN = "test-admin-key-0123456789";
    static final String AUDITOR = "test-auditor-key-0123456789";
    static final String EVALUATOR = "test-evaluator-key-0123456789";

    @LocalServerPort
    int port;

    @Test
    void anAuditorFindsPrintsRestrictsAndLiftsAPerson() throws Exception {
        assertThat(SecurityProbe.postJson(port, ADMIN, "/api/v1/evaluations", Files.readString(Path.of("docs/examples/evaluation-request.json"))))
                .isEqualTo(200);
        ConsoleSession auditor = ConsoleSession.signIn(port, "Paul", AUDITOR);
        assertThat(auditor.get("/console").body()).contains("href=\"/console/rights\"").contains(">Droits des personnes<");
        ConsoleSession evaluator = ConsoleSession.signIn(port, "Eve", EVALUATOR);
        assertThat(evaluator.get("/console").body()).doesNotContain("/console/rights");
        assertThat(evaluator.get("/console/rights").status()).isEqualTo(403);

        ConsoleSession.Page form = auditor.get("/console/rights");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<form action=\"/console/rights\" method=\"post\"").contains("Aucune limitation enregistrée.");

        ConsoleSession.Page sheet = auditor.post("/console/rights", Map.of("email", " Jean.Dupont@Example.org "));
        assertThat(sheet.status()).isEqualTo(200);
        String body = sheet.body();
        assertThat(body).contains("Ce que listguard conserve sur cette personne").containsPattern("\\d+ ligne\\(s\\) d’évaluation conservée\\(s\\)")
                .contains(">r-2<").contains(">1950-03-02<").contains(">form-991#2025-11-12T18:40Z<").contains("RETIRED")
                .contains("@pseudonymised.invalid").contains(">Exclue<").contains("Traitement non limité.")
                .contains("id=\"rights-print\"").contains(">Imprimer<").contains("id=\"rights-erase\"")
                .contains("class=\"rights\"");
        assertThat(body.replaceAll("<input [^>]*>", "")).as("the identifier only in the page's own forms")
                .doesNotContainIgnoringCase("jean.dupont");
        assertThat(new String(auditor.download("/console/assets/console.css"))).contains("@media print").contains("body.rights .noprint");
        assertThat(auditor.post("/console/rights", Map.of()).body()).contains("id=\"rights-problem\"");
        assertThat(auditor.post("/console/rights?lang=en", Map.of("email", "jean.dupont@example.org")).body())
                .contains("What listguard holds about this person");
        auditor.get("/console/rights?lang=fr"); // the chosen language stays with the session: back to French

        // restrict, from the page: recorded with who and the basis, then the person's records are excluded
        assertThat(auditor.post("/console/rights/restrict", Map.of("email", "jean.dupont@example.org", "reason", "")).body())
                .contains("id=\"rights-action-problem\"");
        ConsoleSession.Page restricted = auditor.post("/console/rights/restrict", Map.of("email", "Jean.Dupont@example.org",
                "reason", "exactitude contestée", "legalBasis", "RGPD art. 18(1)(a)"));
        assertThat(restricted.body()).contains("Le traitement des données de cette personne est limité")
                .contains("Traitement limité (RGPD art. 18)").contains(">RGPD art. 18(1)(a)<").contains("Paul (via test-auditor)")
                .doesNotContain("id=\"rights-restrict\"");
        String listed = SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/records/restrictions").body();
        assertThat(listed).contains("\"restrictedBy\":\"Paul (via test-auditor)\"").contains("\"reason\":\"exactitude contestée\"");
        long id = Long.parseLong(listed.replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));

        ConsoleSession.Page lifted = auditor.post("/console/rights/lift", Map.of("email", "jean.dupont@example.org", "id", String.valueOf(id),
                "reason", "exactitude vérifiée"));
        assertThat(lifted.body()).contains("La limitation est levée.").contains("Traitement non limité.").contains("exactitude vérifiée");
        assertThat(auditor.post("/console/rights/lift", Map.of("id", String.valueOf(id), "reason", "once more")).body())
                .contains("Cette limitation n’est pas active");
        assertThat(SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/records/restrictions").body()).isEqualTo("[]");

        // erase (art. 17), from the page: refused unconfirmed; then the rows go, the chain still verifies, the objection is kept
        assertThat(auditor.post("/console/rights/erase", Map.of("email", "jean.dupont@example.org", "legalBasis", "RGPD art. 17(1)(c)")).body())
                .contains("id=\"rights-erase-problem\"").contains("cochez la confirmation");
        assertThat(auditor.post("/console/rights/erase", Map.of("email", "jean.dupont@example.org", "legalBasis", "x".repeat(501),
                "confirm", "true")).body()).as("a legal basis too long for the register is refused, not a server error").contains("id=\"rights-erase-problem\"");
        assertThat(auditor.post("/console/rights", Map.of("email", "jean.dupont@example.org")).body()).contains(">r-2<");
        ConsoleSession.Page erased = auditor.post("/console/rights/erase", Map.of("email", "Jean.Dupont@example.org",
                "legalBasis", "RGPD art. 17(1)(c)", "objected", "true", "confirm", "true"));
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body()).contains("id=\"rights-erased\"").containsPattern("Effacement enregistré \\(entrée \\d+ de la piste d’audit\\) : [1-9]\\d* ligne\\(s\\) effacée\\(s\\)")
                .contains("Ses coordonnées sont sur la liste d’opposition.")
                .contains("Aucune évaluation terminée conservée ne concerne cette personne.").doesNotContain(">r-2<");
        assertThat(SecurityProbe.postJson(port, AUDITOR, "/api/v1/suppressions/lookup", "{\"email\": \"jean.dupont@example.org\"}")).isEqualTo(200);
        assertThat(SecurityProbe.call(port, AUDITOR, "GET", "/api/v1/audit/verify").body()).contains("\"ok\":true");
    }
}
