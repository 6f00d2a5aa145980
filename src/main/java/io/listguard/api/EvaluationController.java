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

    EvaluationController(EvaluationService evaluations) {
        this.evaluations = evaluations;
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
