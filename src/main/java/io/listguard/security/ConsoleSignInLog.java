package io.listguard.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Console sign-ins for operators: who signed in (the key's name) from where, and refusals from where. The key typed
 * is never logged, nor the name a person gave (it is recorded where it matters: as the author of a change).
 */
@Component
class ConsoleSignInLog {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSignInLog.class);

    private final Throttles throttles;

    ConsoleSignInLog(Throttles throttles) {
        this.throttles = throttles;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof ConsoleUser user) {
            log.info("console sign-in with key {} from {}", user.keyName(), address(event.getAuthentication().getDetails()));
        }
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        String address = address(event.getAuthentication().getDetails());
        log.warn("console sign-in refused ({}) from {}", event.getException().getMessage(), address);
        throttles.failed(address); // the same count as API calls with an unknown key (ConsoleGuard refuses the next ones)
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
    }
}
