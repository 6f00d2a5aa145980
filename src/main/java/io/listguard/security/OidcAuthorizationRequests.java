package io.listguard.security;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Where an OpenID Connect sign-in waits for the provider's answer. The console's session cookie is
 * {@code SameSite=Strict}, so the browser does not send it on the provider's cross-site redirect back: an
 * authorization request kept in the session (Spring's default) would be lost there. It is kept in this instance's
 * memory instead, for {@link #TTL} at most, under a random id sent in a cookie of its own, {@code SameSite=Lax},
 * HttpOnly, Secure behind TLS, limited to the callback's path and read once. The cookie holds no state, token or
 * verifier, only the id; the request itself (state, nonce, PKCE verifier) never leaves the server.
 */
final class OidcAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "listguard-oidc";
    static final Duration TTL = Duration.ofMinutes(5);
    private static final String PATH = "/console/login/oauth2/code";
    private static final int MAX_PENDING = 10_000;

    private record Pending(OAuth2AuthorizationRequest request, Instant until) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String id = id(request);
        Pending p = id == null ? null : pending.get(id);
        return p == null || p.until().isBefore(Instant.now()) || !matches(p, request) ? null : p.request();
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorization, HttpServletRequest request, HttpServletResponse response) {
        if (authorization == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        Instant now = Instant.now();
        if (pending.size() > MAX_PENDING) {
            pending.values().removeIf(p -> p.until().isBefore(now));
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(id, new Pending(authorization, now.plus(TTL)));
        cookie(request, response, id, TTL);
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
        String id = id(request);
        Pending p = id == null ? null : pending.remove(id);
        if (id != null) {
            cookie(request, response, "", Duration.ZERO);
        }
        return p == null || p.until().isBefore(Instant.now()) || !matches(p, request) ? null : p.request();
    }

    /** The provider's answer carries the state of the request it answers: another state is another sign-in. */
    private static boolean matches(Pending p, HttpServletRequest request) {
        String state = request.getParameter("state");
        return state == null || state.equals(p.request().getState());
    }

    private static String id(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static void cookie(HttpServletRequest request, HttpServletResponse response, String value, Duration age) {
        response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, value).path(request.getContextPath() + PATH).httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").maxAge(age).build().toString());
    }
}
