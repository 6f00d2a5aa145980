package io.listguard.api;

import io.listguard.audit.AuditExport;
import io.listguard.audit.AuditQuery;
import io.listguard.audit.AuditTrail;
import io.listguard.audit.ReplayReport;
import io.listguard.audit.ReplayService;
import io.listguard.evaluation.EvaluationResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@Tag(name = "Audit", description = "Past evaluations with their traces, data-subject lookups, exports and replays")
@RestController
class AuditController {

    private final AuditTrail trail;
    private final ReplayService replay;
    private final AuditExport export;

    AuditController(AuditTrail trail, ReplayService replay, AuditExport export) {
        this.trail = trail;
        this.replay = replay;
        this.export = export;
    }

    @Operation(summary = "A stored evaluation: the answer as it was given, with its full trace")
    @GetMapping("/api/v1/evaluations/{id}")
    EvaluationResult evaluation(@PathVariable String id) {
        return trail.find(id).orElseThrow(() -> new ResourceNotFoundException("api.notFound.evaluation", id));
    }

    @Operation(summary = "Search stored evaluations, newest first",
            description = "code matches a finding code or an exclusion reason; from and to are dates (YYYY-MM-DD, to exclusive) or instants.")
    @GetMapping("/api/v1/evaluations")
    AuditTrail.Page search(@RequestParam(required = false) String campaignId, @RequestParam(required = false) String fileId,
                           @RequestParam(required = false) String decision, @RequestParam(required = false) String code,
                           @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > 500) {
            throw new io.listguard.domain.InvalidArgumentException("api.audit.page");
        }
        return trail.search(query(campaignId, fileId, decision, code, from, to), page, size);
    }

    @Operation(summary = "Why one record was or was not contactable: its verdict and every rule that fired for it")
    @GetMapping("/api/v1/evaluations/{id}/records/{recordId}")
    AuditTrail.RecordExplanation record(@PathVariable String id, @PathVariable String recordId) {
        return trail.explain(id, recordId).orElseThrow(() -> new ResourceNotFoundException("api.notFound.record", recordId, id));
    }

    @Operation(operationId = "exportEvaluations", summary = "Export a search as CSV or JSON lines, streamed")
    @ApiResponse(responseCode = "200", description = "The record rows of the evaluations found, as an attachment", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string"))})
    @GetMapping("/api/v1/evaluations/export")
    ResponseEntity<StreamingResponseBody> export(@Parameter(description = "csv or jsonl") @RequestParam(defaultValue = "csv") String format,
                                                 @RequestParam(required = false) String campaignId, @RequestParam(required = false) String fileId,
                                                 @RequestParam(required = false) String decision, @RequestParam(required = false) String code,
                                                 @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        AuditExport.Format chosen = AuditExport.Format.of(format);
        AuditQuery query = query(campaignId, fileId, decision, code, from, to);
        StreamingResponseBody body = out -> export.write(query, chosen, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(chosen.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + chosen.fileName() + "\"")
                .body(body);
    }

    @Operation(summary = "Replay the stored requests of a period under a policy version, without storing anything",
            description = "Reports how many decisions and record verdicts would change, with samples and the rules that made the difference.")
    @PostMapping("/api/v1/policies/versions/{id}/replay")
    ReplayReport replay(@PathVariable String id, @RequestParam String from, @RequestParam String to, jakarta.servlet.http.HttpServletRequest request) {
        return replay.replay(id, instant(from), instant(to)).in(ApiLanguage.of(request)); // issue 16: the caller's language
    }

    private static AuditQuery query(String campaignId, String fileId, String decision, String code, String from, String to) {
        return new AuditQuery(campaignId, fileId, decision, code, from == null ? null : instant(from), to == null ? null : instant(to));
    }

    private static Instant instant(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (RuntimeException e) {
            throw new io.listguard.domain.InvalidArgumentException("api.audit.when", value);
        }
    }
}
