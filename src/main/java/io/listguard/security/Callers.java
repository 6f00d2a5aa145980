package io.listguard.security;

import java.security.Principal;

/** Who is accountable for a change: the person, and the key that let them make it. */
public final class Callers {

    private Callers() {
    }

    /**
     * "alice (via editor-key)" from a given name and the caller; the caller's name alone when no name is given.
     * A console user who gives no name is the person they signed in as.
     */
    public static String accountable(String given, Principal caller) {
        String key = caller == null ? "api" : caller.getName();
        if ((given == null || given.isBlank()) && caller instanceof org.springframework.security.core.Authentication auth
                && auth.getPrincipal() instanceof ConsoleUser user) {
            given = user.person();
        }
        String who = given == null || given.isBlank() || given.strip().equals(key) ? key : given.strip() + " (via " + key + ")";
        return who.length() > 200 ? who.substring(0, 200) : who;
    }
}
