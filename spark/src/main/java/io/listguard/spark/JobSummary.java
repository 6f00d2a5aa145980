package io.listguard.spark;

import io.listguard.domain.CodedText;
import io.listguard.evaluation.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code _SUMMARY.json}: the decision, the totals and the policy version of a job, with its findings and warnings in
 * the job's language and by message code, the pieces it ran and the job's identity; the same document is what the
 * service's audit trail records of the job ({@code --report-to}).
 */
final class JobSummary {

    static final String FILE = "_SUMMARY.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JobSummary() {
    }

    static Map<String, Object> of(JobSpec spec, SparkEvaluation.Outcome outcome) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("decision", outcome.decision().name());
        summary.put("policyVersion", Map.of("id", outcome.policyVersion().id(), "hash", outcome.policyVersion().hash()));
        var header = spec.header();
        summary.put("campaign", header.campaign().id());
        summary.put("file", header.file().id());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("linesRead", outcome.totals().linesRead());
        totals.put("evaluated", outcome.totals().evaluated());
        totals.put("contactable", outcome.totals().contactable());
        totals.put("excluded", outcome.totals().excluded());
        totals.put("rejected", outcome.totals().rejected());
        totals.put("excludedBy", outcome.runTotals().excludedBy());
        summary.put("totals", totals);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : outcome.findings()) {
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("severity", f.severity().name());
            finding.put("code", f.code());
            finding.put("message", f.message().in(spec.language()));
            findings.add(finding);
        }
        summary.put("findings", findings);
        List<Map<String, Object>> warnings = new ArrayList<>();
        for (CodedText w : outcome.warnings()) {
            warnings.add(Map.of("code", w.code(), "message", w.render(spec.language())));
        }
        summary.put("warnings", warnings);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("engine", "spark");
        job.put("applicationId", outcome.applicationId());
        job.put("master", outcome.master());
        job.put("input", spec.records());
        job.put("output", spec.out());
        job.put("pieces", outcome.pieces());
        job.put("startedAt", outcome.startedAt().toString());
        job.put("finishedAt", outcome.finishedAt().toString());
        summary.put("job", job);
        return summary;
    }

    static void write(HadoopFiles files, JobSpec spec, SparkEvaluation.Outcome outcome) throws IOException {
        try (OutputStream out = files.create(spec.out() + "/" + FILE)) {
            out.write(JSON.writeValueAsBytes(of(spec, outcome)));
            out.write('\n');
        }
        try (OutputStream out = files.create(spec.out() + "/_SUCCESS")) {
            // an empty marker, as Hadoop's committers leave
        }
    }
}
