package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A whole file through the REST API: 202 and a job, progress, result, verdicts in order, rejected lines, audit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkApiTest {

    @LocalServerPort
    int port;
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

        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().toList();
        assertThat(verdicts.get(0)).isEqualTo("line,id,contactable,reasons,legal_bases,deciding_rules");
        assertThat(verdicts.subList(1, verdicts.size())).extracting(l -> l.split(",")[0] + ":" + l.split(",")[1] + ":" + l.split(",")[2])
                .containsExactly("2:b-1:true", "3:b-2:false", "6:b-5:false", "8:b-7:false");
        assertThat(verdicts.get(2)).contains("TARGETING_MISMATCH").contains("list-quality.xlsx:Targeting:14");
        List<String> errors = http.get("/api/v1/jobs/" + id + "/errors.csv").body().lines().toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(1)).startsWith("4,").contains("'2026-02-30' is not a valid date");
        assertThat(errors.get(2)).startsWith("5,").contains("'ROBOT' is not one of PERSON, GENERIC_ADDRESS");
        assertThat(errors.get(3)).startsWith("7,").contains("4 columns where the header has 9");

        JsonNode stored = http.get("/api/v1/evaluations/" + id).json();
        assertThat(stored.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        assertThat(stored.get("policyVersion").get("hash").asString()).startsWith("sha256:");
        JsonNode found = http.get("/api/v1/records/lookup?email=Pierre.Curie@example.org").json();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("evaluationId").asString()).isEqualTo(id);
        assertThat(http.get("/api/v1/evaluations/" + id + "/records/b-2").json().get("verdict").get("reasons").toString())
                .contains("TARGETING_MISMATCH");
    }

    @Test
    void ndjsonWorksTheSame() throws Exception {
        String ndjson = """
                {"id":"n-1","kind":"PERSON","email":"a@example.org","consents":[{"channel":"EMAIL","givenOn":"2026-03-01","proofRef":"f","renterNamed":true}],"lastActivityOn":"2026-03-01"}
                {"id":"n-2","kind":"PERSON","email":"b@example.org","consents":[{"channel":"FAX","givenOn":"2026-03-01"}]}
                """;
        String id = submit("prospects.ndjson", ndjson).get("id").asString();
        JsonNode job = awaitDone(id);
        assertThat(job.get("evaluated").asLong()).isEqualTo(1);
        assertThat(job.get("rejected").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/jobs/" + id + "/errors.csv").body()).contains("consents[0].channel: 'FAX' is not one of");
    }

    /** Issue 12, item 4: misspelt decisive fields reject their lines, unknown ones are one warning of the job. */
    @Test
    void ndjsonNearMissesAreRejectedLinesAndAnUnknownFieldIsOneWarningOfTheJob() throws Exception {
        String ok = "\"kind\":\"PERSON\",\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-03-01\",\"proofRef\":\"f\",\"renterNamed\":true}],"
                + "\"lastActivityOn\":\"2026-03-01\",\"brokerRef\":\"BR\"";
        String ndjson = "{\"id\":\"o-1\",\"email\":\"a@example.org\"," + ok + "}\n"
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
}
