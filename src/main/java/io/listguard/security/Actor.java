package io.listguard.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who takes a step of a policy change, and with which kind of identity: an OIDC account (a person, identified by
 * their provider), an API key (whose holders are whoever has the key; the name typed with it is a claim), or the
 * service itself (start-up, scheduled activations).
 *
 * @param display  as shown and recorded ("Alice Martin (via oidc:alice)", "alice (via editor-key)")
 * @param kind     the kind of identity
 * @param identity what four-eyes rules compare: {@code issuer|subject} for OIDC, {@code key:<name>} for a key
 * @param keyName  the API key's name (null for OIDC and the service)
 */
public record Actor(String display, Kind kind, String identity, String keyName) {

    /** The kinds of identity a step is taken with. */
    public enum Kind { OIDC, API_KEY, SYSTEM }

    public static final Actor SYSTEM = new Actor("listguard", Kind.SYSTEM, "listguard", null);

    /** The caller of the current request (from the security context), shown as {@code display}; the service if none. */
    public static Actor current(String display) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return new Actor(display == null ? SYSTEM.display() : display, Kind.SYSTEM, SYSTEM.identity(), null);
        }
        return of(auth, display);
    }

    /** The caller behind an authentication: a console user (OIDC or key), or an API key. */
    public static Actor of(Authentication auth, String display) {
        if (auth.getPrincipal() instanceof ConsoleUser user) {
            String shown = display != null ? display : Callers.accountable(null, auth);
            return user.kind() == Kind.OIDC ? new Actor(shown, Kind.OIDC, user.subject(), null)
                    : new Actor(shown, Kind.API_KEY, "key:" + user.keyName(), user.keyName());
        }
        String key = auth.getName();
        return new Actor(display != null ? display : key, Kind.API_KEY, "key:" + key, key);
    }

    /** Whether two actors are, for four-eyes purposes, the same: the same person, or the same (possibly shared) key. */
    public boolean sameAs(String otherIdentity, String otherKeyName) {
        return identity.equals(otherIdentity) || (keyName != null && keyName.equals(otherKeyName));
    }
}
