package io.listguard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** How an OpenID Connect account gets its listguard roles, and how the console names it (never by an e-mail address). */
class OidcRolesTest {

    private static DefaultOidcUser account(Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("iss", "https://sso.example.org/realms/compliance");
        all.putIfAbsent("sub", "3f2a-0001");
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all);
        return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("ROLE_POLICY_EDITOR")), token);
    }

    @Test
    void rolesComeFromTheClaimFromConfiguredClaimValuesAndFromConfiguredAccounts() {
        OidcProperties properties = new OidcProperties("groups", Map.of(Role.AUDITOR, List.of("dpo")), Map.of(Role.ADMIN, List.of("Ops@Example.org")));
        assertThat(OidcConsoleLogin.roles(account(Map.of("groups", List.of("policy_editor", "dpo", "marketing"))), properties))
                .containsExactlyInAnyOrder(Role.POLICY_EDITOR, Role.AUDITOR);
        assertThat(OidcConsoleLogin.roles(account(Map.of("groups", "EVALUATOR other")), properties)).containsExactly(Role.EVALUATOR);
        assertThat(OidcConsoleLogin.roles(account(Map.of("email", "ops@example.org", "email_verified", true)), properties)).containsExactly(Role.ADMIN);
        // an address the provider did not verify, or a username, is what anyone may type at sign-up: no role by it
        assertThat(OidcConsoleLogin.roles(account(Map.of("email", "ops@example.org")), properties)).isEmpty();
        assertThat(OidcConsoleLogin.roles(account(Map.of("email", "ops@example.org", "email_verified", false)), properties)).isEmpty();
        assertThat(OidcConsoleLogin.roles(account(Map.of("preferred_username", "Ops@Example.org")), properties)).isEmpty();
        assertThat(OidcConsoleLogin.roles(account(Map.of("roles", List.of("ADMIN"))), properties)).isEmpty(); // not the configured claim
        assertThat(OidcConsoleLogin.roles(account(Map.of()), properties)).isEmpty();
    }

    @Test
    void theConsoleKnowsThePersonByTheirAccountAndNeverNamesThemByAnEmailAddress() {
        ConsoleUser alice = OidcConsoleLogin.consoleUser(account(Map.of("name", "Alice Martin", "preferred_username", "alice")));
        assertThat(alice.person()).isEqualTo("Alice Martin");
        assertThat(alice.keyName()).isEqualTo("oidc:alice");
        assertThat(alice.subject()).isEqualTo("https://sso.example.org/realms/compliance|3f2a-0001");
        assertThat(alice.oidc()).isTrue();
        assertThat(alice.roles()).containsExactly(Role.POLICY_EDITOR);

        ConsoleUser byEmail = OidcConsoleLogin.consoleUser(account(Map.of("preferred_username", "bob@example.org", "sub", "9c1e-0002")));
        assertThat(byEmail.keyName()).isEqualTo("oidc:9c1e-0002");
        assertThat(byEmail.person()).isEqualTo("9c1e-0002");
    }
}
