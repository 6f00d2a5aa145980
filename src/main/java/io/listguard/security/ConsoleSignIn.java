package io.listguard.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Signs a person in to the console with an API key: the sign-in form's "name" is who they are (recorded as the
 * author of what they change), its "key" the API key whose roles they get. The key is checked by its hash, as for
 * API calls, and kept nowhere: the session holds the person, the key's name and its roles.
 */
final class ConsoleSignIn implements AuthenticationProvider {

    static final int MAX_NAME = 100;

    private final ApiKeys keys;

    ConsoleSignIn(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication form) {
        String person = form.getName() == null ? "" : form.getName().strip();
        Object key = form.getCredentials();
        ApiKeys.Caller caller = keys.identify(key == null ? null : key.toString())
                .orElseThrow(() -> new BadCredentialsException("unknown API key"));
        if (person.isEmpty()) {
            person = caller.name();
        }
        if (person.length() > MAX_NAME) {
            person = person.substring(0, MAX_NAME);
        }
        ConsoleUser user = new ConsoleUser(person, caller.name(), caller.roles());
        var authorities = caller.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
