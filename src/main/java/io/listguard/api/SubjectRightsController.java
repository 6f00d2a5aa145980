package io.listguard.api;

import io.listguard.audit.SubjectRights;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A data subject's rights over the audit trail (GDPR arts. 15 and 18): lookup, export, restriction and its lift.
 * The identifiers come in the JSON body only, never in a URL (proxies and access logs keep URLs); they are hashed on
 * arrival and never logged or answered.
 */
@Tag(name = "Data-subject rights", description = "What the audit trail holds about a person: lookup, export, restriction of processing")
@RestController
class SubjectRightsController {

    /** A person named by any of their identifiers, and the page of a lookup. */
    record SubjectBody(String email, String phone, String address, Integer page, Integer size) {
    }

    /** A restriction to record: the person, why, on which basis, and optionally who asked (as in the suppression list). */
    record RestrictionBody(String email, String phone, String address, String reason, String legalBasis, String restrictedBy) {
    }

    /** A restriction to lift, by its id (never by an identifier in a URL), and why. */
    record LiftBody(Long id, String reason, String liftedBy) {
    }

    private final SubjectRights rights;

    SubjectRightsController(SubjectRights rights) {
        this.rights = rights;
    }

    @Operation(summary = "Every finished evaluation that included a person, by email, phone and/or postal address, paged and capped",
            description = "The identifiers go in the body. Answers the record rows newest first, at most size (500) per page and "
                    + SubjectRights.MAX_ROWS + " in all (truncated says when there are more), and the person's restrictions.")
    @PostMapping("/api/v1/records/lookup")
    SubjectRights.LookupPage lookup(@RequestBody(required = false) SubjectBody body, HttpServletRequest request) {
        SubjectBody given = given(body, request);
        return rights.lookup(rights.subject(given.email(), given.phone(), given.address()), given.page() == null ? 0 : given.page(),
                given.size() == null ? 50 : given.size());
    }

    @Operation(operationId = "exportSubject", summary = "Everything held about a person: every stored record row with the facts its evaluation used (art. 15)",
            description = "Facts as stored (contact points as their surrogates), verdict, reasons, legal bases, policy version, campaign, file, "
                    + "evaluation id and time; at most " + SubjectRights.MAX_EXPORT_ROWS + " rows, newest first (truncated says when there are more).")
    @PostMapping("/api/v1/records/export")
    ResponseEntity<SubjectRights.Export> export(@RequestBody(required = false) SubjectBody body, HttpServletRequest request) {
        SubjectBody given = given(body, request);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"subject-export.json\"")
                .body(rights.export(rights.subject(given.email(), given.phone(), given.address())));
    }

    @Operation(summary = "Restrict the processing of a person's data (art. 18)",
            description = "Their stored rows are kept but withheld (no replay, no record view but this path), and their records are excluded "
                    + "from every later evaluation until the restriction is lifted. Who, when and the basis are recorded.")
    @ApiResponse(responseCode = "201", description = "Recorded: the restriction")
    @PostMapping("/api/v1/records/restrictions")
    ResponseEntity<SubjectRights.Restriction> restrict(@RequestBody(required = false) RestrictionBody body, HttpServletRequest request,
                                                       Principal caller) {
        noIdentifierInQuery(request);
        if (body == null) {
            throw new InvalidArgumentException("api.rights.identifier");
        }
        SubjectRights.Subject subject = rights.subject(body.email(), body.phone(), body.address());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(rights.restrict(subject, body.reason(), body.legalBasis(), Callers.accountable(name(body.restrictedBy()), caller)));
    }

    @Operation(summary = "The restrictions recorded, newest first: active ones only (default) or all, lifted ones too")
    @GetMapping("/api/v1/records/restrictions")
    List<SubjectRights.Restriction> restrictions(@RequestParam(defaultValue = "true") boolean active, @RequestParam(defaultValue = "0") int page,
                                                 @RequestParam(defaultValue = "50") int size) {
        return rights.restrictions(active, page, size);
    }

    @Operation(summary = "Lift a restriction, by its id; who, when and why are recorded on it")
    @ApiResponse(responseCode = "200", description = "Lifted: the restriction, with who lifted it, when and why")
    @ApiResponse(responseCode = "404", description = "No active restriction of that id (never recorded, or lifted already)")
    @PostMapping("/api/v1/records/restrictions/lift")
    SubjectRights.Restriction lift(@RequestBody(required = false) LiftBody body, Principal caller) {
        if (body == null || body.id() == null) {
            throw new InvalidArgumentException("api.rights.required", "id");
        }
        return rights.lift(body.id(), body.reason(), Callers.accountable(name(body.liftedBy()), caller))
                .orElseThrow(() -> new ResourceNotFoundException("api.notFound.restriction", body.id()));
    }

    private static SubjectBody given(SubjectBody body, HttpServletRequest request) {
        noIdentifierInQuery(request);
        return body == null ? new SubjectBody(null, null, null, null, null) : body;
    }

    /** An identifier in the query string is refused, not ignored: it has reached the URL, the caller must know. */
    private static void noIdentifierInQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null) {
            for (String part : query.split("&")) {
                String name = part.split("=", 2)[0];
                if (name.equals("email") || name.equals("phone") || name.equals("address")) {
                    throw new InvalidArgumentException("api.rights.inQuery");
                }
            }
        }
    }

    private static String name(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String stripped = given.strip();
        if (io.listguard.domain.Identifiers.controlProblem(stripped) != null || stripped.length() > 200) {
            throw new InvalidArgumentException("api.rights.name");
        }
        return stripped;
    }
}
