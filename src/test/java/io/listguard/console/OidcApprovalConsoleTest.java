package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.evaluation.ActivePolicy;
import io.listguard.lifecycle.PolicyEvent;
import io.listguard.lifecycle.PolicyEvents;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Four eyes in the console with people signed in through a real OpenID Connect provider (mock-oauth2-server,
 * started by the test; the authorization-code flow runs over HTTP, redirects followed with cookies). With
 * listguard.policy.approvals=1, Alice uploads a change and can neither activate it nor approve it; Bob, another
 * account, approves and activates it; every step is recorded with the OIDC identity of who took it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.policy.approvals=1")
class OidcApprovalConsoleTest {

    static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start(); // before the context: Spring reads the provider's metadata when it starts
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.client.provider.corp.issuer-uri", () -> PROVIDER.issuerUrl("corp").toString());
        registry.add("spring.security.oauth2.client.registration.corp.client-id", () -> "listguard");
        registry.add("spring.security.oauth2.client.registration.corp.client-secret", () -> "listguard-secret");
        registry.add("spring.security.oauth2.client.registration.corp.client-name", () -> "Corp SSO");
        registry.add("spring.security.oauth2.client.registration.corp.scope", () -> "openid,profile,email");
        // roles from the token's "roles" claim, and one account given a role by configuration
        registry.add("listguard.security.oidc.users.AUDITOR", () -> "dpo@example.org");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.shutdown();
    }

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    @Autowired
    ActivePolicy evaluations;
    @Autowired
    PolicyEvents events;

    /** The next sign-in at the provider is this account. */
    private static void nextAccount(String subject, Map<String, Object> claims) {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("corp", subject, "JWT", List.of("listguard"), claims, 3600));
    }

    private ConsoleSession signIn(String subject, Map<String, Object> claims, AtomicReference<String> landedOn) {
        nextAccount(subject, claims);
        return ConsoleSession.signInWithOidc(port, "corp", landedOn::set);
    }

    @Test
    void twoPeopleSignedInWithOidcTheAuthorCannotGoAloneAndTheSecondApprovesAndActivates() {
        // the sign-in page offers the provider
        assertThat(ConsoleSession.anonymous(port).get("/console/login").body()).contains("Se connecter avec Corp SSO")
                .contains("/console/oauth2/authorization/corp");

        AtomicReference<String> landed = new AtomicReference<>();
        ConsoleSession alice = signIn("alice-0001", Map.of("name", "Alice Martin", "preferred_username", "alice", "email", "alice@example.org",
                "roles", List.of("POLICY_EDITOR")), landed);
        assertThat(landed.get()).endsWith("/console");
        String home = alice.get("/console").body();
        assertThat(home).contains("Bonjour Alice Martin").contains("oidc:alice");

        WorkingCopy copy = new WorkingCopy(tmp.resolve("alice")).set("list-quality.xlsx", "Prix", "D14", "95");
        ConsoleSession.Page report = alice.postMultipart("/console/policies/upload", Map.of("comment", "email price 95"),
                List.of(new ConsoleSession.Upload("files", "list-quality.xlsx", copy.bytes("list-quality.xlsx"))));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("id=\"candidate\"").contains("v2").contains("id=\"approvals-needed\"");

        // the author alone: activation refused, on the version's page, with the reason
        ConsoleSession.Page alone = alice.post("/console/policies/versions/v2/activate", Map.of("reason", "go live"));
        assertThat(alone.status()).isEqualTo(409);
        assertThat(alone.body()).contains("id=\"refusal\"").contains("qu’après 1 approbation(s) par d’autres personnes que son auteur ; elle en a 0");
        assertThat(evaluations.current().policy().versionId()).isEqualTo("v1");
        // nor may she approve her own change
        ConsoleSession.Page own = alice.post("/console/policies/versions/v2/approve", Map.of("reason", "I checked it myself"));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.body()).contains("Vous êtes l’auteur de la version v2");
        assertThat(evaluations.current().policy().versionId()).isEqualTo("v1");

        // another account: Bob approves and activates
        ConsoleSession bob = signIn("bob-0002", Map.of("name", "Bob Durand", "preferred_username", "bob", "email", "bob@example.org",
                "roles", List.of("POLICY_EDITOR")), landed);
        assertThat(landed.get()).endsWith("/console");
        String page = bob.get("/console/policies/versions/v2").body();
        assertThat(page).contains("Approbations : 0 sur 1 requise(s)").contains("id=\"approve\"");
        ConsoleSession.Page approved = bob.post("/console/policies/versions/v2/approve", Map.of("reason", "seuil revu avec le DPO", "activate", "true", "confirm", "true"));
        assertThat(approved.status()).isEqualTo(302);
        assertThat(approved.location()).endsWith("/console/policies");
        assertThat(evaluations.current().policy().versionId()).isEqualTo("v2");

        // every step, with who took it and with which kind of identity
        List<PolicyEvent> steps = events.of("v2");
        assertThat(steps).extracting(e -> e.kind() + " " + e.identityKind() + " " + e.actor()).containsExactly(
                "UPLOADED OIDC Alice Martin (via oidc:alice)",
                "ACTIVATION_REFUSED OIDC Alice Martin (via oidc:alice)",
                "APPROVAL_REFUSED OIDC Alice Martin (via oidc:alice)",
                "APPROVED OIDC Bob Durand (via oidc:bob)",
                "ACTIVATED OIDC Bob Durand (via oidc:bob)");
        assertThat(steps).allSatisfy(e -> assertThat(e.keyName()).isNull());
        String version = bob.get("/console/policies/versions/v2").body();
        assertThat(version).contains("id=\"events\"").contains("compte OIDC").contains("seuil revu avec le DPO").contains("Bob Durand (via oidc:bob)");
        assertThat(bob.get("/console/policies").body()).contains("Bob Durand (via oidc:bob)"); // in the activations

        // signing in with a key and a typed name stays possible; a key shared by two people is one identity
        ConsoleSession aliceWithKey = ConsoleSession.signIn(port, "Alice Martin", "test-editor-key-0123456789");
        WorkingCopy next = new WorkingCopy(tmp.resolve("next")).set("list-quality.xlsx", "Prix", "D14", "90");
        assertThat(aliceWithKey.postMultipart("/console/policies/upload", Map.of("comment", "email price 90"),
                List.of(new ConsoleSession.Upload("files", "list-quality.xlsx", next.bytes("list-quality.xlsx")))).body()).contains("v3");
        ConsoleSession carolSameKey = ConsoleSession.signIn(port, "Carol", "test-editor-key-0123456789");
        ConsoleSession.Page shared = carolSameKey.post("/console/policies/versions/v3/approve", Map.of("reason", "looks fine"));
        assertThat(shared.status()).isEqualTo(409);
        assertThat(shared.body()).contains("déposée avec la clé d’API test-editor");
        assertThat(bob.post("/console/policies/versions/v3/approve", Map.of("reason", "ok")).status()).isEqualTo(302);
        assertThat(events.of("v3")).extracting(e -> e.kind() + " " + e.identityKind() + " " + e.actor() + " " + e.keyName()).containsExactly(
                "UPLOADED API_KEY Alice Martin (via test-editor) test-editor",
                "APPROVAL_REFUSED API_KEY Carol (via test-editor) test-editor",
                "APPROVED OIDC Bob Durand (via oidc:bob) null");
        assertThat(bob.get("/console/policies/versions/v3").body()).contains("clé d’API + nom saisi").contains("compte OIDC")
                .contains("Approbations : 1 sur 1 requise(s)");
    }

    @Test
    void anAccountWithoutARoleIsRefusedAndOneGivenARoleByConfigurationGetsIt() {
        AtomicReference<String> landed = new AtomicReference<>();
        ConsoleSession nobody = signIn("mallory-0003", Map.of("name", "Mallory", "email", "mallory@example.org"), landed);
        assertThat(landed.get()).endsWith("/console/login?noRole");
        assertThat(nobody.get("/console").location()).endsWith("/console/login");

        // a configured address counts only when the provider verified it: anyone may type one at sign-up
        ConsoleSession impostor = signIn("mallory-0005", Map.of("name", "Paula DPO", "email", "dpo@example.org", "email_verified", false), landed);
        assertThat(landed.get()).endsWith("/console/login?noRole");
        assertThat(impostor.get("/console/evaluations").location()).endsWith("/console/login");

        ConsoleSession dpo = signIn("dpo-0004", Map.of("name", "Paula DPO", "email", "dpo@example.org", "email_verified", true), landed);
        assertThat(landed.get()).endsWith("/console");
        assertThat(dpo.get("/console/evaluations").status()).isEqualTo(200); // AUDITOR, by listguard.security.oidc.users
        assertThat(dpo.post("/console/policies/versions/v1/approve", Map.of("reason", "x")).status()).isEqualTo(403);
    }
}
