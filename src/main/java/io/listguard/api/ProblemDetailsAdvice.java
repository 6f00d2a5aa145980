package io.listguard.api;

import io.listguard.audit.AuditUnavailableException;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import io.listguard.evaluation.EvaluationFailedException;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.TooManyRecordsException;
import io.listguard.evaluation.UnknownOfferCategoryException;
import io.listguard.lifecycle.PolicyRejectedException;
import io.listguard.lifecycle.VersionNotFoundException;
import io.listguard.suppression.SuppressionNotFoundException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import io.listguard.domain.CodedText;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.domain.Messages;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The one place where errors become RFC 9457 problem+json. Each problem has a stable {@code type}, a readable
 * {@code detail}, and, for bad input, {@code errors}: every faulty field with its JSON path. Messages never echo
 * a whole request (it may hold personal data), only the offending value of an enumerated or dated field.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    static final String TYPE_PREFIX = "urn:listguard:problem:";
    /** The code of a request that cannot be read or is invalid (its violations carry their own codes). */
    static final String INVALID_REQUEST = "request.invalid";

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Locale locale = ApiLanguage.of(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(BodySizeLimitFilter.problem(tooLarge.limit, locale));
        }
        return ResponseEntity.badRequest().body(invalid(List.of(describe(ex)), locale));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException ex, HttpServletRequest request) {
        return invalid(ex.violations(), ApiLanguage.of(request));
    }

    /** 400 invalid-request with every violation in the caller's language: "path: fault", or how many fields are wrong. */
    static ProblemDetail invalid(List<Violation> violations, Locale locale) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", locale,
                violations.size() == 1 ? violations.get(0).located(locale) : Messages.text(locale, "api.invalid.several", violations.size()));
        problem.setProperty("code", violations.size() == 1 && violations.get(0).code() != null ? violations.get(0).code() : INVALID_REQUEST);
        problem.setProperty("errors", violations.stream().map(v -> v.in(locale)).toList());
        return problem;
    }

    @ExceptionHandler(UnknownOfferCategoryException.class)
    ProblemDetail unknownOffer(UnknownOfferCategoryException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-offer-category", locale,
                Messages.text(locale, "api.unknownOffer", ex.offerCategory()));
        problem.setProperty("code", "api.unknownOffer");
        problem.setProperty("errors", List.of(Violation.coded("campaign.offerCategory", "api.unknownOffer.notOneOf", String.join(", ", ex.known())).in(locale)));
        problem.setProperty("knownOfferCategories", ex.known());
        return problem;
    }

    @ExceptionHandler(io.listguard.audit.ExternalEvaluationRefusedException.class)
    ProblemDetail externalRefused(io.listguard.audit.ExternalEvaluationRefusedException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "external-evaluation-refused", locale, ex.message(locale));
        problem.setProperty("code", ex.code());
        return problem;
    }

    @ExceptionHandler(TooManyRecordsException.class)
    ProblemDetail tooMany(TooManyRecordsException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-records", locale,
                Messages.text(locale, "api.tooManyRecords", ex.received(), ex.limit()));
        problem.setProperty("code", "api.tooManyRecords");
        problem.setProperty("limit", ex.limit());
        problem.setProperty("received", ex.received());
        return problem;
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> auditUnavailable(AuditUnavailableException ex, HttpServletRequest request) {
        return auditDown(ex.evaluationId(), ApiLanguage.of(request));
    }

    private static ResponseEntity<ProblemDetail> auditDown(String evaluationId, Locale locale) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", locale, Messages.text(locale, "api.auditUnavailable"));
        problem.setProperty("evaluationId", evaluationId);
        problem.setProperty("code", DATABASE_UNAVAILABLE);
        return unavailable(problem);
    }

    @ExceptionHandler(EvaluationFailedException.class)
    ResponseEntity<ProblemDetail> failed(EvaluationFailedException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        if (ex.getCause() instanceof AuditUnavailableException || ex.getCause() instanceof org.springframework.dao.DataAccessException) {
            return auditDown(ex.evaluationId(), locale);
        }
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", locale,
                Messages.text(locale, "api.evaluationFailed", ex.evaluationId()));
        problem.setProperty("code", "api.evaluationFailed");
        problem.setProperty("evaluationId", ex.evaluationId());
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    /**
     * The database does not answer in time: no connection within the pool's connection timeout, a statement or lock
     * timeout, a broken connection. 503 with Retry-After, in seconds rather than a hung request; nothing was changed.
     */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class, org.springframework.dao.QueryTimeoutException.class,
            org.springframework.dao.CannotAcquireLockException.class, org.springframework.dao.TransientDataAccessResourceException.class})
    ResponseEntity<ProblemDetail> databaseDown(org.springframework.dao.DataAccessException ex, HttpServletRequest request) {
        log.warn("database unavailable, answered 503: {}", ex.getClass().getSimpleName());
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", locale,
                Messages.text(locale, DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS));
        problem.setProperty("code", DATABASE_UNAVAILABLE);
        return unavailable(problem);
    }

    /** The message code of a 503 for a database that does not answer (texts_fr / texts_en). */
    static final String DATABASE_UNAVAILABLE = "database.unavailable";
    /** What a 503 tells a client to wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static ResponseEntity<ProblemDetail> unavailable(ProblemDetail problem) {
        problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(BulkController.JobNotCompleteException.class)
    ProblemDetail jobNotComplete(BulkController.JobNotCompleteException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        var job = ex.job;
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-not-complete", locale, job.error() == null
                ? Messages.text(locale, "api.jobNotComplete", job.id(), job.state()) : Messages.text(locale, "api.jobFailed", job.id(), job.state(), job.error(locale)));
        problem.setProperty("code", "api.jobNotComplete");
        problem.setProperty("state", job.state());
        return problem;
    }

    @ExceptionHandler(io.listguard.bulk.jobs.JobEndedException.class)
    ProblemDetail jobEnded(io.listguard.bulk.jobs.JobEndedException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-ended", locale,
                Messages.text(locale, io.listguard.bulk.jobs.JobEndedException.CODE, ex.job().id(), ex.job().state()));
        problem.setProperty("code", io.listguard.bulk.jobs.JobEndedException.CODE);
        problem.setProperty("state", ex.job().state());
        return problem;
    }

    @ExceptionHandler(io.listguard.bulk.BulkFormatException.class)
    ProblemDetail badFile(io.listguard.bulk.BulkFormatException ex, HttpServletRequest request) {
        // in the caller's language (Accept-Language, English by default), with the code and arguments a client can act on
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-records-file", locale, ex.message(locale));
        problem.setProperty("code", ex.code());
        problem.setProperty("args", ex.args());
        return problem;
    }

    /**
     * A candidate that failed validation or a scenario: how many errors, and the first one, located, in the caller's
     * language (or how many scenarios failed, and the first failure); the whole report is in {@code report}.
     */
    @ExceptionHandler(PolicyRejectedException.class)
    ProblemDetail rejected(PolicyRejectedException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        var report = ex.report();
        String why;
        String code;
        if (!report.errors().isEmpty()) {
            code = "api.policyRejected.errors";
            why = Messages.text(locale, code, report.errors().size(), report.errors().get(0).describe(locale));
        } else if (report.scenarios() != null && report.scenarios().failed() > 0) {
            code = "api.policyRejected.scenarios";
            why = Messages.text(locale, code, report.scenarios().failed(), report.scenarios().failureMessages(locale).get(0));
        } else {
            code = "api.policyRejected";
            why = Messages.text(locale, code);
        }
        String detail = ex.versionId() == null ? Messages.text(locale, "api.policyRejected.upload", why)
                : Messages.text(locale, "api.policyRejected.activation", ex.versionId(), why);
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "policy-rejected", locale, detail);
        problem.setProperty("code", code);
        problem.setProperty("report", report);
        return problem;
    }

    /** Issue 11: an upload or activation that would lose someone's work, with every conflicting cell and its three texts. */
    @ExceptionHandler(io.listguard.lifecycle.PolicyConflictException.class)
    ProblemDetail conflict(io.listguard.lifecycle.PolicyConflictException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        boolean upload = ex.kind() == io.listguard.lifecycle.PolicyConflictException.Kind.UPLOAD;
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "policy-conflict", locale,
                Messages.text(locale, "api.policyConflict.detail", text(ex.text(), ex.getMessage(), locale, "api.policyConflict.generic")));
        problem.setTitle(Messages.text(locale, upload ? "api.title.policy-conflict" : "api.title.policy-conflict.activation"));
        problem.setProperty("code", ex.text() == null ? "api.policyConflict.generic" : ex.text().code());
        problem.setProperty("baseVersion", ex.baseVersion());
        problem.setProperty("activeVersion", ex.activeVersion());
        problem.setProperty("conflicts", ex.conflicts().stream().map(c -> c.in(locale)).toList());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.ConfirmationRequiredException.class)
    ProblemDetail confirmationRequired(io.listguard.lifecycle.ConfirmationRequiredException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "confirmation-required", locale,
                Messages.text(locale, "api.confirmationRequired.detail", text(ex.text(), ex.getMessage(), locale, "api.confirmationRequired.generic")));
        problem.setProperty("code", ex.text() == null ? "api.confirmationRequired.generic" : ex.text().code());
        problem.setProperty("activeVersion", ex.activeVersion());
        problem.setProperty("reverts", ex.reverts());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.SameContentException.class)
    ProblemDetail sameContent(io.listguard.lifecycle.SameContentException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "same-content", locale, text(ex.text(), ex.getMessage(), locale, "api.same.generic"));
        problem.setProperty("code", ex.text() == null ? "api.same.generic" : ex.text().code());
        problem.setProperty("existingVersion", ex.existingVersion());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.PolicyStateException.class)
    ProblemDetail policyState(io.listguard.lifecycle.PolicyStateException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "policy-state", locale, text(ex.text(), ex.getMessage(), locale, "api.policyState.generic"));
        problem.setProperty("code", ex.text() == null ? "api.policyState.generic" : ex.text().code());
        problem.setProperty("version", ex.versionId());
        return problem;
    }

    @ExceptionHandler(VersionNotFoundException.class)
    ProblemDetail notFound(VersionNotFoundException ex, HttpServletRequest request) {
        return notFound(ex.text(), ex.getMessage(), ApiLanguage.of(request));
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ProblemDetail notFound(ResourceNotFoundException ex, HttpServletRequest request) {
        return notFound(ex.text(), ex.getMessage(), ApiLanguage.of(request));
    }

    @ExceptionHandler(SuppressionNotFoundException.class)
    ProblemDetail notSuppressed(SuppressionNotFoundException ex, HttpServletRequest request) {
        return notFound(ex.text(), ex.getMessage(), ApiLanguage.of(request));
    }

    private static ProblemDetail notFound(CodedText text, String message, Locale locale) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", locale, text(text, message, locale, "api.notFound.generic"));
        problem.setProperty("code", text == null ? "api.notFound.generic" : text.code());
        return problem;
    }

    /**
     * A refused parameter or part: its own text when it has a code ({@link InvalidArgumentException}); another
     * {@link IllegalArgumentException}'s message is English, so a French reader gets a general sentence instead.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        CodedText text = ex instanceof InvalidArgumentException coded ? coded.text() : null;
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", locale, text(text, ex.getMessage(), locale, "api.invalidArgument"));
        problem.setProperty("code", text == null ? INVALID_REQUEST : text.code());
        return problem;
    }

    /**
     * A coded text in a language; without a code, the exception's (English) message for an English reader and the
     * general sentence {@code fallback} for a French one, so that no English sentence reaches a French reader.
     */
    static String text(CodedText text, String message, Locale locale, String fallback) {
        if (text != null) {
            return text.render(locale);
        }
        return Messages.ENGLISH.getLanguage().equals(locale.getLanguage()) && message != null ? message : Messages.text(locale, fallback);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(org.springframework.web.multipart.MaxUploadSizeExceededException ex,
                                                                          HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(uploadTooLarge(ApiLanguage.of(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE))));
    }

    private static ProblemDetail uploadTooLarge(Locale locale) {
        ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", locale, Messages.text(locale, "api.uploadTooLarge"));
        problem.setProperty("code", "api.uploadTooLarge");
        return problem;
    }

    /**
     * Spring's own errors (404, 405, 415...) get a listguard problem type too, so that every error reads alike, and
     * a title and detail in the caller's language (Spring's are English).
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            Locale locale = ApiLanguage.of(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            String name = status == null ? "error" : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(TYPE_PREFIX + name));
            String code = "api.http." + statusCode.value();
            if (Messages.has(code + ".title")) {
                problem.setTitle(Messages.text(locale, code + ".title"));
                problem.setDetail(Messages.text(locale, code + ".detail"));
            } else {
                problem.setTitle(Messages.text(locale, "api.http.other.title", statusCode.value()));
                problem.setDetail(Messages.text(locale, "api.http.other.detail", statusCode.value()));
                code = "api.http.other";
            }
            problem.setProperty("code", code);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A body that grew past listguard.limits.max-body-size while it was read (chunked, so no length was declared). */
    @ExceptionHandler(BodySizeLimitFilter.PayloadTooLargeException.class)
    ProblemDetail payloadTooLarge(BodySizeLimitFilter.PayloadTooLargeException ex, HttpServletRequest request) {
        return BodySizeLimitFilter.problem(ex.limit, ApiLanguage.of(request));
    }

    /** The cause that says the body was cut at the size limit, wherever it is in the chain; null if none. */
    private static BodySizeLimitFilter.PayloadTooLargeException tooLarge(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodySizeLimitFilter.PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ProblemDetail brokenUpload(org.springframework.web.multipart.MultipartException ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        if (ex instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return uploadTooLarge(locale);
        }
        log.info("a multipart upload could not be read (interrupted or malformed): {}", ex.getClass().getSimpleName());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", locale, Messages.text(locale, "api.uploadUnreadable"));
        problem.setProperty("code", "api.uploadUnreadable");
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex, HttpServletRequest request) {
        Locale locale = ApiLanguage.of(request);
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            return BodySizeLimitFilter.problem(tooLarge.limit, locale);
        }
        if (clientGone(ex)) {
            // the client closed the connection mid-request (e.g. an interrupted upload): nothing to answer, nothing broken
            log.info("request abandoned by the client: {}", ex.getClass().getSimpleName());
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", locale, Messages.text(locale, "api.bodyEnded"));
            problem.setProperty("code", "api.bodyEnded");
            return problem;
        }
        log.error("unexpected error", ex);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", locale, Messages.text(locale, "api.internalError"));
        problem.setProperty("code", "api.internalError");
        return problem;
    }

    private static boolean clientGone(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("ClientAbortException") || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /** A problem whose title is its type's ({@code api.title.<type>}) in a language. */
    static ProblemDetail problem(HttpStatus status, String type, Locale locale, String detail) {
        return problem(status, type, Messages.text(locale, "api.title." + type), detail);
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    /** Names the JSON path and the fault of a body that Jackson could not read. */
    static Violation describe(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof JacksonException jackson) {
            return JsonErrors.describe(jackson);
        }
        return Violation.coded("$", ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")
                ? "request.bodyMissing" : "request.bodyUnreadable");
    }
}
