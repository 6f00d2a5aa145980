package io.listguard.spark;

import io.listguard.domain.Messages;
import io.listguard.evaluation.ExternalEvaluation;
import io.listguard.evaluation.ExternalRun;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records a finished job in the service's audit trail ({@code POST /api/v1/evaluations/external}), so that auditors
 * find it like any evaluation: its campaign and file, the hash of the policy it ran, its totals and decision (which
 * the service derives again from the totals under that policy, and refuses if they differ) and the job's identity.
 */
final class AuditReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditReport() {
    }

    /** The claim the service checks and records: the core's {@link ExternalEvaluation}, from the driver's merged totals. */
    static ExternalEvaluation body(JobSpec spec, SparkEvaluation.Outcome outcome) {
        var header = spec.header();
        return new ExternalEvaluation(header.campaign(), header.file(), outcome.policyVersion().hash(), outcome.decision(),
                ExternalEvaluation.ClaimedTotals.of(outcome.runTotals()), new ExternalRun("spark", outcome.applicationId(), outcome.master(), spec.records(),
                        spec.out(), outcome.startedAt(), outcome.finishedAt(), System.getProperty("user.name")));
    }

    /** Posts the job; true when the service recorded it (its evaluation id is printed), false with the service's reason. */
    static boolean post(String service, String apiKey, JobSpec spec, SparkEvaluation.Outcome outcome, PrintStream err, Locale locale) {
        String url = service.replaceAll("/+$", "") + "/api/v1/evaluations/external";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json").header("Accept-Language", locale.getLanguage())
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(spec, outcome)))).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                JsonNode answer = JSON.readTree(response.body());
                JsonNode id = answer.get("evaluationId") != null ? answer.get("evaluationId") : answer.get("id");
                err.println(Messages.text(locale, "spark.report.recorded", id == null ? "?" : id.asString(), service));
                return true;
            }
            JsonNode problem = response.body().isBlank() ? null : JSON.readTree(response.body());
            String detail = problem != null && problem.get("detail") != null ? problem.get("detail").asString() : "HTTP " + response.statusCode();
            err.println(Messages.text(locale, "spark.report.refused", service, detail));
            return false;
        } catch (IOException e) {
            err.println(Messages.text(locale, "spark.report.unreachable", service, e.getMessage()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
