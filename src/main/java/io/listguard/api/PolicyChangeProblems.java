package io.listguard.api;

import io.listguard.lifecycle.ApprovalsRequiredException;
import io.listguard.lifecycle.PolicyChangeRefusedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refused steps of a policy change as problem+json: 409 {@code approvals-required} (with {@code approvalsRequired}
 * and {@code approvalsGiven}) for an activation that lacks approvals, 409 {@code approval-refused} or
 * {@code schedule-refused}, 409 {@code activation-superseded} when another activation (on any instance) came first, 400 {@code invalid-request} for a missing reason. Each carries its message code.
 */
@RestControllerAdvice(basePackageClasses = PolicyChangeProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PolicyChangeProblems {

    @ExceptionHandler(ApprovalsRequiredException.class)
    ResponseEntity<ProblemDetail> approvalsRequired(ApprovalsRequiredException ex, jakarta.servlet.http.HttpServletRequest request) {
        java.util.Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.CONFLICT, "approvals-required", locale,
                io.listguard.domain.Messages.text(locale, "api.nothingActivated", ex.message(locale)));
        problem.setProperty("code", ex.code());
        problem.setProperty("versionId", ex.versionId());
        problem.setProperty("approvalsRequired", ex.required());
        problem.setProperty("approvalsGiven", ex.given());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** 409 {@code activation-superseded}: another activation won; names the version now active, by whom, when. */
    @ExceptionHandler(io.listguard.lifecycle.ActivationSupersededException.class)
    ResponseEntity<ProblemDetail> superseded(io.listguard.lifecycle.ActivationSupersededException ex, jakarta.servlet.http.HttpServletRequest request) {
        java.util.Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.CONFLICT, "activation-superseded", locale, ex.message(locale));
        problem.setProperty("code", ex.code());
        problem.setProperty("versionId", ex.versionId());
        problem.setProperty("activeVersion", ex.winner().activeVersion());
        problem.setProperty("activatedBy", ex.winner().changedBy());
        problem.setProperty("activatedAt", ex.winner().changedAt() == null ? null : ex.winner().changedAt().toString());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(PolicyChangeRefusedException.class)
    ResponseEntity<ProblemDetail> refused(PolicyChangeRefusedException ex, jakarta.servlet.http.HttpServletRequest request) {
        java.util.Locale locale = ApiLanguage.of(request);
        HttpStatus status = HttpStatus.valueOf(ex.status());
        String type = status == HttpStatus.BAD_REQUEST ? "invalid-request" : ex.code().startsWith("schedule.") ? "schedule-refused" : "approval-refused";
        ProblemDetail problem = ProblemDetailsAdvice.problem(status, type, locale, ex.message(locale));
        problem.setProperty("code", ex.code());
        return ResponseEntity.status(status).body(problem);
    }
}
