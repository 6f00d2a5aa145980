package io.listguard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.api.SecurityProbe;
import io.listguard.console.ConsoleSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint times every role, and no key: 401 without a key, 403 for a role that may not, anything else for a
 * role that may. The endpoints come from the application's own mappings, so a new endpoint without a line in
 * {@link #RULES} fails this test, and so does an authorisation rule removed or loosened in the configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class SecurityMatrixTest {

    static final String OPEN = "OPEN";
    /** The console's "not allowed" page, which refused requests are forwarded to: always a 403 page. */
    static final String DENIED_PAGE = "DENIED_PAGE";
    /** Who may call each endpoint ("METHOD path" as mapped); ADMIN may call everything that is not OPEN. */
    static final Map<String, Set<String>> RULES = new LinkedHashMap<>();

    static {
        rule("POST /api/v1/evaluations", "EVALUATOR");
        rule("POST /api/v1/evaluations/bulk", "EVALUATOR");
        rule("POST /api/v1/evaluations/external", "EVALUATOR");
        rule("GET /api/v1/jobs/{id}", "EVALUATOR");
        rule("GET /api/v1/jobs/{id}/result", "EVALUATOR");
        rule("GET /api/v1/jobs/{id}/records.csv", "EVALUATOR");
        rule("GET /api/v1/jobs/{id}/errors.csv", "EVALUATOR");
        rule("POST /api/v1/jobs/{id}/cancel", "EVALUATOR");
        rule("GET /api/v1/evaluations", "AUDITOR");
        rule("GET /api/v1/evaluations/{id}", "AUDITOR");
        rule("GET /api/v1/evaluations/{id}/records/{recordId}", "AUDITOR");
        rule("GET /api/v1/evaluations/export", "AUDITOR");
        // data-subject rights (issue 19): identifiers in the body
        rule("POST /api/v1/records/lookup", "AUDITOR");
        rule("POST /api/v1/records/export", "AUDITOR");
        rule("POST /api/v1/records/restrictions", "AUDITOR");
        rule("GET /api/v1/records/restrictions", "AUDITOR");
        rule("POST /api/v1/records/restrictions/lift", "AUDITOR");
        rule("GET /api/v1/audit/verify", "AUDITOR");
        rule("POST /api/v1/records/erase", "AUDITOR");
        rule("GET /api/v1/policies", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/versions", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/versions/{id}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/versions/{id}/files/{*name}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/versions/{id}/export", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/versions/{a}/diff/{b}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/activations", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/proposal", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/policies/validate", "POLICY_EDITOR");
        rule("POST /api/v1/policies/versions", "POLICY_EDITOR");
        rule("POST /api/v1/policies/versions/{id}/activate", "POLICY_EDITOR");
        rule("POST /api/v1/policies/proposal/accept", "POLICY_EDITOR");
        rule("POST /api/v1/policies/versions/{id}/replay", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/policies/versions/{id}/withdraw", "POLICY_EDITOR");
        rule("POST /api/v1/policies/versions/{id}/rebuild", "POLICY_EDITOR");
        // four eyes and scheduled activations
        rule("GET /api/v1/policies/versions/{id}/approvals", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/policies/versions/{id}/approvals", "POLICY_EDITOR");
        rule("GET /api/v1/policies/versions/{id}/events", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/policies/events", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/policies/versions/{id}/schedules", "POLICY_EDITOR");
        rule("GET /api/v1/policies/schedules", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/policies/schedules/{id}/cancel", "POLICY_EDITOR");
        // mapping profiles (issue 12)
        rule("GET /api/v1/profiles", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/profiles", "POLICY_EDITOR");
        rule("GET /api/v1/profiles/{name}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("PUT /api/v1/profiles/{name}", "POLICY_EDITOR");
        rule("DELETE /api/v1/profiles/{name}", "POLICY_EDITOR");
        rule("GET /api/v1/profiles/{name}/history", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /api/v1/profiles/preview", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /api/v1/suppressions", "AUDITOR"); // 410: the identifier no longer goes in the URL
        rule("POST /api/v1/suppressions/lookup", "AUDITOR");
        rule("GET /api/v1/suppressions/export", "AUDITOR");
        rule("POST /api/v1/suppressions/remove");
        rule("POST /api/v1/suppressions");
        rule("DELETE /api/v1/suppressions");
        rule("POST /api/v1/suppressions/import");
        rule("GET /v3/api-docs", OPEN);
        rule("GET /v3/api-docs.yaml", OPEN);
        rule("GET /v3/api-docs/swagger-config", OPEN);
        rule("GET /swagger-ui.html", OPEN);
        rule("GET /error", OPEN);
        rule("POST /error", OPEN);
        // the console: signed in with the same keys (a session), the same roles as the API it mirrors
        rule("GET /console/login", OPEN);
        rule("GET /console", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/denied", DENIED_PAGE);
        rule("POST /console/denied", DENIED_PAGE);
        rule("GET /console/policies", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/policies/versions/{id}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/policies/versions/{id}/files/{*name}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/policies/versions/{id}/source", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/policies/versions/{id}/print", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("GET /console/policies/diff", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /console/policies/upload", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/activate", "POLICY_EDITOR");
        rule("POST /console/policies/proposal/accept", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/replay", "POLICY_EDITOR", "AUDITOR");
        rule("POST /console/policies/validate", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/withdraw", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/rebuild", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/approve", "POLICY_EDITOR");
        rule("POST /console/policies/versions/{id}/schedule", "POLICY_EDITOR");
        rule("POST /console/policies/schedules/{scheduleId}/cancel", "POLICY_EDITOR");
        rule("GET /console/evaluations", "AUDITOR");
        rule("GET /console/evaluations/{id}", "AUDITOR");
        rule("GET /console/evaluations/export", "AUDITOR");
        rule("POST /console/evaluations/lookup", "AUDITOR");
        rule("GET /console/rights", "AUDITOR");
        rule("POST /console/rights", "AUDITOR");
        rule("POST /console/rights/restrict", "AUDITOR");
        rule("POST /console/rights/lift", "AUDITOR");
        rule("POST /console/rights/erase", "AUDITOR");
        rule("GET /console/evaluations/{id}/records/{recordId}", "AUDITOR");
        rule("GET /console/try", "EVALUATOR");
        rule("POST /console/try", "EVALUATOR");
        rule("GET /console/bulk", "EVALUATOR");
        rule("POST /console/bulk", "EVALUATOR");
        rule("GET /console/bulk/{id}", "EVALUATOR");
        rule("GET /console/bulk/{id}/progress", "EVALUATOR");
        rule("GET /console/bulk/{id}/files/{name}", "EVALUATOR");
        rule("GET /console/profiles", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /console/profiles", "POLICY_EDITOR");
        rule("GET /console/profiles/new", "POLICY_EDITOR");
        rule("GET /console/profiles/{name}", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /console/profiles/{name}/edit", "POLICY_EDITOR");
        rule("POST /console/profiles/{name}/delete", "POLICY_EDITOR");
        rule("GET /console/profiles/preview", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
        rule("POST /console/profiles/preview", "EVALUATOR", "POLICY_EDITOR", "AUDITOR");
    }

    static void rule(String endpoint, String... roles) {
        RULES.put(endpoint, new TreeSet<>(List.of(roles)));
    }

    static final Map<String, String> KEYS = Map.of(
            "EVALUATOR", "test-evaluator-key-0123456789", "POLICY_EDITOR", "test-editor-key-0123456789",
            "AUDITOR", "test-auditor-key-0123456789", "ADMIN", "test-admin-key-0123456789");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private List<String> endpoints() {
        List<String> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("GET", "POST")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(Collectors.toSet());
            for (String pattern : info.getPatternValues()) {
                for (String method : methods) {
                    endpoints.add(method + " " + pattern);
                }
            }
        }
        return endpoints;
    }

    @Test
    void everyEndpointHasARuleAndEveryRuleHoldsForEveryRole() {
        List<String> endpoints = endpoints();
        List<String> unruled = endpoints.stream().filter(e -> !RULES.containsKey(e)).sorted().toList();
        assertThat(unruled).as("endpoints without an authorisation rule in this test (add one, and one in SecurityConfiguration)").isEmpty();

        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1).replaceAll("\\{\\*?[a-zA-Z]+}", "x");
            Set<String> allowed = RULES.get(endpoint);
            if (allowed.contains(DENIED_PAGE)) {
                continue; // checked in theConsoleRefusesUnknownKeysAndForgedForms
            }
            if (path.startsWith("/console")) {
                wrong.addAll(consoleViolations(endpoint, method, path, allowed));
                continue;
            }
            boolean open = allowed.contains(OPEN);
            int anonymous = SecurityProbe.status(port, null, method, path);
            if (!open && anonymous != 401) {
                wrong.add(endpoint + " without a key: " + anonymous + " (expected 401)");
            }
            if (open && (anonymous == 401 || anonymous == 403)) {
                wrong.add(endpoint + " without a key: " + anonymous + " (expected open)");
            }
            if (open) {
                continue;
            }
            for (var role : KEYS.entrySet()) {
                boolean may = role.getKey().equals("ADMIN") || allowed.contains(role.getKey());
                int status = SecurityProbe.status(port, role.getValue(), method, path);
                if (may && (status == 401 || status == 403)) {
                    wrong.add(endpoint + " as " + role.getKey() + ": " + status + " (expected allowed)");
                }
                if (!may && status != 403) {
                    wrong.add(endpoint + " as " + role.getKey() + ": " + status + " (expected 403)");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The console signs in with a session: no session redirects to the sign-in page; a role that may not gets 403. */
    private List<String> consoleViolations(String endpoint, String method, String path, Set<String> allowed) {
        List<String> wrong = new ArrayList<>();
        var anonymous = ConsoleSession.anonymous(port).call(method, path);
        boolean open = allowed.contains(OPEN);
        if (!open && !(anonymous.status() == 302 && anonymous.location().endsWith("/console/login"))) {
            wrong.add(endpoint + " without signing in: " + anonymous.status() + " " + anonymous.location() + " (expected a redirect to the sign-in page)");
        }
        if (open) {
            if (anonymous.status() != 200) {
                wrong.add(endpoint + " without signing in: " + anonymous.status() + " (expected open)");
            }
            return wrong;
        }
        for (var role : KEYS.entrySet()) {
            boolean may = role.getKey().equals("ADMIN") || allowed.contains(role.getKey());
            var page = sessions.computeIfAbsent(role.getKey(), r -> ConsoleSession.signIn(port, "tester", role.getValue())).call(method, path);
            boolean refused = page.status() == 403 || page.location().endsWith("/console/login");
            if (may && refused) {
                wrong.add(endpoint + " as " + role.getKey() + ": " + page.status() + " (expected allowed)");
            }
            if (!may && page.status() != 403) {
                wrong.add(endpoint + " as " + role.getKey() + ": " + page.status() + " (expected 403)");
            }
        }
        return wrong;
    }

    private final Map<String, ConsoleSession> sessions = new java.util.HashMap<>();

    @Test
    void theConsoleRefusesUnknownKeysAndForgedForms(org.springframework.boot.test.system.CapturedOutput output) {
        var session = ConsoleSession.anonymous(port);
        var refused = session.post("/console/login", Map.of("name", "mallory", "key", "not-a-key-at-all-0000"));
        assertThat(refused.location()).endsWith("/console/login?error");
        // operators see the refusal and where it came from, never the key typed
        assertThat(output.getOut()).contains("console sign-in refused (unknown API key) from 127.0.0.1").doesNotContain("not-a-key-at-all-0000");
        assertThat(session.get("/console").location()).endsWith("/console/login");
        // a signed-in session still needs the form's CSRF token: a cross-site post is refused
        var editor = ConsoleSession.signIn(port, "alice", KEYS.get("POLICY_EDITOR"));
        assertThat(output.getOut()).contains("console sign-in with key test-editor from 127.0.0.1");
        var forged = editor.postWithoutToken("/console/policies/versions/v1/activate");
        assertThat(forged.status()).isEqualTo(302);
        assertThat(forged.location()).endsWith("/console/login?expired"); // not carried out: sign in again
        // a role that may not gets the console's 403 page, for a page and for a form
        var auditor = ConsoleSession.signIn(port, "paul", KEYS.get("AUDITOR"));
        var denied = auditor.get("/console/try");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("<h1>Accès refusé</h1>");
        assertThat(auditor.post("/console/policies/upload", Map.of()).status()).isEqualTo(403);
        // the API keeps answering problems, not console pages, and a console session is not an API credential
        assertThat(SecurityProbe.status(port, null, "GET", "/api/v1/policies")).isEqualTo(401);
        // signing out ends the session
        assertThat(editor.post("/console/logout", Map.of()).location()).endsWith("/console/login?signedOut");
        assertThat(editor.get("/console/policies").location()).endsWith("/console/login");
    }

    @Test
    void actuatorHealthIsOpenAndTheRestIsForAdmins() {
        assertThat(SecurityProbe.status(port, null, "GET", "/actuator/health")).isEqualTo(200);
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info")) {
            assertThat(SecurityProbe.status(port, null, "GET", path)).as(path).isEqualTo(401);
            assertThat(SecurityProbe.status(port, KEYS.get("AUDITOR"), "GET", path)).as(path).isEqualTo(403);
            assertThat(SecurityProbe.status(port, KEYS.get("ADMIN"), "GET", path)).as(path).isEqualTo(200);
        }
    }

    @Test
    void unauthorizedAndForbiddenAreProblems() {
        var anonymous = SecurityProbe.call(port, null, "POST", "/api/v1/evaluations");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body()).contains("urn:listguard:problem:unauthorized").contains("Authorization: Bearer");
        var auditor = SecurityProbe.call(port, KEYS.get("AUDITOR"), "POST", "/api/v1/policies/versions");
        assertThat(auditor.status()).isEqualTo(403);
        assertThat(auditor.body()).contains("urn:listguard:problem:forbidden");
        assertThat(SecurityProbe.status(port, "not-a-key-at-all-0000", "GET", "/api/v1/policies")).isEqualTo(401);
        assertThat(SecurityProbe.statusWithApiKeyHeader(port, KEYS.get("AUDITOR"), "/api/v1/policies")).isEqualTo(200);
    }
}
