package io.listguard.api;

import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Evaluations", description = "May this rented file be used for this campaign, record by record?")
@RestController
@RequestMapping("/api/v1/evaluations")
class EvaluationController {

    /** How much of the answer to return. */
    enum Detail { full, summary }

    private final EvaluationService evaluations;
    private final io.listguard.audit.ExternalEvaluations external;

    EvaluationController(EvaluationService evaluations, io.listguard.audit.ExternalEvaluations external) {
        this.evaluations = evaluations;
        this.external = external;
    }

    /** An example of what the Spark job sends (issue 17). */
    static final String EXTERNAL_EXAMPLE = """
            {
              "campaign": { "id": "CMP-7", "audience": "CONSUMER", "channel": "EMAIL", "offerCategory": "CHILDCARE",
                            "startDate": "2026-12-01", "endDate": "2026-12-20",
                            "sender": { "name": "Acme Crèches", "identified": true }, "optOut": "LINK", "sourceDisclosed": true },
              "file": { "id": "F-12", "provider": { "name": "DataCo", "certifications": ["SNCD"], "certifiedUntil": "2027-06-30" },
                        "pricePerThousand": 90.0, "currency": "EUR" },
              "policyHash": "sha256:5d41402abc4b2a76b9719d911017c592ae2f4e1a5c1b6d5e0f3a2b1c4d5e6f70",
              "decision": "APPROVED_WITH_EXCLUSIONS",
              "totals": { "records": 12000000, "contactable": 9000000, "excluded": 2999000, "rejected": 1000,
                          "excludedBy": { "NO_CONSENT": 2000000, "SUPPRESSED": 999000, "OPTED_OUT": 10000 } },
              "job": { "engine": "spark", "applicationId": "application_1765000000000_0042", "master": "yarn",
                       "input": "s3a://lists/dataco/F-12.csv.gz", "output": "s3a://lists/dataco/F-12-verdicts/",
                       "startedAt": "2026-12-01T08:00:00Z", "finishedAt": "2026-12-01T08:42:10Z", "submittedBy": "alice" }
            }""";

    @Operation(summary = "Record an evaluation run outside the service (the Spark job)",
            description = "For a file evaluated by the same core elsewhere (issue 17: a Spark job over a file too large for a bulk "
                    + "job). The service does not take the job's word: it starts a run of the stored policy version whose hash is "
                    + "policyHash on the campaign and file (validated as every evaluation), includes the job's totals, finishes "
                    + "it, and records the evaluation only if the totals add up (records = lines read = contactable + excluded "
                    + "+ rejected; each excluded record counted once under each of its reasons) and the decision is the one "
                    + "claimed. The evaluation is stored like any other, in the audit chain, with its decision, findings, "
                    + "summary and the job (ranOutside); it has no record rows, since the records never reach the service. "
                    + "Build the body with io.listguard.evaluation.ExternalEvaluation.of from the job's finished run.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @io.swagger.v3.oas.annotations.media.ExampleObject(name = "a Spark job's run", value = EXTERNAL_EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Recorded; Location is the stored evaluation (GET /api/v1/evaluations/{id})")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, a missing field, an invalid campaign or file; each problem with its JSON path")
    @ApiResponse(responseCode = "422", description = "policyHash names no stored version, the totals do not add up, or the decision "
            + "derived from them is not the one claimed (code api.external.*); or an unknown offer category")
    @PostMapping(path = "/external", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    org.springframework.http.ResponseEntity<EvaluationResult> external(@RequestBody io.listguard.evaluation.ExternalEvaluation claim,
                                                                       @Parameter(hidden = true) java.security.Principal caller) {
        String accountable = io.listguard.security.Callers.accountable(claim == null || claim.job() == null ? null : claim.job().submittedBy(), caller);
        EvaluationResult result = external.record(claim, accountable, RequestFieldNames.warnings());
        return org.springframework.http.ResponseEntity.created(java.net.URI.create("/api/v1/evaluations/" + result.evaluationId())).body(result);
    }

    @Operation(summary = "Evaluate a campaign and a rented file",
            description = "Applies the active policy version at the campaign's dates. Answers the decision, findings with "
                    + "stable codes and legal references, per-record verdicts and the trace of fired rules. At most "
                    + "listguard.evaluation.max-records records (default 10,000); whole files go to the bulk endpoint.")
    @ApiResponse(responseCode = "200", description = "The decision; 'warnings' name the unknown fields that were ignored")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, unknown enum value, missing field, impossible date or a misspelt field "
            + "(opted_out for optedOut); each problem with its JSON path")
    @ApiResponse(responseCode = "413", description = "More records than the synchronous limit")
    @ApiResponse(responseCode = "422", description = "An offer category the active policies do not know; the known ones are listed")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    EvaluationResult evaluate(@RequestBody EvaluationRequest request,
                              @Parameter(description = "summary leaves out records and trace")
                              @RequestParam(defaultValue = "full") Detail detail,
                              @Parameter(hidden = true) java.security.Principal caller) {
        // the caller recorded in the audit trail is the name of the API key that authenticated the request
        EvaluationResult result = evaluations.evaluate(request, caller == null ? "anonymous" : caller.getName(), RequestFieldNames.warnings());
        return detail == Detail.summary ? result.summaryOnly() : result;
    }
}
