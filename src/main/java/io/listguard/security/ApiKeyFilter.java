package io.listguard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Identifies the caller from {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}. It only identifies:
 * what the caller may do is decided by the authorisation rules. An unknown key identifies nobody (401 follows) and
 * counts as a failed authentication of the client address; an address over its failures is answered 429 without
 * its key being checked (any key: otherwise 429 against 200 would tell a right guess from a wrong one), and a known
 * key over its rate is answered 429 too ({@link Throttles}). Calls without any key are not counted.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final Throttles throttles;

    ApiKeyFilter(ApiKeys keys, Throttles throttles) {
        this.keys = keys;
        this.throttles = throttles;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader("X-Api-Key");
        String authorization = request.getHeader("Authorization");
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7);
        }
        if (presented != null) {
            String address = request.getRemoteAddr();
            Duration blocked = throttles.blocked(address);
            if (!blocked.isZero()) {
                tooMany(request, response, blocked, "api.throttled.failures");
                return;
            }
            Optional<ApiKeys.Caller> caller = keys.identify(presented);
            if (caller.isEmpty()) {
                throttles.failed(address);
            } else {
                Duration wait = throttles.request(caller.get().name());
                if (!wait.isZero()) {
                    tooMany(request, response, wait, "api.throttled.requests");
                    return;
                }
                var authorities = caller.get().roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.get().name(), null, authorities));
            }
        }
        chain.doFilter(request, response);
    }

    private static void tooMany(HttpServletRequest request, HttpServletResponse response, Duration wait, String code) throws IOException {
        long seconds = Throttles.seconds(wait);
        response.setHeader("Retry-After", Long.toString(seconds));
        SecurityConfiguration.problem(request, response, 429, "too-many-requests", code, seconds);
    }
}
