package io.listguard.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people signed in with OpenID Connect get listguard roles, prefix {@code listguard.security.oidc}. The
 * provider itself is configured with Spring Boot's standard {@code spring.security.oauth2.client.*} properties;
 * console sign-in with OIDC is offered only when such a registration exists.
 *
 * @param rolesClaim  the ID token (or user info) claim holding roles or groups, a string or a list of strings
 *                    (default {@code roles}); a value that is a role's name ({@code POLICY_EDITOR}) gives that role
 * @param claimValues other claim values that give a role, by role: {@code claim-values.POLICY_EDITOR=compliance}
 * @param users       accounts that get a role whatever their claims, by role, named by their {@code sub},
 *                    {@code email} or {@code preferred_username}: {@code users.AUDITOR=dpo@example.org}
 */
@ConfigurationProperties("listguard.security.oidc")
public record OidcProperties(@DefaultValue("roles") String rolesClaim, @DefaultValue Map<Role, List<String>> claimValues,
                             @DefaultValue Map<Role, List<String>> users) {

    public OidcProperties {
        claimValues = claimValues == null ? Map.of() : claimValues;
        users = users == null ? Map.of() : users;
    }
}
