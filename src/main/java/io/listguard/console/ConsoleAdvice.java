package io.listguard.console;

import io.listguard.lifecycle.VersionNotFoundException;
import io.listguard.security.ConsoleUser;
import io.listguard.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page needs: who is signed in and what their key allows (the menu shows only that), the page's
 * path; and errors as console pages rather than problem+json (which the API keeps).
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final MessageSource messages;

    ConsoleAdvice(MessageSource messages) {
        this.messages = messages;
    }

    /** What the signed-in key may do, for menus and buttons (the security rules decide; this only hides). */
    record Can(boolean readPolicies, boolean editPolicies, boolean replay, boolean audit, boolean evaluate) {
        static final Can NOTHING = new Can(false, false, false, false, false);

        static Can of(ConsoleUser user) {
            if (user == null) {
                return NOTHING;
            }
            boolean evaluate = user.may(Role.EVALUATOR);
            boolean edit = user.may(Role.POLICY_EDITOR);
            boolean audit = user.may(Role.AUDITOR);
            return new Can(evaluate || edit || audit, edit, edit || audit, audit, evaluate);
        }
    }

    @ModelAttribute("user")
    ConsoleUser user(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser user ? user : null;
    }

    @ModelAttribute("can")
    Can can(Authentication authentication) {
        return Can.of(user(authentication));
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI();
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 404, messages.getMessage(e.code, e.args, locale));
    }

    /** A version (or a file of it) that is not stored: the service's text names it in English, so the page says it in the reader's words. */
    @ExceptionHandler(VersionNotFoundException.class)
    String versionNotFound(VersionNotFoundException e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 404, foreign(e, locale));
    }

    @ExceptionHandler(BadRequestException.class)
    String badRequest(BadRequestException e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 400, messages.getMessage(e.code, e.args, locale));
    }

    @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
    String missingParameter(org.springframework.web.bind.MissingServletRequestParameterException e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 400, messages.getMessage("error.parameterMissing", new Object[] {e.getParameterName()}, locale));
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    String badParameter(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response,
                        Locale locale) {
        return error(model, response, 400, messages.getMessage("error.parameterInvalid", new Object[] {e.getName(), String.valueOf(e.getValue())}, locale));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badRequest(IllegalArgumentException e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 400, foreign(e, locale));
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    String badUpload(Exception e, Model model, HttpServletResponse response, Locale locale) {
        return error(model, response, 400, messages.getMessage("error.upload", null, locale));
    }

    /** The database does not answer in time: a page saying so (and when to try again), not an error 500. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class, org.springframework.dao.QueryTimeoutException.class,
            org.springframework.dao.CannotAcquireLockException.class, org.springframework.dao.TransientDataAccessResourceException.class})
    String databaseDown(Exception e, Model model, HttpServletResponse response) {
        log.warn("database unavailable, console page 503: {}", e.getClass().getSimpleName());
        response.setHeader("Retry-After", "5");
        return error(model, response, 503, null);
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, Model model, HttpServletResponse response) {
        log.error("console page failed", e);
        return error(model, response, 500, null);
    }

    /**
     * The text of an exception thrown outside the console, which only has an English one: shown to a reader of
     * English; a French reader gets the page's own explanation instead (error.NNN.help), never English.
     */
    private static String foreign(RuntimeException e, Locale locale) {
        return ConsoleFormat.french(locale) ? null : e.getMessage();
    }

    private static String error(Model model, HttpServletResponse response, int status, String detail) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("detail", detail);
        return "console/error";
    }

    /** A refusal said by a message code of the console and its arguments. */
    abstract static class CodedRefusal extends RuntimeException {
        final String code;
        final Object[] args;

        CodedRefusal(String code, Object... args) {
            super(code);
            this.code = code;
            this.args = args;
        }
    }

    /** A console page about something that does not exist. */
    static class NotFoundException extends CodedRefusal {
        NotFoundException(String code, Object... args) {
            super(code, args);
        }
    }

    /** A request the console cannot serve as sent. */
    static class BadRequestException extends CodedRefusal {
        BadRequestException(String code, Object... args) {
            super(code, args);
        }
    }
}
