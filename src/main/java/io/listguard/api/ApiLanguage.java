package io.listguard.api;

import io.listguard.domain.Messages;
import java.util.Locale;

/**
 * The language of the API's texts (problem+json {@code title} and {@code detail}, violations, scenario lines): French
 * when the caller's {@code Accept-Language} prefers it ({@code fr}, {@code fr-FR}, ...), English otherwise; English
 * without the header, as the API always answered. One place for every controller, advice and filter of the API; the
 * service's own locale resolver is the console's (French by default), so the API does not use it.
 */
public final class ApiLanguage {

    private ApiLanguage() {
    }

    /** The language of a request's answer. */
    public static Locale of(jakarta.servlet.http.HttpServletRequest request) {
        return of(request == null ? null : request.getHeader("Accept-Language"));
    }

    /** The language an {@code Accept-Language} header asks for: French or English, English when it asks for neither. */
    public static Locale of(String acceptLanguage) {
        return Messages.ofAcceptLanguage(acceptLanguage);
    }
}
