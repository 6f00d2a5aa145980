package io.listguard.spark;

import io.listguard.domain.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    static Map<String, Object> body(JobSpec spec, SparkEvaluation.Outcome outcome) {
        JsonNode campaignFile = JSON.readTree(spec.campaignJson());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaign", campaignFile.get("campaign"));
        body.put("file", campaignFile.get("file"));
        body.put("policyHash", outcome.policyVersion().hash());
        body.put("decision", outcome.decision().name());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("records", outcome.totals().linesRead());
        totals.put("contactable", outcome.totals().contactable());
        totals.put("excluded", outcome.totals().excluded());
        totals.put("rejected", outcome.totals().rejected());
        totals.put("excludedBy", outcome.runTotals().excludedBy());
        body.put("totals", totals);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("engine", "spark");
        job.put("applicationId", outcome.applicationId());
        job.put("master", outcome.master());
        job.put("input", spec.records());
        job.put("output", spec.out());
        job.put("startedAt", outcome.startedAt().toString());
        job.put("finishedAt", outcome.finishedAt().toString());
        job.put("submittedBy", System.getProperty("user.name"));
        body.put("job", job);
        return body;
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
