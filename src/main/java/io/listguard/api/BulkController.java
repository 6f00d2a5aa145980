package io.listguard.api;

import io.listguard.bulk.BulkHeader;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.bulk.jobs.BulkJob;
import io.listguard.bulk.jobs.BulkJobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Bulk evaluations", description = "Whole rented files, evaluated in the background")
@RestController
class BulkController {

    private final BulkJobs jobs;
    private final JsonMapper json;

    BulkController(BulkJobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Operation(summary = "Evaluate a whole records file in the background",
            description = "Multipart: 'request' is the JSON campaign and file (the evaluation request without records), 'records' the "
                    + "records file: CSV (.csv, , or ; separated) or NDJSON (.ndjson/.jsonl), optionally .gz, or an Excel workbook (.xlsx; "
                    + "'format': {\"sheet\": ...} names its sheet). Answers 202 with the job; the job goes on if the client disconnects.")
    @ApiResponse(responseCode = "202", description = "Accepted: the job, QUEUED", headers = @Header(name = "Location", description = "the job's URL, /api/v1/jobs/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "An invalid request part (each fault at its path under request), a missing part, or a records file "
            + "that cannot be read at all (invalid-records-file)")
    @ApiResponse(responseCode = "422", description = "An offer category the active policies do not know; the known ones are listed")
    @PostMapping(path = "/api/v1/evaluations/bulk", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<BulkJob> submit(@RequestPart("request") MultipartFile request, @RequestPart("records") MultipartFile records,
                                   @Parameter(hidden = true) java.security.Principal caller) {
        BulkHeader header;
        try (InputStream in = request.getInputStream()) {
            header = json.readValue(in, BulkHeader.class);
        } catch (JacksonException e) {
            Violation v = JsonErrors.describe(e);
            throw new InvalidRequestException(java.util.List.of(new Violation("request" + ("$".equals(v.path()) ? "" : "." + v.path()), v.message(), v.code(), v.args())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null || header.campaign() == null || header.file() == null) {
            throw new io.listguard.domain.InvalidArgumentException("api.bulk.requestPart");
        }
        String name = recordsName(records);
        try (InputStream in = records.getInputStream()) {
            BulkJob job = jobs.submit(header, name, in, caller == null ? "anonymous" : caller.getName());
            return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/jobs/" + job.id())).body(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The .xlsx media type, which a client may send without a file name. */
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The upload's file name, which tells its format; without one, its media type says whether it is a workbook (else CSV). */
    static String recordsName(MultipartFile records) {
        String name = records.getOriginalFilename();
        if (name != null && !name.isBlank()) {
            return name;
        }
        return XLSX.equalsIgnoreCase(String.valueOf(records.getContentType())) ? "records.xlsx" : "records.csv";
    }

    @Operation(summary = "A job's state and progress: lines read, evaluated, rejected, rate and time left",
            description = "An application sees the jobs it started; auditors and admins see all.")
    @GetMapping("/api/v1/jobs/{id}")
    BulkJob job(@PathVariable String id, org.springframework.security.core.Authentication caller) {
        BulkJob job = jobs.find(id).orElseThrow(() -> new ResourceNotFoundException("api.notFound.job", id));
        boolean seesAll = caller.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN") || a.getAuthority().equals("ROLE_AUDITOR"));
        if (!seesAll && !job.caller().equals(caller.getName())) {
            throw new ResourceNotFoundException("api.notFound.job", id); // not "forbidden": another caller's job does not exist for you
        }
        return job;
    }

    /** The body of a cancel: why (required). */
    record CancelRequest(String reason) {
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job, saying why",
            description = "Body {\"reason\": \"...\"} (required: 400 without one). A queued job is CANCELLED at once; a running one by "
                    + "the instance running it, at its next checkpoint. Its files and partial audit are deleted. 409 if it already ended. "
                    + "Whoever may read the job may cancel it.")
    @ApiResponse(responseCode = "200", description = "The job, CANCELLED or about to be")
    @ApiResponse(responseCode = "409", description = "job-ended: the job already ended (COMPLETED, FAILED or CANCELLED)")
    @PostMapping(path = "/api/v1/jobs/{id}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    BulkJob cancel(@PathVariable String id, @org.springframework.web.bind.annotation.RequestBody(required = false) CancelRequest body,
                   org.springframework.security.core.Authentication caller) {
        job(id, caller); // another caller's job does not exist for you (404)
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new InvalidRequestException(java.util.List.of(Violation.coded("reason", "bulk.cancel.reasonRequired")));
        }
        return jobs.cancel(id, caller.getName(), body.reason());
    }

    @Operation(summary = "A completed job's decision, findings, summary and totals (409 until it is complete)",
            description = "Finding messages and legal references in the language of Accept-Language (English by default); "
                    + "texts=all adds both languages (messages, legalRefs).")
    @ApiResponse(responseCode = "200", description = "The result of the completed job")
    @ApiResponse(responseCode = "409", description = "job-not-complete: the job is QUEUED, RUNNING, FAILED or CANCELLED (state)")
    @GetMapping(path = "/api/v1/jobs/{id}/result", produces = MediaType.APPLICATION_JSON_VALUE)
    BulkJobs.BulkResult result(@PathVariable String id, org.springframework.security.core.Authentication caller) {
        BulkJob job = job(id, caller);
        return jobs.result(id).orElseThrow(() -> new JobNotCompleteException(job));
    }

    @Operation(summary = "The verdicts, in input order: line, id, contactable, reasons, legal bases, deciding rules")
    @ApiResponse(responseCode = "200", description = "The verdicts, as an attachment", content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "job-not-complete: the job is QUEUED, RUNNING, FAILED or CANCELLED (state)")
    @GetMapping("/api/v1/jobs/{id}/records.csv")
    ResponseEntity<Resource> records(@PathVariable String id, org.springframework.security.core.Authentication caller) {
        return file(id, "records.csv", caller);
    }

    @Operation(summary = "The rejected lines: line number and reason")
    @ApiResponse(responseCode = "200", description = "The rejected lines, as an attachment", content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "job-not-complete: the job is QUEUED, RUNNING, FAILED or CANCELLED (state)")
    @GetMapping("/api/v1/jobs/{id}/errors.csv")
    ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> errors(@PathVariable String id,
                                                                                                      org.springframework.security.core.Authentication caller,
                                                                                                      jakarta.servlet.http.HttpServletRequest request) {
        BulkJob job = job(id, caller);
        Path path = jobs.file(id, "errors.csv").orElseThrow(() -> new JobNotCompleteException(job));
        java.util.Locale language = ApiLanguage.of(request);
        // line,reason as ever, each reason in the caller's language from the codes the job keeps (issue 16); the codes
        // column itself is left out
        org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody body = out -> {
            try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().allowMissingFields(true).allowExtraFields(true).ofCsvRecord(path)) {
                io.listguard.bulk.CsvExport csv = new io.listguard.bulk.CsvExport(out, 1 << 14); // cells already neutralised: unchanged
                boolean header = true;
                for (var row : reader) {
                    java.util.List<String> cells = row.getFields();
                    String reason = header || cells.size() < 3 ? cells.get(1) : io.listguard.bulk.RejectReasons.render(cells.get(1), cells.get(2), language);
                    csv.row(cells.get(0), reason);
                    header = false;
                }
                csv.flush();
            }
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-errors.csv\"")
                .body(body);
    }

    private ResponseEntity<Resource> file(String id, String name, org.springframework.security.core.Authentication caller) {
        BulkJob job = job(id, caller);
        Path path = jobs.file(id, name).orElseThrow(() -> new JobNotCompleteException(job));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-" + name + "\"")
                .body(new FileSystemResource(path));
    }

    /** The job has not completed (yet, or it failed). */
    static class JobNotCompleteException extends RuntimeException {
        final BulkJob job;

        JobNotCompleteException(BulkJob job) {
            super("bulk job " + job.id() + " is " + job.state() + (job.error() == null ? "" : ": " + job.error(io.listguard.domain.Messages.ENGLISH)));
            this.job = job;
        }
    }
}
