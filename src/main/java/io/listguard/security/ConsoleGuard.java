package io.listguard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's door, before any filter reads a parameter (the CSRF filter reads {@code _csrf} with
 * {@code getParameter}, which makes the container parse, and spool to disk, a multipart body): a request to
 * {@code /console/**} that carries a body is refused <b>unread</b> unless its session is signed in. The one
 * exception is the key sign-in form, a small URL-encoded post, refused unread too while its address is throttled
 * ({@link Throttles}). A signed-in person's upload is refused unread when its declared length is over what the
 * page needs: {@code listguard.console.max-bulk-upload} for bulk records files, {@code listguard.console.max-upload}
 * for every other form (policy workbooks, a records file to try or preview). Each refusal closes the connection.
 */
final class ConsoleGuard extends OncePerRequestFilter {

    /** The sign-in form: a name and a key, with the CSRF token. */
    static final long MAX_SIGN_IN = 16 * 1024;

    private final Throttles throttles;
    private final long maxUpload;
    private final long maxBulkUpload;
    private final MessageSource messages;

    ConsoleGuard(Throttles throttles, DataSize maxUpload, DataSize maxBulkUpload, MessageSource messages) {
        this.throttles = throttles;
        this.maxUpload = maxUpload.toBytes();
        this.maxBulkUpload = maxBulkUpload.toBytes();
        this.messages = messages;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/console") || path.startsWith("/console/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean body = length > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!body) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean multipart = type.startsWith("multipart/");
        if (!signedIn(request)) {
            boolean signInForm = "POST".equals(request.getMethod()) && path.equals("/console/login") && !multipart && length >= 0 && length <= MAX_SIGN_IN;
            if (!signInForm) {
                // a session that ended while its form was open: "sign in again, nothing was done", as for a stale CSRF token
                boolean ended = request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
                refuse(request, response, ended ? "/console/login?expired" : "/console/login");
                return;
            }
            if (!throttles.blocked(request.getRemoteAddr()).isZero()) {
                refuse(request, response, "/console/login?throttled");
                return;
            }
        } else if (multipart) {
            long max = path.equals("/console/bulk") || path.startsWith("/console/bulk/") ? maxBulkUpload : maxUpload;
            if (length < 0 || length > max) {
                tooLarge(request, response);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Signed in: the session holds an authenticated, non-anonymous security context (read, never created). */
    private static boolean signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !request.isRequestedSessionIdValid()) {
            return false;
        }
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        Authentication auth = context instanceof SecurityContext c ? c.getAuthentication() : null;
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }

    /** Sent to sign in, the body left unread: the container closes the connection rather than read it. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, String where) throws IOException {
        response.setHeader("Connection", "close");
        response.sendRedirect(request.getContextPath() + where);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale locale = english(request) ? Locale.ENGLISH : Locale.FRENCH;
        response.setStatus(413);
        response.setHeader("Connection", "close");
        response.setContentType("text/html;charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String text = HtmlUtils.htmlEscape(messages.getMessage("error.uploadTooLarge", null, locale));
        response.getWriter().write("<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>listguard</title>"
                + "<link rel=\"icon\" type=\"image/svg+xml\" href=\"" + request.getContextPath() + "/console/assets/favicon.svg\">"
                + "<link rel=\"stylesheet\" href=\"" + request.getContextPath() + "/console/assets/console.css\"></head><body><main><h1>413</h1><p>"
                + text + "</p><p><a href=\"" + request.getContextPath() + "/console\">listguard</a></p></main></body></html>");
    }

    /** The console's language cookie (CookieLocaleResolver, French unless it says English). */
    private static boolean english(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if ("listguard-lang".equals(c.getName()) && c.getValue() != null && c.getValue().toLowerCase(Locale.ROOT).startsWith("en")) {
                    return true;
                }
            }
        }
        return false;
    }
}
