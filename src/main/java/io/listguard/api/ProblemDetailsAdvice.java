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

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(BodySizeLimitFilter.problem(tooLarge.limit));
        }
        Violation violation = describe(ex);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                violation.path() + ": " + violation.message());
        problem.setProperty("errors", List.of(violation));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException ex) {
        List<Violation> violations = ex.violations();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                violations.size() == 1 ? violations.get(0).path() + ": " + violations.get(0).message()
                        : violations.size() + " fields are invalid; see errors");
        problem.setProperty("errors", violations);
        return problem;
    }

    @ExceptionHandler(UnknownOfferCategoryException.class)
    ProblemDetail unknownOffer(UnknownOfferCategoryException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-offer-category", "Unknown offer category",
                "campaign.offerCategory '" + ex.offerCategory() + "' is not defined by the active policies");
        problem.setProperty("errors", List.of(new Violation("campaign.offerCategory", "is not one of " + String.join(", ", ex.known()))));
        problem.setProperty("knownOfferCategories", ex.known());
        return problem;
    }

    @ExceptionHandler(TooManyRecordsException.class)
    ProblemDetail tooMany(TooManyRecordsException ex) {
        ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "too-many-records", "Too many records", ex.getMessage());
        problem.setProperty("limit", ex.limit());
        problem.setProperty("received", ex.received());
        return problem;
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> auditUnavailable(AuditUnavailableException ex) {
        return auditDown(ex.evaluationId());
    }

    private static ResponseEntity<ProblemDetail> auditDown(String evaluationId) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", "Audit trail unavailable",
                "The database cannot be written, so no answer is given: an evaluation is never answered unaudited. Retry later.");
        problem.setProperty("evaluationId", evaluationId);
        problem.setProperty("code", DATABASE_UNAVAILABLE);
        return unavailable(problem);
    }

    @ExceptionHandler(EvaluationFailedException.class)
    ResponseEntity<ProblemDetail> failed(EvaluationFailedException ex) {
        if (ex.getCause() instanceof AuditUnavailableException || ex.getCause() instanceof org.springframework.dao.DataAccessException) {
            return auditDown(ex.evaluationId());
        }
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The evaluation could not be completed; nothing was decided. The error is logged under evaluation id " + ex.evaluationId() + ".");
        problem.setProperty("evaluationId", ex.evaluationId());
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    /**
     * The database does not answer in time: no connection within the pool's connection timeout, a statement or lock
     * timeout, a broken connection. 503 with Retry-After, in seconds rather than a hung request; nothing was changed.
     */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class, org.springframework.dao.QueryTimeoutException.class,
            org.springframework.dao.CannotAcquireLockException.class, org.springframework.dao.TransientDataAccessResourceException.class})
    ResponseEntity<ProblemDetail> databaseDown(org.springframework.dao.DataAccessException ex, jakarta.servlet.http.HttpServletRequest request) {
        log.warn("database unavailable, answered 503: {}", ex.getClass().getSimpleName());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                io.listguard.domain.Messages.text(ProfileRequests.language(request), DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS));
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
    ProblemDetail jobNotComplete(BulkController.JobNotCompleteException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-not-complete", "Job not complete", ex.getMessage());
        problem.setProperty("state", ex.job.state());
        return problem;
    }

    @ExceptionHandler(io.listguard.bulk.jobs.JobEndedException.class)
    ProblemDetail jobEnded(io.listguard.bulk.jobs.JobEndedException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-ended", "Job already ended", ex.getMessage());
        problem.setProperty("code", io.listguard.bulk.jobs.JobEndedException.CODE);
        problem.setProperty("state", ex.job().state());
        return problem;
    }

    @ExceptionHandler(io.listguard.bulk.BulkFormatException.class)
    ProblemDetail badFile(io.listguard.bulk.BulkFormatException ex, jakarta.servlet.http.HttpServletRequest request) {
        // in the caller's language (Accept-Language, English by default), with the code and arguments a client can act on
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-records-file", "Invalid records file",
                ex.message(ProfileRequests.language(request)));
        problem.setProperty("code", ex.code());
        problem.setProperty("args", ex.args());
        return problem;
    }

    @ExceptionHandler(PolicyRejectedException.class)
    ProblemDetail rejected(PolicyRejectedException ex) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "policy-rejected", "Policy rejected",
                ex.getMessage() + ". The active version is unchanged.");
        problem.setProperty("report", ex.report());
        return problem;
    }

    /** Issue 11: an upload or activation that would lose someone's work, with every conflicting cell and its three texts. */
    @ExceptionHandler(io.listguard.lifecycle.PolicyConflictException.class)
    ProblemDetail conflict(io.listguard.lifecycle.PolicyConflictException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "policy-conflict",
                ex.kind() == io.listguard.lifecycle.PolicyConflictException.Kind.UPLOAD ? "Conflicting changes" : "Activation would undo changes",
                ex.getMessage() + ". Nothing was stored or activated.");
        problem.setProperty("baseVersion", ex.baseVersion());
        problem.setProperty("activeVersion", ex.activeVersion());
        problem.setProperty("conflicts", ex.conflicts());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.ConfirmationRequiredException.class)
    ProblemDetail confirmationRequired(io.listguard.lifecycle.ConfirmationRequiredException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "confirmation-required", "Confirmation required",
                ex.getMessage() + ". Nothing was activated; send it again with confirm=true to replace these rows.");
        problem.setProperty("activeVersion", ex.activeVersion());
        problem.setProperty("reverts", ex.reverts());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.SameContentException.class)
    ProblemDetail sameContent(io.listguard.lifecycle.SameContentException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "same-content", "Same content as a stored version", ex.getMessage());
        problem.setProperty("existingVersion", ex.existingVersion());
        return problem;
    }

    @ExceptionHandler(io.listguard.lifecycle.PolicyStateException.class)
    ProblemDetail policyState(io.listguard.lifecycle.PolicyStateException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "policy-state", "Not possible in this version's state", ex.getMessage());
        problem.setProperty("version", ex.versionId());
        return problem;
    }

    @ExceptionHandler({VersionNotFoundException.class, ResourceNotFoundException.class})
    ProblemDetail notFound(RuntimeException ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(SuppressionNotFoundException.class)
    ProblemDetail notSuppressed(SuppressionNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException ex) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(org.springframework.web.multipart.MaxUploadSizeExceededException ex,
                                                                          HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large",
                "Upload too large", "the upload exceeds the configured limit (spring.servlet.multipart.max-file-size / max-request-size)"));
    }

    /** Spring's own errors (404, 405, 415...) get a listguard problem type too, so that every error reads alike. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            String name = status == null ? "error" : status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            problem.setType(URI.create(TYPE_PREFIX + name));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A body that grew past listguard.limits.max-body-size while it was read (chunked, so no length was declared). */
    @ExceptionHandler(BodySizeLimitFilter.PayloadTooLargeException.class)
    ProblemDetail payloadTooLarge(BodySizeLimitFilter.PayloadTooLargeException ex) {
        return BodySizeLimitFilter.problem(ex.limit);
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
    ProblemDetail brokenUpload(org.springframework.web.multipart.MultipartException ex) {
        if (ex instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                    "the upload exceeds the configured limit (spring.servlet.multipart.max-file-size / max-request-size)");
        }
        log.info("a multipart upload could not be read (interrupted or malformed): {}", ex.getClass().getSimpleName());
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "the upload could not be read: it was interrupted or is not a well-formed multipart/form-data body");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        BodySizeLimitFilter.PayloadTooLargeException tooLarge = tooLarge(ex);
        if (tooLarge != null) {
            return BodySizeLimitFilter.problem(tooLarge.limit);
        }
        if (clientGone(ex)) {
            // the client closed the connection mid-request (e.g. an interrupted upload): nothing to answer, nothing broken
            log.info("request abandoned by the client: {}", ex.getClass().getSimpleName());
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", "the request body ended before it was complete");
        }
        log.error("unexpected error", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be completed; nothing was decided or changed. The error is logged.");
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
        return new Violation("$", ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")
                ? "the request body is missing" : "the request body cannot be read as JSON");
    }
}
