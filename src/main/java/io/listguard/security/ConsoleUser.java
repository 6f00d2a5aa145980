package io.listguard.security;

import java.security.Principal;
import java.util.List;

/**
 * A person signed in to the web console: the name they gave, the API key they signed in with (its name, which the
 * audit trail records as the caller, as for API calls) and that key's roles.
 */
public record ConsoleUser(String person, String keyName, List<Role> roles) implements Principal {

    public ConsoleUser {
        roles = List.copyOf(roles);
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
