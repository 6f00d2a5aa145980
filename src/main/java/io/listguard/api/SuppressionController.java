package io.listguard.api;

import io.listguard.bulk.BulkEncodingException;
import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.security.Callers;
import io.listguard.suppression.SuppressionChecks;
import io.listguard.suppression.SuppressionChecks.Identifier;
import io.listguard.suppression.SuppressionImport;
import io.listguard.suppression.Suppressions;
import io.listguard.suppression.Suppressions.Kind;
import io.listguard.suppression.Suppressions.NewSuppression;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The central suppression list (R20) over REST: HTTP in and out only; what is checked, stored and imported is
 * {@code io.listguard.suppression}'s. Identifiers are hashed as soon as they arrive: they are never stored, logged or
 * answered in clear, and error messages never quote them.
 */
@Tag(name = "Suppression list", description = "The central list of people who objected to direct marketing (R20, GDPR art. 21(2)-(3)). "
        + "An objection is absolute: a suppressed email, phone or postal address is excluded (reason SUPPRESSED) from every "
        + "later evaluation on every channel, whatever the rented file says. Emails, phones and postal addresses are kept only as "
        + "keyed hashes; two spellings of one phone (06 12 34 56 78, +33612345678) or of one address (12 bd Voltaire, "
        + "12, Boulevard Voltaire) are one entry.")
@RestController
@RequestMapping("/api/v1/suppressions")
class SuppressionController {

    private static final Logger log = LoggerFactory.getLogger(SuppressionController.class);

    static final int MAX_ENTRIES = SuppressionChecks.MAX_ENTRIES;
    static final int MAX_LINE_LENGTH = SuppressionImport.MAX_LINE_LENGTH;
    static final int MAX_REPORTED_REJECTIONS = SuppressionImport.MAX_REPORTED_REJECTIONS;
    static final int MIN_JUSTIFICATION = SuppressionChecks.MIN_JUSTIFICATION;
    private static final int MAX_REASON = SuppressionChecks.MAX_REASON;
    private static final int MAX_SOURCE = SuppressionChecks.MAX_SOURCE;
    private static final int MAX_NAME = 200;
    private static final String DEFAULT_CALLER = "api";

    @Schema(description = "One identifier to suppress: exactly one of email, phone or address, with the reason and the source of the objection")
    record Entry(@Schema(description = "the email address (or give phone)", example = "claire.martin@example.org") String email,
                 @Schema(description = "the phone number, any usual spelling (or give email)", example = "06 12 34 56 78") String phone,
                 @Schema(description = "why, e.g. the person objected by reply to a campaign", requiredMode = Schema.RequiredMode.REQUIRED,
                         maxLength = MAX_REASON) String reason,
                 @Schema(description = "where the objection came from, e.g. a campaign, a letter, the hotline",
                         requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_SOURCE) String source,
                 @Schema(description = "the postal address, one line, any usual spelling: case, accents, punctuation and the usual "
                         + "abbreviations (bd, av, r, pl, st...) do not matter (or give email or phone)",
                         example = "12 bd Voltaire, 75011 Paris") String address) {
    }

    @Schema(description = "Identifiers to add to the suppression list")
    record AddRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Entry> entries,
                      @Schema(description = "who adds them; 'api' when absent") String createdBy) {
    }

    @Schema(description = "How many entries were added and how many were on the list already (the first suppression is kept)")
    record AddResponse(int added, int alreadySuppressed) {
    }

    @Schema(description = "The suppression of the identifier asked about (the identifier itself is never answered)")
    record SuppressionView(boolean suppressed, Kind kind, String reason, String source, String createdBy, Instant createdAt) {
    }

    @Schema(description = "A line of an imported file that was not added, and why (its content is never quoted)")
    record Rejection(@Schema(description = "the line (from 1, the header and blank lines counted)") int line,
                     @Schema(description = "the column at fault (1 identifier, 2 reason, 3 source, 4 and over: one too many); "
                             + "absent when the line as a whole is at fault") Integer column,
                     String reason) {
    }

    @Schema(description = "The outcome of an import. lines counts the data lines (not the header nor blank lines): "
            + "lines = added + alreadySuppressed + rejectedCount. rejected lists at most " + MAX_REPORTED_REJECTIONS + " lines.")
    record ImportResult(int lines, int added, int alreadySuppressed, int rejectedCount, List<Rejection> rejected) {
    }

    private final Suppressions suppressions;

    SuppressionController(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    /** The header that names the key of an export's hashes ({@code IdentifierHashes#keyId()}). */
    static final String KEY_ID_HEADER = "X-Listguard-Hash-Key-Id";

    @Operation(summary = "Export the suppression list and the restrictions of processing as keyed hashes, streamed",
            description = "For an evaluation run outside the service (the Spark job, issue 17): every identifier that bars a record "
                    + "before the rules, as its keyed hash (HMAC-SHA256, never in clear), one line each: "
                    + "bar,kind,identifier_hash where bar is SUPPRESSED (the suppression list, R20) or RESTRICTED (an active "
                    + "restriction of processing, GDPR art. 18, R29) and kind EMAIL, PHONE or ADDRESS. The header "
                    + KEY_ID_HEADER + " is the fingerprint of the key the hashes were made with (the first 16 hex digits of "
                    + "SHA-256(HMAC(key, \"listguard-key-id\"))): a job built with io.listguard.domain.IdentifierHashes over its "
                    + "key checks that keyId() equals it before it trusts the list, since hashes made with another key match nobody. "
                    + "Read it with io.listguard.evaluation.HashedSuppressionList.read. Each export is logged with its caller and counts.")
    @ApiResponse(responseCode = "200", description = "The export, streamed (text/csv)", content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = "text/csv", examples = @io.swagger.v3.oas.annotations.media.ExampleObject(value = "bar,kind,identifier_hash\n"
            + "SUPPRESSED,EMAIL,3f0c1d5e9a7b2c4d6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f\n"
            + "RESTRICTED,PHONE,9b8a7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f3021120f3e4d5c6b7a89\n")),
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = KEY_ID_HEADER, description = "the key's fingerprint, 16 hex digits"))
    @org.springframework.web.bind.annotation.GetMapping(path = "/export", produces = "text/csv")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> export(
            @io.swagger.v3.oas.annotations.Parameter(hidden = true) java.security.Principal caller) {
        String by = caller == null ? DEFAULT_CALLER : caller.getName();
        org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody body = out -> {
            Suppressions.ExportCounts counts = suppressions.export(out);
            // who took the list and how much of it, never what it holds
            log.info("suppression export by {}: {} suppressed and {} restricted hashes, key {}", by, counts.suppressed(), counts.restricted(),
                    counts.keyId());
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(KEY_ID_HEADER, suppressions.keyId())
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"suppressions.csv\"")
                .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    @Operation(summary = "Add one or many identifiers to the suppression list",
            description = "Each entry has exactly one of email or phone, and a reason and a source. All entries are checked first: "
                    + "if any is invalid nothing is added and every fault is reported at its path (entries[2].email), so the "
                    + "request can be fixed and sent again. An identifier already on the list keeps its first suppression and is "
                    + "counted in alreadySuppressed. At most " + MAX_ENTRIES + " entries per request; import larger lists as a file.")
    @ApiResponse(responseCode = "201", description = "Added; the counts say how many were new")
    @ApiResponse(responseCode = "400", description = "An invalid entry; nothing added; every fault with its path")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AddResponse> add(@RequestBody AddRequest request) {
        List<Violation> violations = new ArrayList<>();
        List<Entry> given = request == null ? null : request.entries();
        List<NewSuppression> entries = SuppressionChecks.entries(given == null ? null : given.stream()
                .map(e -> e == null ? null : new SuppressionChecks.Given(e.email(), e.phone(), e.reason(), e.source(), e.address())).toList(), violations);
        String createdBy = caller(request == null ? null : request.createdBy(), "createdBy", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Suppressions.AddResult result = suppressions.addAll(entries, createdBy);
        log.info("suppression list: {} entries added, {} already suppressed, by {}", result.added(), result.alreadySuppressed(), createdBy);
        return ResponseEntity.status(HttpStatus.CREATED).body(new AddResponse(result.added(), result.alreadySuppressed()));
    }

    @Schema(description = "One identifier to look up: exactly one of email, phone or address")
    record LookupRequest(@Schema(description = "the email address", example = "claire.martin@example.org") String email,
                         @Schema(description = "the phone number, any usual spelling", example = "06 12 34 56 78") String phone,
                         @Schema(description = "the postal address, any usual spelling", example = "12 bd Voltaire, 75011 Paris") String address) {
    }

    @Schema(description = "A suppression to remove for correction: exactly one of email, phone or address, and why")
    record RemoveRequest(@Schema(description = "the email address") String email,
                         @Schema(description = "the phone number, any usual spelling") String phone,
                         @Schema(description = "the postal address, any usual spelling") String address,
                         @Schema(description = "which error this removal corrects (at least " + MIN_JUSTIFICATION + " characters)",
                                 requiredMode = Schema.RequiredMode.REQUIRED) String justification,
                         @Schema(description = "who removes it; 'api' when absent") String removedBy) {
    }

    @Operation(summary = "Is this email, phone or postal address on the suppression list?",
            description = "Give exactly one of email, phone or address, in the JSON body (never in the URL, which proxies and access logs "
                    + "keep). Answers the suppression (kind, reason, source, who added it and when), never the identifier; 404 when it "
                    + "is not suppressed.")
    @ApiResponse(responseCode = "200", description = "Suppressed")
    @ApiResponse(responseCode = "400", description = "None or several of email, phone and address, or not a valid email, phone number or postal address")
    @ApiResponse(responseCode = "404", description = "Not on the suppression list")
    @PostMapping(path = "/lookup", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SuppressionView find(@RequestBody(required = false) LookupRequest request) {
        LookupRequest given = request == null ? new LookupRequest(null, null, null) : request;
        Identifier identifier = SuppressionChecks.identifier(given.email(), given.phone(), given.address());
        Suppressions.Suppression found = suppressions.find(identifier.kind(), identifier.value()).orElseThrow(identifier::notSuppressed);
        return new SuppressionView(true, found.kind(), found.reason(), found.source(), found.createdBy(), found.createdAt());
    }

    @Operation(summary = "Remove a suppression made in error",
            description = "Only to correct an error (a wrong address keyed in, a file imported by mistake): an objection to direct "
                    + "marketing is absolute and is not withdrawn here. The identifier goes in the JSON body, never in the URL. The "
                    + "justification (at least " + MIN_JUSTIFICATION + " characters) is required and kept with who removed it and when.")
    @ApiResponse(responseCode = "204", description = "Removed; the correction is recorded")
    @ApiResponse(responseCode = "400", description = "No or too short a justification, or none or several of email, phone and address")
    @ApiResponse(responseCode = "404", description = "Not on the suppression list")
    @PostMapping(path = "/remove", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> remove(@RequestBody(required = false) RemoveRequest request) {
        RemoveRequest given = request == null ? new RemoveRequest(null, null, null, null, null) : request;
        Identifier identifier = SuppressionChecks.identifier(given.email(), given.phone(), given.address());
        String why = SuppressionChecks.justification(given.justification());
        List<Violation> violations = new ArrayList<>();
        String by = caller(given.removedBy(), "removedBy", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (!suppressions.removeForCorrection(identifier.kind(), identifier.value(), why, by)) {
            throw identifier.notSuppressed();
        }
        log.info("suppression list: a suppressed {} removed for correction by {}", identifier.noun(), by);
        return ResponseEntity.noContent().build();
    }

    /**
     * The former forms with the identifier in the query string ({@code GET ?email=}, {@code DELETE ?email=&justification=}):
     * 410 {@code identifiers-in-url}, naming the endpoint to use; nothing is looked up or removed, and the query is not echoed.
     */
    @Operation(summary = "Gone: look up with POST /api/v1/suppressions/lookup", description = "Identifiers no longer go in the URL. Always 410.")
    @ApiResponse(responseCode = "410", description = "Use POST /api/v1/suppressions/lookup")
    @org.springframework.web.bind.annotation.GetMapping(produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<ProblemDetail> findInUrl(jakarta.servlet.http.HttpServletRequest request) {
        return gone(request, "/api/v1/suppressions/lookup");
    }

    @Operation(summary = "Gone: remove with POST /api/v1/suppressions/remove", description = "Identifiers no longer go in the URL. Always 410.")
    @ApiResponse(responseCode = "410", description = "Use POST /api/v1/suppressions/remove")
    @DeleteMapping
    ResponseEntity<ProblemDetail> removeInUrl(jakarta.servlet.http.HttpServletRequest request) {
        return gone(request, "/api/v1/suppressions/remove");
    }

    private static ResponseEntity<ProblemDetail> gone(jakarta.servlet.http.HttpServletRequest request, String path) {
        java.util.Locale locale = ApiLanguage.of(request);
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.GONE, "identifiers-in-url", locale,
                Messages.text(locale, "api.suppressions.identifiersInUrl", "POST", path));
        problem.setProperty("code", "api.suppressions.identifiersInUrl");
        return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Operation(summary = "Import a file of identifiers into the suppression list",
            description = "A CSV file (RFC 4180 quoting) with one email or phone per line, in UTF-8 unless the charset field says otherwise "
                    + "(ISO-8859-1, ISO-8859-15, windows-1252; a BOM is honoured). The whole file is decoded first: a file not valid "
                    + "in its charset is refused (400 invalid-suppression-file, with its line and byte offset and, when its bytes look "
                    + "like it, suggestedCharset windows-1252) and nothing is added. Blank lines are ignored; a first line "
                    + "'identifier', 'email' or 'phone' is taken as a header. Optional second and third columns give the line's "
                    + "reason and source (the form fields reason and source are the defaults), separated by ',', ';' or a tab: the "
                    + "separator field, or the one the first line holding any of them uses most, for the whole file. A field holding "
                    + "the separator is quoted with double quotes, a quote inside doubled. Lines end with CRLF, LF or CR, and an entry holds no line break. A line "
                    + "that is not an email nor a phone number, holds a control character, is longer than " + MAX_LINE_LENGTH
                    + " characters, has a quote not closed on it or more than three columns, or has no reason or source is rejected with "
                    + "its line number, its column and why; the other lines are added (a missing quote never hides the lines after it). Importing a file again is harmless: identifiers already on the list are counted as alreadySuppressed.")
    @ApiResponse(responseCode = "200", description = "Imported: counts, and the rejected lines")
    @ApiResponse(responseCode = "400", description = "No file, a default too long, an unknown charset or separator, or a file not valid "
            + "in its charset (nothing added)")
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ImportResult importFile(@Parameter(description = "the CSV file") @RequestPart(name = "file", required = false) MultipartFile file,
                            @Parameter(description = "the reason of lines without one") @RequestParam(required = false) String reason,
                            @Parameter(description = "the source of lines without one") @RequestParam(required = false) String source,
                            @Parameter(description = "who imports; 'api' when absent") @RequestParam(required = false) String createdBy,
                            @Parameter(description = "the file's charset: UTF-8 (the default), ISO-8859-1, ISO-8859-15 or windows-1252 "
                                    + "(a BOM overrides it)") @RequestParam(required = false) String charset,
                            @Parameter(description = "the separator: ',', ';' or 'tab'; told from the file when absent")
                            @RequestParam(required = false) String separator, jakarta.servlet.http.HttpServletRequest request) {
        if (file == null) {
            throw new io.listguard.domain.InvalidArgumentException("api.suppressions.noFile");
        }
        List<Violation> violations = new ArrayList<>();
        SuppressionImport.Options options = SuppressionImport.options(reason, source, charset, separator, violations);
        String by = caller(createdBy, "createdBy", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        java.util.Locale language = ApiLanguage.of(request); // the rejected lines' reasons in the caller's language (issue 16)
        SuppressionImport.Outcome run = SuppressionImport.run(suppressions::addAll, () -> {
            try {
                return file.getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException("the uploaded file cannot be read", e);
            }
        }, options, by);
        log.info("suppression list import: {} lines, {} added, {} already suppressed, {} rejected, by {}",
                run.lines(), run.added(), run.alreadySuppressed(), run.rejectedCount(), by);
        return new ImportResult(run.lines(), run.added(), run.alreadySuppressed(), run.rejectedCount(),
                run.rejected().stream().map(r -> new Rejection(r.line(), r.column(), r.reason(language))).toList());
    }

    /**
     * A file not valid in its charset: 400 {@code invalid-suppression-file} with the same properties as a records file
     * (code, line, byteOffset, charset, suggestedCharset), worded for an import.
     */
    @ExceptionHandler(BulkEncodingException.class)
    ProblemDetail badEncoding(BulkEncodingException ex, jakarta.servlet.http.HttpServletRequest request) {
        java.util.Locale locale = ApiLanguage.of(request);
        String code = "suppressions.import." + ex.code().substring(ex.code().lastIndexOf('.') + 1);
        String detail = Messages.text(locale, code, String.valueOf(ex.line()), String.valueOf(ex.byteOffset()), ex.bytes(), ex.charset());
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-suppression-file", locale, detail);
        problem.setProperty("code", code);
        problem.setProperty("line", ex.line());
        problem.setProperty("byteOffset", ex.byteOffset());
        problem.setProperty("charset", ex.charset());
        if (ex.suggestedCharset() != null) {
            problem.setProperty("suggestedCharset", ex.suggestedCharset());
        }
        return problem;
    }

    /** Who acts: the authenticated API key's name, with the name the caller gave if any ("alice (via crm-key)"). */
    private static String caller(String name, String path, List<Violation> violations) {
        String given = SuppressionChecks.optional(name, path, MAX_NAME, violations);
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? (given == null ? DEFAULT_CALLER : given + " (via " + DEFAULT_CALLER + ")") : Callers.accountable(given, auth);
    }
}
