package io.listguard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.console.ConsoleSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throttling (issue 19), with small limits so that they are reached: requests per key, failed authentications per
 * client address, API and console sign-in counted together. One test, in order: the buckets are this context's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "listguard.security.throttle.failures=5", "listguard.security.throttle.failures-per=PT1H",
        "listguard.security.throttle.requests=20", "listguard.security.throttle.requests-per=PT1H"})
class ThrottleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WRONG = "not-a-key-at-all-0000";

    @LocalServerPort
    int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(String key, String language) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/policies")).header("Accept-Language", language);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode tooMany(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:too-many-requests");
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        return problem;
    }

    @Test
    void keysAreRateLimitedAndFailedAuthenticationsThrottledPerAddress() throws Exception {
        String evaluator = SecurityMatrixTest.KEYS.get("EVALUATOR");
        // a key over its rate: 429 for that key only
        for (int i = 0; i < 20; i++) {
            assertThat(get(evaluator, "en").statusCode()).as("request " + (i + 1)).isEqualTo(200);
        }
        JsonNode english = tooMany(get(evaluator, "en"), "api.throttled.requests");
        assertThat(english.get("title").asString()).isEqualTo("Too many requests");
        assertThat(english.get("detail").asString()).startsWith("this API key went over its allowed rate: try again in ");
        JsonNode french = tooMany(get(evaluator, "fr"), "api.throttled.requests");
        assertThat(french.get("title").asString()).isEqualTo("Trop de requêtes");
        assertThat(get(SecurityMatrixTest.KEYS.get("AUDITOR"), "en").statusCode()).as("another key is not slowed").isEqualTo(200);

        // failed authentications from one address: console sign-ins and unknown API keys are counted together
        ConsoleSession console = ConsoleSession.anonymous(port);
        for (int i = 0; i < 2; i++) {
            assertThat(console.post("/console/login", Map.of("name", "mallory", "key", WRONG)).location()).endsWith("/console/login?error");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get(WRONG, "en").statusCode()).isEqualTo(401);
        }
        JsonNode blocked = tooMany(get(WRONG, "fr"), "api.throttled.failures");
        assertThat(blocked.get("detail").asString()).startsWith("trop de tentatives d’authentification échouées depuis cette adresse");
        assertThat(blocked.toString()).doesNotContain(WRONG);
        // while the address is throttled no key is checked, a right one neither: 429 against 200 would tell a right guess
        tooMany(get(SecurityMatrixTest.KEYS.get("ADMIN"), "en"), "api.throttled.failures");
        // a call without a key tries nothing: 401 as always
        assertThat(get(null, "en").statusCode()).isEqualTo(401);
        // the console's sign-in form is refused unread, even with a right key
        var refused = ConsoleSession.anonymous(port).post("/console/login", Map.of("name", "alice", "key", SecurityMatrixTest.KEYS.get("ADMIN")));
        assertThat(refused.location()).endsWith("/console/login?throttled");
        var page = ConsoleSession.anonymous(port).get("/console/login?throttled");
        assertThat(page.status()).as(page.location()).isEqualTo(200);
        assertThat(page.body()).contains("Trop de tentatives de connexion échouées depuis votre adresse");
        // health stays open for orchestrators
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
