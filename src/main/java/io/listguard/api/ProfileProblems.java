package io.listguard.api;

import io.listguard.bulk.profiles.ProfileExistsException;
import io.listguard.bulk.profiles.ProfileNotFoundException;
import io.listguard.bulk.profiles.ProfileRefusedException;
import io.listguard.bulk.profiles.StaleProfileException;
import io.listguard.bulk.profiles.UnknownProfileException;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.ProfileProblem;
import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refused steps on mapping profiles as problem+json, each with its message {@code code}, its text in the caller's
 * language (Accept-Language: French or English, English by default): 404 {@code not-found}, 409
 * {@code profile-exists}, 409 {@code stale-profile} (with {@code currentVersion}, {@code updatedBy},
 * {@code updatedAt}), 428 {@code version-required}, 400 {@code invalid-profile} with every problem of a profile (path,
 * code, args, message), and a bulk request naming an unknown profile: 400
 * {@code invalid-request} at {@code request.format.profile} with {@code knownProfiles}.
 */
@RestControllerAdvice(basePackageClasses = ProfileProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProfileProblems {

    @ExceptionHandler(ProfileNotFoundException.class)
    ProblemDetail notFound(ProfileNotFoundException ex, jakarta.servlet.http.HttpServletRequest request) {
        return coded(HttpStatus.NOT_FOUND, "not-found", ex, request);
    }

    @ExceptionHandler(ProfileExistsException.class)
    ProblemDetail exists(ProfileExistsException ex, jakarta.servlet.http.HttpServletRequest request) {
        return coded(HttpStatus.CONFLICT, "profile-exists", ex, request);
    }

    @ExceptionHandler(StaleProfileException.class)
    ProblemDetail stale(StaleProfileException ex, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = coded(HttpStatus.CONFLICT, "stale-profile", ex, request);
        problem.setProperty("expectedVersion", ex.expectedVersion());
        problem.setProperty("currentVersion", ex.currentVersion());
        problem.setProperty("updatedBy", ex.updatedBy());
        problem.setProperty("updatedAt", ex.updatedAt());
        return problem;
    }

    @ExceptionHandler(ProfileRequests.VersionRequiredException.class)
    ProblemDetail versionRequired(ProfileRequests.VersionRequiredException ex,
                                  jakarta.servlet.http.HttpServletRequest request) {
        return coded(HttpStatus.PRECONDITION_REQUIRED, "version-required", ex, request);
    }

    @ExceptionHandler(UnknownProfileException.class)
    ProblemDetail unknown(UnknownProfileException ex, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = coded(HttpStatus.BAD_REQUEST, "invalid-request", ex, request);
        String text = ex.text(ApiLanguage.of(request));
        problem.setDetail(ex.path() + ": " + text);
        problem.setProperty("errors", List.of(new Violation(ex.path(), text)));
        problem.setProperty("knownProfiles", ex.known());
        return problem;
    }

    /** One problem of a profile: its JSON path, its message code and arguments, and its text in the caller's language. */
    record ProfileError(String path, String code, List<String> args, String message) {
    }

    @ExceptionHandler(InvalidProfileException.class)
    ProblemDetail invalid(InvalidProfileException ex, jakarta.servlet.http.HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        List<ProfileProblem> problems = ex.problems();
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-profile", locale,
                problems.size() == 1 ? problems.get(0).path() + ": " + problems.get(0).message(locale)
                        : Messages.text(locale, "profiles.invalid", String.valueOf(problems.size())));
        problem.setProperty("code", "profiles.invalid");
        problem.setProperty("errors", problems.stream().map(p -> new ProfileError(p.path(), p.code(), p.args(), p.message(locale))).toList());
        return problem;
    }

    private static ProblemDetail coded(HttpStatus status, String type, ProfileRefusedException ex, jakarta.servlet.http.HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = ProblemDetailsAdvice.problem(status, type, locale, ex.text(locale));
        problem.setProperty("code", ex.code());
        return problem;
    }
}
