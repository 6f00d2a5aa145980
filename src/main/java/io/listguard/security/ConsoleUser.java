package io.listguard.security;

import java.security.Principal;
import java.util.List;

/**
 * A person signed in to the web console: the name they gave, the API key they signed in with (its name, which the
 * audit trail records as the caller, as for API calls) and that key's roles. Signed in with OpenID Connect, the
 * person is their account's name, {@code keyName} is {@code oidc:<username>} and {@code subject} the account's
 * {@code issuer|sub}.
 */
public record ConsoleUser(String person, String keyName, List<Role> roles, Actor.Kind kind, String subject) implements Principal {

    public ConsoleUser {
        roles = List.copyOf(roles);
    }

    /** Signed in with an API key and a typed name. */
    public ConsoleUser(String person, String keyName, List<Role> roles) {
        this(person, keyName, roles, Actor.Kind.API_KEY, null);
    }

    /** Whether this person signed in with OpenID Connect (rather than an API key and a typed name). */
    public boolean oidc() {
        return kind == Actor.Kind.OIDC;
    }

    /** The caller as the audit trail names it: the key, as for API calls. */
    @Override
    public String getName() {
        return keyName;
    }

    /** Whether this user's key has the role (ADMIN has all of them). */
    public boolean may(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }
}
