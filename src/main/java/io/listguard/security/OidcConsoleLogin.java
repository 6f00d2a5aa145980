package io.listguard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Console sign-in with OpenID Connect (Spring Security's OAuth2 login), for any provider configured with the
 * standard {@code spring.security.oauth2.client.*} properties. The account's roles come from a claim and from
 * configured lists ({@link OidcProperties}); an account with no role is refused. Once signed in, the session holds
 * a {@link ConsoleUser} of kind OIDC, so that every page and every recorded step knows the person by their
 * account ({@code issuer|sub}), not by a name they typed.
 */
public final class OidcConsoleLogin {

    /** Where the sign-in page sends a person to their provider: {@code /console/oauth2/authorization/<registration>}. */
    public static final String AUTHORIZATION_BASE = "/console/oauth2/authorization";
    /** Where the provider sends them back (the registration's redirect-uri, set by default). */
    public static final String REDIRECTION = "/console/login/oauth2/code/*";
    private static final String DEFAULT_REDIRECT = "{baseUrl}/{action}/oauth2/code/{registrationId}";
    private static final String CONSOLE_REDIRECT = "{baseUrl}/console/login/oauth2/code/{registrationId}";

    private static final Logger log = LoggerFactory.getLogger(OidcConsoleLogin.class);

    private OidcConsoleLogin() {
    }

    static void configure(HttpSecurity http, ClientRegistrationRepository registrations, OidcProperties properties) throws Exception {
        ClientRegistrationRepository console = consoleRedirects(registrations);
        SecurityContextRepository contexts = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository());
        http.oauth2Login(o -> o.loginPage("/console/login")
                .clientRegistrationRepository(console)
                .authorizationEndpoint(a -> a.baseUri(AUTHORIZATION_BASE).authorizationRequestRepository(new OidcAuthorizationRequests()))
                .redirectionEndpoint(r -> r.baseUri(REDIRECTION))
                .userInfoEndpoint(u -> u.oidcUserService(userService(properties)))
                .successHandler((request, response, authentication) -> signedIn(request, response, authentication, contexts))
                .failureHandler(OidcConsoleLogin::refused));
    }

    /** Checks the provider's answer (code for tokens, ID token, user info) and gives the account its roles. */
    static org.springframework.security.authentication.AuthenticationProvider authenticationProvider(OidcProperties properties) {
        return new org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider(
                new org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient(), userService(properties));
    }

    /** Registrations left with Spring's default redirect-uri come back to the console's callback instead. */
    private static ClientRegistrationRepository consoleRedirects(ClientRegistrationRepository registrations) {
        if (!(registrations instanceof Iterable<?> all)) {
            return registrations;
        }
        List<ClientRegistration> rewritten = new ArrayList<>();
        for (Object o : all) {
            ClientRegistration r = (ClientRegistration) o;
            rewritten.add(DEFAULT_REDIRECT.equals(r.getRedirectUri()) ? ClientRegistration.withClientRegistration(r).redirectUri(CONSOLE_REDIRECT).build() : r);
        }
        return new InMemoryClientRegistrationRepository(rewritten);
    }

    /** The registrations people may choose from on the sign-in page: id and name. */
    public static List<String[]> providers(ClientRegistrationRepository registrations) {
        List<String[]> providers = new ArrayList<>();
        if (registrations instanceof Iterable<?> all) {
            for (Object o : all) {
                ClientRegistration r = (ClientRegistration) o;
                providers.add(new String[] {r.getRegistrationId(), r.getClientName()});
            }
        }
        return providers;
    }

    private static OAuth2UserService<OidcUserRequest, OidcUser> userService(OidcProperties properties) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser account = delegate.loadUser(request);
            Set<Role> roles = roles(account, properties);
            if (roles.isEmpty()) {
                throw new OAuth2AuthenticationException(new OAuth2Error("no_listguard_role",
                        "this account has no listguard role (claim " + properties.rolesClaim() + ", or listguard.security.oidc.users)", null));
            }
            var authorities = roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
            return new DefaultOidcUser(authorities, account.getIdToken(), account.getUserInfo());
        };
    }

    /** The roles of an account: claim values that name a role or are configured for one, and configured accounts. */
    static Set<Role> roles(OidcUser account, OidcProperties properties) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : claimValues(account.getClaims().get(properties.rolesClaim()))) {
            for (Role role : Role.values()) {
                if (role.name().equalsIgnoreCase(value) || properties.claimValues().getOrDefault(role, List.of()).contains(value)) {
                    roles.add(role);
                }
            }
        }
        // configured accounts are matched on what the provider vouches for: the subject, or an e-mail address it has
        // verified; never a username or an unverified address, which a person may choose at a provider with self-registration
        List<String> names = new ArrayList<>();
        names.add(account.getSubject());
        if (account.getEmail() != null && Boolean.TRUE.equals(account.getEmailVerified())) {
            names.add(account.getEmail().toLowerCase(Locale.ROOT));
        }
        properties.users().forEach((role, users) -> {
            if (users.stream().anyMatch(u -> names.contains(u) || names.contains(u.toLowerCase(Locale.ROOT)))) {
                roles.add(role);
            }
        });
        return roles;
    }

    private static List<String> claimValues(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String value) {
            return List.of(value.split("[,\\s]+"));
        }
        return List.of();
    }

    /** The person as the console knows them: their account's name, and {@code issuer|sub} as who they are. */
    static ConsoleUser consoleUser(OidcUser account) {
        List<Role> roles = account.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5))
                .filter(a -> java.util.Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(a))).map(Role::valueOf).distinct().toList();
        // an e-mail address is personal data that must not reach the logs: never the username or the shown name
        String username = account.getPreferredUsername() != null && !account.getPreferredUsername().contains("@")
                ? account.getPreferredUsername() : account.getSubject();
        String person = account.getFullName() != null && !account.getFullName().contains("@") ? account.getFullName() : username;
        if (person.length() > ConsoleSignIn.MAX_NAME) {
            person = person.substring(0, ConsoleSignIn.MAX_NAME);
        }
        String keyName = "oidc:" + username;
        return new ConsoleUser(person, keyName.length() > 100 ? keyName.substring(0, 100) : keyName, roles, Actor.Kind.OIDC,
                account.getIdToken().getIssuer() + "|" + account.getSubject());
    }

    private static void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
                                 SecurityContextRepository contexts)
            throws IOException, jakarta.servlet.ServletException {
        ConsoleUser user = consoleUser((OidcUser) authentication.getPrincipal());
        UsernamePasswordAuthenticationToken session = UsernamePasswordAuthenticationToken.authenticated(user, null, authentication.getAuthorities());
        session.setDetails(authentication.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(session);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        // the account's name may be an e-mail address: the log names the registration and the client address only
        log.info("console sign-in with OpenID Connect ({}) from {}", authentication instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken t
                ? t.getAuthorizedClientRegistrationId() : "?", authentication.getDetails() instanceof WebAuthenticationDetails w ? w.getRemoteAddress() : "unknown");
        // not a redirect: this answers the provider's cross-site redirect, and a browser may keep treating the redirects
        // that follow as cross-site, without the SameSite=Strict session cookie just set; a page of the console's own
        // that moves on is a same-site navigation, which carries it
        String target = request.getContextPath() + "/console";
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=" + target
                + "\"><title>listguard</title><link rel=\"icon\" type=\"image/svg+xml\" href=\"" + request.getContextPath()
                + "/console/assets/favicon.svg\"></head><body><p><a href=\"" + target + "\">listguard</a></p></body></html>");
    }

    private static void refused(HttpServletRequest request, HttpServletResponse response,
                                org.springframework.security.core.AuthenticationException e) throws IOException {
        String code = e instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : "error";
        log.warn("console sign-in with OpenID Connect refused ({}) from {}", code, request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + "/console/login?" + ("no_listguard_role".equals(code) ? "noRole" : "oidcError"));
    }
}
