package io.listguard.security;

import io.listguard.domain.Messages;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The authorisation rules, one line per endpoint family. Every endpoint of the API must appear here:
 * {@code SecurityMatrixTest} fails for a mapping that no rule names. ADMIN includes every other role.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, OidcProperties.class, ThrottleProperties.class})
class SecurityConfiguration {

    private static final String EVALUATOR = Role.EVALUATOR.name();
    private static final String EDITOR = Role.POLICY_EDITOR.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String ADMIN = Role.ADMIN.name();

    @Bean
    ApiKeys apiKeys(SecurityProperties properties, @Value("${listguard.data-dir:./data}") Path dataDir) {
        return new ApiKeys(properties, dataDir);
    }

    @Bean
    Throttles throttles(ThrottleProperties properties) {
        return new Throttles(properties);
    }

    /**
     * The console's door ({@link ConsoleGuard}), first of all filters: a body reaches no filter that reads parameters
     * (the CSRF filter, the form-content filter) unless its session is signed in.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<ConsoleGuard> consoleGuard(Throttles throttles, org.springframework.context.MessageSource messages,
            @Value("${listguard.console.max-upload:50MB}") org.springframework.util.unit.DataSize maxUpload,
            @Value("${listguard.console.max-bulk-upload:1GB}") org.springframework.util.unit.DataSize maxBulkUpload) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new ConsoleGuard(throttles, maxUpload, maxBulkUpload, messages));
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/console", "/console/*");
        return registration;
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_EVALUATOR
                ROLE_ADMIN > ROLE_POLICY_EDITOR
                ROLE_ADMIN > ROLE_AUDITOR
                """);
    }

    /**
     * The web console: a session, signed in through a form with an API key (the key's roles apply), CSRF-protected
     * forms. Unauthenticated pages redirect to the sign-in page; a role that may not gets the console's 403 page.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, ApiKeys keys, AuthenticationEventPublisher events,
                                org.springframework.beans.factory.ObjectProvider<org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> registrations,
                                OidcProperties oidc) throws Exception {
        // only API keys sign in (and OpenID Connect accounts when a provider is configured): no parent manager, so no
        // other kind of credentials is ever tried
        var oidcProviders = registrations.getIfAvailable();
        ProviderManager signIn = oidcProviders == null ? new ProviderManager(new ConsoleSignIn(keys))
                : new ProviderManager(new ConsoleSignIn(keys), OidcConsoleLogin.authenticationProvider(oidc));
        signIn.setAuthenticationEventPublisher(events); // sign-ins and refusals are logged (ConsoleSignInLog)
        http.securityMatcher("/console", "/console/**")
                .authenticationManager(signIn)
                .formLogin(f -> f.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .usernameParameter("name").passwordParameter("key")
                        .defaultSuccessUrl("/console", false).failureUrl("/console/login?error").permitAll())
                .logout(l -> l.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?signedOut").permitAll())
                .exceptionHandling(e -> e.accessDeniedHandler(SecurityConfiguration::consoleDenied))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/console/assets/**").permitAll()
                        // the sign-in page whatever it says (?error, ?expired, ?throttled, ...); formLogin permits only its own URLs
                        .requestMatchers(HttpMethod.GET, "/console/login").permitAll()
                        .requestMatchers(HttpMethod.GET, "/console", "/console/denied").authenticated()
                        // policies: read by all who work with them, changed by editors, replayed by editors and auditors
                        .requestMatchers(HttpMethod.GET, "/console/policies", "/console/policies/**").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/console/policies/versions/*/replay").hasAnyRole(EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/console/policies/upload", "/console/policies/versions/*/activate",
                                "/console/policies/proposal/accept").hasRole(EDITOR)
                        // issue 11: validate without storing, withdraw a candidate
                        .requestMatchers(HttpMethod.POST, "/console/policies/validate", "/console/policies/versions/*/withdraw",
                                "/console/policies/versions/*/rebuild").hasRole(EDITOR)
                        // four eyes and scheduled activations: editors (the author cannot approve their own change)
                        .requestMatchers(HttpMethod.POST, "/console/policies/versions/*/approve", "/console/policies/versions/*/schedule",
                                "/console/policies/schedules/*/cancel").hasRole(EDITOR)
                        // stored evaluations are the auditors'
                        .requestMatchers(HttpMethod.GET, "/console/evaluations", "/console/evaluations/**").hasRole(AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/console/evaluations/lookup").hasRole(AUDITOR)
                        // data-subject rights (issue 19): a form posted with the identifiers, never a URL holding them
                        .requestMatchers("/console/rights", "/console/rights/**").hasRole(AUDITOR)
                        // trying a policy and bulk jobs: whoever may evaluate
                        .requestMatchers("/console/try", "/console/bulk", "/console/bulk/**").hasRole(EVALUATOR)
                        // mapping profiles (issue 12): read and previewed by all who work with files, changed by editors
                        .requestMatchers(HttpMethod.GET, "/console/profiles/new").hasRole(EDITOR)
                        .requestMatchers(HttpMethod.GET, "/console/profiles", "/console/profiles/**").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/console/profiles/preview").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/console/profiles", "/console/profiles/*/edit", "/console/profiles/*/delete").hasRole(EDITOR)
                        .anyRequest().denyAll());
        // OpenID Connect sign-in too, when a provider is configured (spring.security.oauth2.client.registration.*)
        if (oidcProviders != null) {
            OidcConsoleLogin.configure(http, oidcProviders, oidc);
        }
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiKeys keys, Throttles throttles) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .addFilterBefore(new ApiKeyFilter(keys, throttles), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(request, response, 401, "unauthorized", "api.unauthorized"))
                        .accessDeniedHandler((request, response, ex) -> problem(request, response, 403, "forbidden", "api.forbidden",
                                request.getMethod(), request.getRequestURI())))
                .authorizeHttpRequests(a -> a
                        // the second dispatch of a streamed answer (exports) was authorised by its first
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        // open: liveness for orchestrators, the API description, errors
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/error").permitAll()
                        // applications
                        .requestMatchers(HttpMethod.POST, "/api/v1/evaluations", "/api/v1/evaluations/bulk").hasRole(EVALUATOR)
                        // issue 17: an evaluation run outside the service (a Spark job) recorded with its key, as a bulk job's
                        .requestMatchers(HttpMethod.POST, "/api/v1/evaluations/external").hasRole(EVALUATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/jobs/**").hasRole(EVALUATOR)
                        // cancelling a job: whoever may read it (the controller hides other callers' jobs)
                        .requestMatchers(HttpMethod.POST, "/api/v1/jobs/*/cancel").hasRole(EVALUATOR)
                        // auditors: stored evaluations, lookups, exports
                        .requestMatchers(HttpMethod.GET, "/api/v1/evaluations", "/api/v1/evaluations/**").hasRole(AUDITOR)
                        // data-subject rights (issue 19): lookup, export, restriction and its lift, identifiers in the body; any
                        // other method (a GET with identifiers in the query) reaches the controller and is refused there (405)
                        .requestMatchers("/api/v1/records/**").hasRole(AUDITOR)
                        // auditors (and admins): the audit chain's verification
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit/verify").hasRole(AUDITOR)
                        // policies: read by all who work with them, changed by editors
                        .requestMatchers(HttpMethod.GET, "/api/v1/policies", "/api/v1/policies/**").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/policies/versions/*/replay").hasAnyRole(EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/policies/validate", "/api/v1/policies/versions", "/api/v1/policies/versions/*/activate",
                                "/api/v1/policies/proposal/accept").hasRole(EDITOR)
                        // issue 11: withdraw a candidate, rebuild it on the active version
                        .requestMatchers(HttpMethod.POST, "/api/v1/policies/versions/*/withdraw", "/api/v1/policies/versions/*/rebuild").hasRole(EDITOR)
                        // four eyes and scheduled activations: editors (the author cannot approve their own change)
                        .requestMatchers(HttpMethod.POST, "/api/v1/policies/versions/*/approvals", "/api/v1/policies/versions/*/schedules",
                                "/api/v1/policies/schedules/*/cancel").hasRole(EDITOR)
                        // mapping profiles (issue 12): read and previewed by all who work with files, changed by editors, like policies
                        .requestMatchers(HttpMethod.GET, "/api/v1/profiles", "/api/v1/profiles/**").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/profiles/preview").hasAnyRole(EVALUATOR, EDITOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/profiles").hasRole(EDITOR)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/profiles/*").hasRole(EDITOR)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/profiles/*").hasRole(EDITOR)
                        // the suppression list: read by auditors, changed by admins
                        .requestMatchers(HttpMethod.POST, "/api/v1/suppressions/lookup").hasAnyRole(AUDITOR, ADMIN)
                        // issue 17: the list as keyed hashes, for a job evaluating outside the service; whoever may look it up
                        .requestMatchers(HttpMethod.GET, "/api/v1/suppressions/export").hasAnyRole(AUDITOR, ADMIN)
                        // the former form with the identifier in the URL: 410, for whoever could use it
                        .requestMatchers(HttpMethod.GET, "/api/v1/suppressions").hasAnyRole(AUDITOR, ADMIN)
                        .requestMatchers("/api/v1/suppressions", "/api/v1/suppressions/**").hasRole(ADMIN)
                        // operations
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * A form whose CSRF token is missing or stale (a session that expired while the form was open, or a forged
     * post) is not carried out: the person signs in again. Any other refusal is the console's 403 page.
     */
    private static void consoleDenied(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response,
                                      org.springframework.security.access.AccessDeniedException denied) throws IOException, jakarta.servlet.ServletException {
        if (denied instanceof org.springframework.security.web.csrf.CsrfException) {
            response.sendRedirect(request.getContextPath() + "/console/login?expired");
            return;
        }
        org.springframework.security.web.access.AccessDeniedHandlerImpl page = new org.springframework.security.web.access.AccessDeniedHandlerImpl();
        page.setErrorPage("/console/denied");
        page.handle(request, response, denied);
    }

    /** A 401 or 403 problem+json, its title ({@code api.title.<type>}) and detail (the code) in the caller's language. */
    static void problem(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response, int status, String type, String code,
                                Object... args) throws IOException {
        java.util.Locale locale = Messages.ofAcceptLanguage(request.getHeader("Accept-Language"));
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"urn:listguard:problem:" + type + "\",\"title\":\"" + json(Messages.text(locale, "api.title." + type))
                + "\",\"status\":" + status + ",\"detail\":\"" + json(Messages.text(locale, code, args)) + "\",\"code\":\"" + code + "\"}");
    }

    /** A text as the inside of a JSON string. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
