package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A whole file through the REST API: 202 and a job, progress, result, verdicts in order, rejected lines, audit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkApiTest {

    @LocalServerPort
    int port;
    @Autowired
    io.listguard.bulk.jobs.BulkJobs jobs;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;
    HttpJson http;
    byte[] header;

    static final String CSV = """
            id;kind;email;segments;consent_email_given_on;consent_email_proof_ref;consent_email_renter_named;opted_out;last_activity_on
            b-1;PERSON;marie.curie@example.org;FAMILY_WITH_CHILDREN;2026-03-01;form-1;yes;no;2026-03-01
            b-2;PERSON;pierre.curie@example.org;RETIRED;2026-03-01;form-2;yes;no;2026-03-01
            b-3;PERSON;irene@example.org;;2026-02-30;form-3;yes;no;2026-03-01
            b-4;ROBOT;robot@example.org;;2026-03-01;form-4;yes;no;2026-03-01
            b-5;PERSON;eve@example.org;;;;;no;2026-03-01
            b-6;PERSON;only;three
            b-7;PERSON;paul@example.org;;2026-03-01;form-7;yes;oui;2026-03-01
            """;

    @BeforeEach
    void setUp() throws Exception {
        http = new HttpJson(port);
        header = HttpJson.bulkRequestPart().toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode submit(String name, String records) {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", header},
                new Object[] {"records", name, records.getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json();
    }

    private JsonNode awaitDone(String id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode job = http.get("/api/v1/jobs/" + id).json();
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void aReplayOverABulkJobSaysWhyItIsNotReplayedInTheCallersLanguage() throws Exception {
        java.time.Instant from = java.time.Instant.now().minusSeconds(1);
        String id = submit("prospects.csv", CSV).get("id").asString();
        assertThat(awaitDone(id).get("state").asString()).isEqualTo("COMPLETED");
        String version = http.get("/api/v1/policies").json().get("id").asString();
        String replay = "/api/v1/policies/versions/" + version + "/replay?from=" + from + "&to=" + java.time.Instant.now().plusSeconds(1);

        JsonNode english = http.postJson(replay, "").json();
        JsonNode french = http.call("POST", replay, "", "Accept-Language", "fr-FR,fr;q=0.9").json();

        assertThat(english.get("notReplayed").toString()).contains(id + ": a bulk job; its records file is not kept, so it cannot be replayed");
        assertThat(french.get("notReplayed").toString())
                .contains(id + " : une tâche en masse ; son fichier d’enregistrements n’est pas conservé, elle ne peut donc pas être rejouée")
                .doesNotContain("bulk job");
        assertThat(french.has("notReplayedTexts")).as("the codes are the service's own").isFalse();
    }

    @Test
    void aFileWithBadLinesIsEvaluatedWithNothingLostAndAudited() throws Exception {
        JsonNode accepted = submit("prospects.csv", CSV);
        String id = accepted.get("id").asString();
        assertThat(accepted.get("state").asString()).isIn("QUEUED", "RUNNING", "COMPLETED");

        JsonNode job = awaitDone(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("linesRead").asLong()).isEqualTo(7);
        assertThat(job.get("evaluated").asLong()).isEqualTo(4);
        assertThat(job.get("rejected").asLong()).isEqualTo(3);

        JsonNode result = http.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.get("evaluationId").asString()).isEqualTo(id);
        assertThat(result.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        try (var left = Files.list(Path.of("target/test-data/jobs", id))) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("the upload with contact data is deleted")
                    .containsExactlyInAnyOrder("records.csv", "errors.csv");
        }
        JsonNode totals = result.get("totals");
        assertThat(totals.get("linesRead").asLong()).isEqualTo(totals.get("contactable").asLong() + totals.get("excluded").asLong()
                + totals.get("rejected").asLong());
        assertThat(result.get("summary").get("excludedBy").toString()).contains("TARGETING_MISMATCH").contains("NO_CONSENT").contains("OPTED_OUT");
        // issue 16: the stored result keeps its findings' texts in both languages; the caller gets its own, or both on request
        assertThat(result.get("findings")).isNotEmpty();
        assertThat(result.toString()).doesNotContain("\"messages\"");
        JsonNode both = http.get("/api/v1/jobs/" + id + "/result?texts=all").json();
        assertThat(both.get("findings").get(0).get("messages").get("en").asString()).isEqualTo(result.get("findings").get(0).get("message").asString());
        assertThat(both.get("findings").get(0).get("legalRefs").get("fr").asString()).isNotBlank();

        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().toList();
        assertThat(verdicts.get(0)).isEqualTo("line,id,contactable,reasons,legal_bases,deciding_rules");
        assertThat(verdicts.subList(1, verdicts.size())).extracting(l -> l.split(",")[0] + ":" + l.split(",")[1] + ":" + l.split(",")[2])
                .containsExactly("2:b-1:true", "3:b-2:false", "6:b-5:false", "8:b-7:false");
        assertThat(verdicts.get(2)).contains("TARGETING_MISMATCH").contains("list-quality.xlsx:Ciblage:14");
        List<String> errors = http.get("/api/v1/jobs/" + id + "/errors.csv").body().lines().toList();
        assertThat(errors).hasSize(4);
        // the API's file as ever (issue 16): line and English reason, without the codes the job keeps for the console
        assertThat(errors.get(0)).isEqualTo("line,reason");
        assertThat(errors.get(1)).startsWith("4,").contains("’2026-02-30’ is not a valid date");
        assertThat(errors.get(2)).startsWith("5,").contains("’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
        assertThat(errors.get(3)).startsWith("7,").contains("4 columns where the header has 9");

        JsonNode stored = http.get("/api/v1/evaluations/" + id).json();
        assertThat(stored.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        assertThat(stored.get("policyVersion").get("hash").asString()).startsWith("sha256:");
        JsonNode found = http.postJson("/api/v1/records/lookup", "{\"email\": \"Pierre.Curie@example.org\", \"size\": 500}").json().get("items");
        // other tests of this class submit the same file: this job's evaluation is among those the lookup finds, once
        assertThat(java.util.stream.StreamSupport.stream(found.spliterator(), false).filter(f -> f.get("evaluationId").asString().equals(id)))
                .singleElement().satisfies(f -> assertThat(f.get("contactable").asBoolean()).isFalse());
        assertThat(http.get("/api/v1/evaluations/" + id + "/records/b-2").json().get("verdict").get("reasons").toString())
                .contains("TARGETING_MISMATCH");
    }

    /** Every series of listguard.rules.fired, by source. */
    private java.util.Map<String, Double> fired() {
        java.util.Map<String, Double> all = new java.util.HashMap<>();
        registry.find("listguard.rules.fired").counters().forEach(c -> all.merge(c.getId().getTag("source"), c.count(), Double::sum));
        return all;
    }

    /** The fields of a CSV line (RFC 4180 quotes), read by the same library as the service's files. */
    private static List<String> csv(String line) {
        return de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(line).stream().findFirst().orElseThrow().getFields();
    }

    private double counted(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Issue 13: a bulk job is told to the same listeners as a request, so the metrics count it. */
    @Test
    void aBulkJobMovesTheMetrics() throws Exception {
        double records = counted("listguard.records.evaluated");
        double decided = counted("listguard.evaluations", "decision", "APPROVED_WITH_EXCLUSIONS");
        double targeting = counted("listguard.record.exclusions", "reason", "TARGETING_MISMATCH");
        // one timer per decision: the job's is the one tagged with its decision, whatever other tests' jobs decided
        var jobs = registry.find("listguard.bulk.duration").tag("decision", "APPROVED_WITH_EXCLUSIONS").timer();
        long timed = jobs == null ? 0 : jobs.count();
        double contactable = counted("listguard.bulk.records", "outcome", "contactable");
        double excluded = counted("listguard.bulk.records", "outcome", "excluded");
        double rejected = counted("listguard.bulk.records", "outcome", "rejected");
        var rate = registry.find("listguard.bulk.throughput").summary();
        long rated = rate == null ? 0 : rate.count();
        java.util.Map<String, Double> firedBefore = fired();

        String id = submit("prospects.csv", CSV).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");

        // issue 18: lines by outcome, the job's rate, and the rules that decided its records, as its verdict file names them
        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().skip(1).toList();
        long contactableRows = verdicts.stream().filter(v -> csv(v).get(2).equals("true")).count();
        assertThat(counted("listguard.bulk.records", "outcome", "contactable") - contactable).isEqualTo(contactableRows);
        assertThat(counted("listguard.bulk.records", "outcome", "excluded") - excluded).isEqualTo(4 - contactableRows);
        assertThat(counted("listguard.bulk.records", "outcome", "rejected") - rejected).isEqualTo(3);
        assertThat(registry.find("listguard.bulk.throughput").summary().count() - rated).isEqualTo(1);
        java.util.Map<String, Double> expected = new java.util.TreeMap<>();
        for (String v : verdicts) {
            for (String rule : csv(v).get(5).split("\\|")) {
                expected.merge(rule, 1.0, Double::sum);
            }
        }
        assertThat(expected).isNotEmpty();
        java.util.Map<String, Double> firedNow = fired();
        java.util.Map<String, Double> delta = new java.util.TreeMap<>();
        firedNow.forEach((source, n) -> {
            double d = n - firedBefore.getOrDefault(source, 0.0);
            if (d != 0) {
                delta.put(source, d);
            }
        });
        assertThat(delta).isEqualTo(expected);
        // jobs by state, from the table (read at most every 5 s)
        assertThat(registry.find("listguard.bulk.jobs").tag("state", "COMPLETED").gauge()).isNotNull();
        long deadline = System.nanoTime() + 8_000_000_000L;
        while (registry.find("listguard.bulk.jobs").tag("state", "COMPLETED").gauge().value() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(registry.find("listguard.bulk.jobs").tag("state", "COMPLETED").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(http.get("/actuator/prometheus").body()).contains("listguard_bulk_jobs{").contains("state=\"QUEUED\"")
                .contains("listguard_rules_fired_total{").contains("listguard_bulk_records_total{")
                .contains("listguard_bulk_throughput_lines_per_second_count{");

        assertThat(counted("listguard.records.evaluated") - records).as("the job's evaluated records, not its rejected lines").isEqualTo(4);
        assertThat(counted("listguard.evaluations", "decision", "APPROVED_WITH_EXCLUSIONS") - decided).isEqualTo(1);
        assertThat(counted("listguard.record.exclusions", "reason", "TARGETING_MISMATCH") - targeting).isEqualTo(1);
        assertThat(registry.find("listguard.bulk.duration").tag("decision", "APPROVED_WITH_EXCLUSIONS").timer().count() - timed).isEqualTo(1);
        assertThat(http.get("/actuator/prometheus").body()).contains("listguard_bulk_duration_seconds_count{");
    }

    @Test
    void ndjsonWorksTheSame() throws Exception {
        String ndjson = """
                {"id":"n-1","kind":"PERSON","email":"a@example.org","optedOut":false,"consents":[{"channel":"EMAIL","givenOn":"2026-03-01","proofRef":"f","renterNamed":true}],"lastActivityOn":"2026-03-01"}
                {"id":"n-2","kind":"PERSON","email":"b@example.org","consents":[{"channel":"FAX","givenOn":"2026-03-01"}]}
                """;
        String id = submit("prospects.ndjson", ndjson).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("evaluated").asLong()).isEqualTo(1);
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/jobs/" + id + "/errors.csv").body()).contains("consents[0].channel: ’FAX’ is not one of");
    }

    /** Issue 16: errors.csv gives its reasons in the language of whoever downloads it (Accept-Language), from the codes the job keeps. */
    @Test
    void errorsCsvGivesItsReasonsInTheReadersLanguage() throws Exception {
        String ndjson = """
                {"id":"n-2","kind":"PERSON","email":"b@example.org","consents":[{"channel":"FAX","givenOn":"2026-03-01"}]}
                """;
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", header},
                new Object[] {"records", "prospects.ndjson", ndjson.getBytes(StandardCharsets.UTF_8)}), Map.of(), "Accept-Language", "fr-FR");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asString();
        assertThat(awaitDone(id).get("rejected").asLong()).isEqualTo(1);
        String errors = http.get("/api/v1/jobs/" + id + "/errors.csv", "Accept-Language", "fr-FR").body();
        assertThat(errors).startsWith("line,reason\n").contains("’FAX’ ne fait pas partie des valeurs admises").doesNotContain("is not one of");
        assertThat(http.get("/api/v1/jobs/" + id + "/errors.csv").body()).as("English by default, as before").contains("’FAX’ is not one of");
    }

    /** Issue 12, item 4: misspelt decisive fields reject their lines, unknown ones are one warning of the job. */
    @Test
    void ndjsonNearMissesAreRejectedLinesAndAnUnknownFieldIsOneWarningOfTheJob() throws Exception {
        String ok = "\"kind\":\"PERSON\",\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-03-01\",\"proofRef\":\"f\",\"renterNamed\":true}],"
                + "\"lastActivityOn\":\"2026-03-01\",\"brokerRef\":\"BR\"";
        String ndjson = "{\"id\":\"o-1\",\"email\":\"a@example.org\",\"optedOut\":false," + ok + "}\n"
                + "{\"id\":\"o-2\",\"email\":\"b@example.org\",\"opted_out\":true," + ok + "}\n"
                + "{\"id\":\"o-3\",\"email\":\"c@example.org\",\"optOut\":true," + ok + "}\n"
                + "{\"id\":\"o-4\",\"email\":\"d@example.org\",\"optedOut\":true," + ok + "}\n";
        String id = submit("prospects.ndjson", ndjson).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("evaluated").asLong()).isEqualTo(2);
        assertThat(job.get("rejected").asLong()).isEqualTo(2);

        List<String> errors = http.get("/api/v1/jobs/" + id + "/errors.csv").body().lines().toList();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).startsWith("2,").contains("’opted_out’ is not a field; did you mean ’optedOut’?");
        assertThat(errors.get(2)).startsWith("3,").contains("’optOut’ is not a field; did you mean ’optedOut’?");
        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().toList();
        assertThat(verdicts.subList(1, verdicts.size())).extracting(l -> l.split(",")[1] + ":" + l.split(",")[2])
                .as("no misspelt opt-out is ever contactable").containsExactly("o-1:true", "o-4:false");
        JsonNode warnings = http.get("/api/v1/jobs/" + id + "/result").json().get("warnings");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).asString()).isEqualTo("the field ’brokerRef’ is unknown and was ignored (2 time(s), at brokerRef, first on line 1)");
    }

    @Test
    void aCsvHeaderNearMissIsRefusedAtSubmissionNamingTheIntendedColumn() {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", header},
                new Object[] {"records", "prospects.csv", "id;kind;email;Optedout\nx;PERSON;x@example.org;yes\n".getBytes(StandardCharsets.UTF_8)}),
                Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(r.json().get("detail").asString()).isEqualTo("’Optedout’ is not a column; did you mean ’opted_out’? The file is refused: "
                + "rename the column and submit it again");
    }

    @Test
    void aNearMissInTheRequestPartIsRefusedAtItsPath() {
        String request = new String(header, StandardCharsets.UTF_8).replace("\"optOut\"", "\"opt_out\"");
        assertThat(request).contains("\"opt_out\"");
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", request.getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "prospects.csv", CSV.getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("request.campaign.opt_out");
        assertThat(error.get("message").asString()).isEqualTo("’opt_out’ is not a field; did you mean ’optOut’?");
    }

    @Test
    void aMissingRequiredColumnIsRefusedBeforeAnyLineIsEvaluated() {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", header},
                new Object[] {"records", "prospects.csv", "id,email\nx,x@example.org\n".getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(r.json().get("detail").asString()).contains("lacks the required column(s) kind");
        assertThat(r.json().get("code").asString()).isEqualTo("bulk.csv.missingRequired");
        assertThat(r.json().get("args").get(0).asString()).isEqualTo("kind");

        HttpJson.Response french = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", header},
                new Object[] {"records", "prospects.csv", "id,email\nx,x@example.org\n".getBytes(StandardCharsets.UTF_8)}),
                Map.of(), "Accept-Language", "fr-FR,fr;q=0.9");
        assertThat(french.status()).isEqualTo(400);
        assertThat(french.json().get("detail").asString()).isEqualTo("il manque à l’en-tête la ou les colonnes obligatoires kind ; colonnes trouvées : id, email");
    }

    @Test
    void aBadRequestPartAndAnUnknownJobAreProblems() {
        HttpJson.Response bad = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", "{\"campaign\":{\"channel\":\"EMAL\"}}".getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "prospects.csv", CSV.getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("path").asString()).isEqualTo("request.campaign.channel");
        assertThat(http.get("/api/v1/jobs/nope").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/jobs/nope/result").status()).isEqualTo(404);
    }
    /** Issue 14: the job tells who runs it; a cancel needs a reason (400), is refused once the job ended (409), is another caller's 404. */
    @Test
    void aJobShowsItsOwnerAndACancelNeedsAReasonAndAJobNotEnded() throws Exception {
        String id = submit("prospects.csv", CSV).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("owner").asString()).isNotBlank();
        assertThat(job.get("heartbeatAt").asString()).isNotBlank();
        assertThat(job.get("resumes").asInt()).isZero();
        assertThat(job.get("policyVersion").asString()).isNotBlank();

        HttpJson.Response noReason = http.postJson("/api/v1/jobs/" + id + "/cancel", "{}");
        assertThat(noReason.status()).as(noReason.body()).isEqualTo(400);
        assertThat(noReason.json().get("errors").get(0).get("path").asString()).isEqualTo("reason");
        assertThat(http.postJson("/api/v1/jobs/" + id + "/cancel", "{\"reason\": \"  \"}").status()).isEqualTo(400);

        HttpJson.Response ended = http.postJson("/api/v1/jobs/" + id + "/cancel", "{\"reason\": \"too late\"}");
        assertThat(ended.status()).as(ended.body()).isEqualTo(409);
        assertThat(ended.json().get("type").asString()).endsWith("job-ended");
        assertThat(ended.json().get("state").asString()).isEqualTo("COMPLETED");
        assertThat(http.get("/api/v1/jobs/" + id).json().get("state").asString()).isEqualTo("COMPLETED");

        // the evaluator did not start this (admin's) job: it does not exist for them, to read or to cancel
        HttpJson evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);
        assertThat(evaluator.postJson("/api/v1/jobs/" + id + "/cancel", "{\"reason\": \"mine?\"}").status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/jobs/nope/cancel", "{\"reason\": \"x\"}").status()).isEqualTo(404);
    }

    // --- issue 12, item 3: no verdict on evidence the file does not hold

    /** The sample request on consumer postal mail (R4, opt-out): only the objection column is needed (R20). */
    private byte[] postal(String... absent) {
        ObjectNode request = HttpJson.bulkRequestPart();
        ((ObjectNode) request.get("campaign")).put("channel", "POSTAL").put("offerCategory", "GARDENING").put("optOut", "POSTAL_ADDRESS");
        if (absent.length > 0) {
            var list = request.putObject("format").putArray("absent");
            for (String name : absent) {
                list.add(name);
            }
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    static final String POSTAL_WITHOUT_OPT_OUT = """
            id;kind;postal_address;last_activity_on
            p-1;PERSON;12 rue de la Paix, 75002 Paris;2026-03-01
            p-2;PERSON;3 place du Marché, 69001 Lyon;2026-02-01
            """;

    @Test
    void r20AHandMappedCsvWithoutTheObjectionColumnIsA400NamingItAndNoJobIsQueued() {
        int before = jobs.recent(null, 100_000).size();

        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", postal()},
                new Object[] {"records", "prospects.csv", POSTAL_WITHOUT_OPT_OUT.getBytes(StandardCharsets.UTF_8)}), Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(problem.get("code").asString()).isEqualTo("bulk.evidence.missingColumns");
        assertThat(problem.get("missingColumns").toString()).isEqualTo("[\"opted_out\"]");
        assertThat(problem.get("absentFields").toString()).isEqualTo("[\"optedOut\"]");
        JsonNode need = problem.get("needs").get(0);
        assertThat(need.get("ruleId").asString()).isEqualTo("R20");
        assertThat(need.get("legalRef").asString()).contains("GDPR art. 21");
        assertThat(problem.get("detail").asString()).startsWith("the file lacks the column(s) opted_out").contains("format.absent = [\"optedOut\"]");
        assertThat(jobs.recent(null, 100_000)).as("no job queued").hasSize(before);
    }

    /** Issue 16: the rule that needs the column cites its legal reference in the caller's language. */
    @Test
    void r20TheMissingColumnsRuleCitesItsFrenchLegalReferenceForAFrenchCaller() {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", postal()},
                new Object[] {"records", "prospects.csv", POSTAL_WITHOUT_OPT_OUT.getBytes(StandardCharsets.UTF_8)}), Map.of(), "Accept-Language", "fr-FR");

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode need = r.json().get("needs").get(0);
        assertThat(need.get("ruleId").asString()).isEqualTo("R20");
        assertThat(need.get("legalRef").asString()).startsWith("RGPD art. 21, paragraphes 2 et 3 : l’opposition à la prospection est absolue");
    }

    @Test
    void r20DeclaredAbsentTheJobExcludesEveryRecordAndIsNotApproved() throws Exception {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", postal("optedOut")},
                new Object[] {"records", "prospects.csv", POSTAL_WITHOUT_OPT_OUT.getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asString();
        assertThat(awaitDone(id).get("state").asString()).isEqualTo("COMPLETED");

        JsonNode result = http.get("/api/v1/jobs/" + id + "/result").json();
        assertThat(result.get("decision").asString()).isEqualTo("REJECTED");
        assertThat(result.get("summary").get("contactable").asLong()).isZero();
        assertThat(result.get("summary").get("excludedBy").toString()).isEqualTo("{\"OPT_OUT_NOT_IN_FILE\":2}");
        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().toList();
        assertThat(verdicts.subList(1, verdicts.size())).extracting(l -> l.split(",")[1] + ":" + l.split(",")[2] + ":" + l.split(",")[3])
                .containsExactly("p-1:false:OPT_OUT_NOT_IN_FILE", "p-2:false:OPT_OUT_NOT_IN_FILE");
    }

    @Test
    void anUnknownAbsentFieldIsA400AtItsPathWithTheIntendedField() {
        int before = jobs.recent(null, 100_000).size();

        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(new Object[] {"request", "request.json", postal("opted_out")},
                new Object[] {"records", "prospects.csv", POSTAL_WITHOUT_OPT_OUT.getBytes(StandardCharsets.UTF_8)}), Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-request");
        JsonNode error = r.json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("format.absent[0]");
        assertThat(error.get("message").asString()).contains("did you mean ’optedOut’?");
        assertThat(jobs.recent(null, 100_000)).hasSize(before);
    }

    @Test
    void r1NdjsonLinesWithoutTheirConsentsAreRejectedLinesOfTheJob() throws Exception {
        String ndjson = """
                {"id":"c-1","kind":"PERSON","email":"a@example.org","optedOut":false,"consents":[]}
                {"id":"c-2","kind":"PERSON","email":"b@example.org","optedOut":false}
                """;
        String id = submit("prospects.ndjson", ndjson).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("evaluated").asLong()).isEqualTo(1);
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/jobs/" + id + "/errors.csv").body()).contains("2,\"consents is missing or null");
    }
}
