package io.listguard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Personal data never leaves the request: recognisable emails, phones and postal addresses ("canaries") go through
 * every path that receives contact data (evaluations on three channels, a refused evaluation, a bulk job with
 * rejected lines, the suppression list, data-subject lookups, the audit reads and exports), and then appear nowhere:
 * not in the logs, not in any answer (traces and problem details included), not in any column of any table of the
 * database, not in the metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataLeakTest {

    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Emails of the synchronous evaluation (the last one is not a valid address). */
    private static final List<String> EMAILS = List.of("leak.canary.1@example.org", "Leak.Canary.2@Example.org", "leak.canary.3@example.org",
            "leak.canary.4@example.org", "leak.canary.5@example.org", "leak.canary.6-at-example.org");
    private static final List<String> PHONES = List.of("06 98 76 54 32", "+33 6 98 76 54 33", "06.98.76.54.34", "0698765435",
            "01 98 76 54 36", "06 98 76");
    private static final List<String> ADDRESSES = List.of("17 rue du Canari, 75011 Paris", "3 impasse du Canari, 69002 Lyon",
            "8 bis avenue du Canari, 13001 Marseille", "21 allée du Canari, 31000 Toulouse", "5 place du Canari, 33000 Bordeaux",
            "du Canari");
    private static final String BULK_EMAIL_1 = "leak.canary.bulk.1@example.org";
    private static final String BULK_EMAIL_2 = "leak.canary.bulk.2@example.org";
    private static final String BULK_EMAIL_BAD = "leak.canary.bulk.3@example.org";
    private static final String BULK_PHONE = "06 98 76 54 37";
    private static final String BULK_ADDRESS = "9 chemin du Canari, 44000 Nantes";
    private static final String SUPPRESSED_EMAIL = "leak.canary.suppressed@example.org";
    private static final String SUPPRESSED_PHONE = "06 98 76 54 38";
    private static final String IMPORTED_PHONE = "+33 6 98 76 54 39";
    private static final String IMPORTED_BAD_PHONE = "06 98 76 54 3";

    /** Every spelling of every canary that must appear nowhere, lower-cased (haystacks are lower-cased too). */
    private static final Set<String> NEEDLES = new LinkedHashSet<>();

    static {
        List<String> emails = new ArrayList<>(EMAILS);
        emails.addAll(List.of(BULK_EMAIL_1, BULK_EMAIL_2, BULK_EMAIL_BAD, SUPPRESSED_EMAIL));
        for (String email : emails) {
            NEEDLES.add(email.toLowerCase(Locale.ROOT));
            NEEDLES.add(email.substring(0, email.indexOf("-at-") > 0 ? email.indexOf("-at-") : email.indexOf('@')).toLowerCase(Locale.ROOT));
        }
        NEEDLES.add("leak.canary");
        List<String> phones = new ArrayList<>(PHONES);
        phones.addAll(List.of(BULK_PHONE, SUPPRESSED_PHONE, IMPORTED_PHONE, IMPORTED_BAD_PHONE));
        for (String phone : phones) {
            NEEDLES.add(phone.toLowerCase(Locale.ROOT));
            String digits = phone.replaceAll("\\D", "");
            String significant = digits.startsWith("33") ? digits.substring(2) : digits.substring(1); // 698765432
            if (significant.length() < 8) {
                continue; // too short to search for without false alarms: its spelling as sent is searched
            }
            NEEDLES.add(significant);                                   // inside 0698765432, +33698765432, 0033698765432
            NEEDLES.add(spaced(significant, " "));                      // 6 98 76 54 32 (inside 06 98 … and +33 6 98 …)
            NEEDLES.add(spaced(significant, "."));
            NEEDLES.add(spaced(significant, "-"));
        }
        List<String> addresses = new ArrayList<>(ADDRESSES);
        addresses.add(BULK_ADDRESS);
        for (String address : addresses) {
            NEEDLES.add(address.toLowerCase(Locale.ROOT));
            NEEDLES.add(address.toLowerCase(Locale.ROOT).replace(",", ""));
        }
        NEEDLES.add("du canari");
    }

    /** "698765432" as "6 98 76 54 32" (the first digit alone, then pairs). */
    private static String spaced(String significant, String separator) {
        StringBuilder s = new StringBuilder(significant.substring(0, 1));
        for (int i = 1; i < significant.length(); i += 2) {
            s.append(separator).append(significant, i, Math.min(i + 2, significant.length()));
        }
        return s.toString();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newHttpClient();
    /** Every answer received, by the request that gave it. */
    private final Map<String, String> answers = new java.util.LinkedHashMap<>();
    /** The trace of every evaluation answer and the detail (and errors) of every problem. */
    private final List<String> tracesAndProblems = new ArrayList<>();

    record Answer(int status, String type, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @Test
    void canariesSentThroughEveryPathAppearNowhere(CapturedOutput output) throws Exception {
        // the suppression list first, so that the evaluations below also exclude people as SUPPRESSED
        Answer added = send("POST", "/api/v1/suppressions", "application/json", json("""
                {"entries": [{"email": "%s", "reason": "objected by reply", "source": "hotline"},
                             {"phone": "%s", "reason": "objected on the phone", "source": "hotline"}],
                 "createdBy": "privacy-officer"}""".formatted(SUPPRESSED_EMAIL, SUPPRESSED_PHONE)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("added").asInt()).isEqualTo(2);
        assertThat(lookup("email", SUPPRESSED_EMAIL.toUpperCase(Locale.ROOT)).status()).isEqualTo(200);
        assertThat(lookup("phone", "+33698765438").status()).isEqualTo(200);
        assertThat(lookup("email", EMAILS.get(2)).status()).as("not on the list: 404 without echo").isEqualTo(404);
        Answer imported = send("POST", "/api/v1/suppressions/import", null, multipart(Map.of("reason", "objected", "source", "letter"),
                List.of(new Part("file", "objections.csv", ("phone\n" + IMPORTED_PHONE + "\n" + IMPORTED_BAD_PHONE + "\n" + "leak.canary.6-at-example.org;x;y;z\n")
                        .getBytes(StandardCharsets.UTF_8)))));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("added").asInt()).isEqualTo(1);
        assertThat(imported.json().get("rejectedCount").asInt()).isEqualTo(2);
        tracesAndProblems.add(imported.json().get("rejected").toString());

        // a full evaluation of the bundled example, contact points replaced by canaries, on three channels
        ObjectNode request = withCanaries();
        List<String> evaluationIds = new ArrayList<>();
        for (String channel : List.of("EMAIL", "SMS", "POSTAL")) {
            ((ObjectNode) request.get("campaign")).put("channel", channel);
            Answer evaluated = send("POST", "/api/v1/evaluations", "application/json", request.toString());
            assertThat(evaluated.status()).as(channel + ": " + evaluated.body()).isEqualTo(200);
            JsonNode answer = evaluated.json();
            assertThat(answer.get("trace")).as("the full answer has a trace").isNotEmpty();
            tracesAndProblems.add(answer.get("trace").toString());
            evaluationIds.add(answer.get("evaluationId").asString());
        }
        ((ObjectNode) request.get("campaign")).put("channel", "EMAIL");
        assertThat(send("POST", "/api/v1/evaluations?detail=summary", "application/json", request.toString()).status()).isEqualTo(200);
        JsonNode emailAnswer = JSON.readTree(answers.get("POST /api/v1/evaluations#1"));
        assertThat(emailAnswer.get("summary").get("excludedBy").has("SUPPRESSED")).as("record 5 is on the suppression list").isTrue();

        // evaluations that fail validation: a bad enum (and a bad record kind and date), and malformed JSON
        ObjectNode invalid = withCanaries();
        ((ObjectNode) invalid.get("campaign")).put("channel", "EMAL");
        Answer badEnum = send("POST", "/api/v1/evaluations", "application/json", invalid.toString());
        assertThat(badEnum.status()).as(badEnum.body()).isEqualTo(400);
        problem(badEnum);
        ObjectNode incoherent = withCanaries();
        ((ObjectNode) incoherent.get("records").get(0)).put("kind", "ROBOT");
        Answer badKind = send("POST", "/api/v1/evaluations", "application/json", incoherent.toString());
        assertThat(badKind.status()).as(badKind.body()).isEqualTo(400);
        problem(badKind);
        ObjectNode badDate = withCanaries();
        ((ObjectNode) badDate.get("records").get(1)).put("birthDate", "1950-02-30");
        ((ObjectNode) badDate.get("campaign")).remove("id");
        Answer missing = send("POST", "/api/v1/evaluations", "application/json", badDate.toString());
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        problem(missing);
        String malformed = withCanaries().toString().replace("\"" + PHONES.get(0) + "\"", PHONES.get(0)).replace("\"" + ADDRESSES.get(1) + "\"", ADDRESSES.get(1));
        Answer broken = send("POST", "/api/v1/evaluations", "application/json", malformed);
        assertThat(broken.status()).as(broken.body()).isEqualTo(400);
        problem(broken);

        // a bulk job: good lines, a rejected line, a line with a bad date, all with canaries
        ObjectNode header = withCanaries();
        header.remove("records");
        String csv = """
                id;kind;email;phone;postal_address;segments;consent_email_given_on;consent_email_proof_ref;consent_email_renter_named;opted_out;last_activity_on
                b-1;PERSON;%s;%s;%s;FAMILY_WITH_CHILDREN;2026-03-01;form-1;yes;no;2026-03-01
                b-2;PERSON;%s;;;RETIRED;2026-03-01;form-2;yes;no;2026-03-01
                b-3;ROBOT;%s;%s;%s;;2026-03-01;form-3;yes;no;2026-03-01
                b-4;PERSON;%s;;;;2026-02-30;form-4;yes;no;2026-03-01
                b-5;PERSON;%s;%s
                b-6;PERSON;%s;;;;2026-03-01;form-6;yes;no;2026-03-01
                """.formatted(BULK_EMAIL_1, BULK_PHONE, BULK_ADDRESS, BULK_EMAIL_2, BULK_EMAIL_BAD, BULK_PHONE, BULK_ADDRESS,
                BULK_EMAIL_BAD, BULK_EMAIL_BAD, BULK_ADDRESS, SUPPRESSED_EMAIL);
        Answer submitted = send("POST", "/api/v1/evaluations/bulk", null, multipart(Map.of(), List.of(
                new Part("request", "request.json", header.toString().getBytes(StandardCharsets.UTF_8)),
                new Part("records", "prospects.csv", csv.getBytes(StandardCharsets.UTF_8)))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String jobId = submitted.json().get("id").asString();
        JsonNode job = awaitDone(jobId);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.get("rejected").asLong()).isEqualTo(3);
        JsonNode result = get("/api/v1/jobs/" + jobId + "/result").json();
        assertThat(result.get("summary").get("excludedBy").has("SUPPRESSED")).isTrue();
        get("/api/v1/jobs/" + jobId + "/records.csv");
        assertThat(get("/api/v1/jobs/" + jobId + "/errors.csv").body().lines().count()).isEqualTo(4);
        try (var left = Files.list(Path.of("target/test-data/jobs", jobId))) {
            for (Path file : left.toList()) {
                answers.put("job file " + file, Files.readString(file));
            }
        }
        evaluationIds.add(jobId);

        // data-subject lookups, the audit reads and exports
        // (issue 19: identifiers in the body; the answers, exports included, are scanned like every other)
        assertThat(subject("lookup", "email", EMAILS.get(0)).json().get("items")).hasSize(4);
        assertThat(subject("lookup", "phone", "+33698765432").json().get("items")).isNotEmpty();
        assertThat(subject("lookup", "email", BULK_EMAIL_1).json().get("items")).hasSize(1);
        assertThat(subject("lookup", "phone", BULK_PHONE).json().get("items")).hasSize(1);
        assertThat(subject("export", "email", EMAILS.get(0)).json().get("records")).hasSize(4);
        assertThat(subject("export", "phone", BULK_PHONE).json().get("records")).hasSize(1);
        for (String id : evaluationIds) {
            JsonNode stored = get("/api/v1/evaluations/" + id).json();
            tracesAndProblems.add(stored.path("trace").toString());
            get("/api/v1/evaluations/" + id + "/records/" + (id.equals(jobId) ? "b-1" : "r-1"));
        }
        get("/api/v1/evaluations/export?format=csv");
        get("/api/v1/evaluations/export?format=jsonl");
        get("/api/v1/evaluations?size=200");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("listguard");

        // now look for the canaries everywhere
        List<String> leaks = new ArrayList<>();
        find(leaks, "the logs", output.getAll());
        answers.forEach((call, body) -> find(leaks, "the answer to " + call, body));
        for (String text : tracesAndProblems) {
            find(leaks, "a trace or problem", text);
        }
        find(leaks, "the Prometheus metrics", metrics);
        List<String> tables = jdbc.queryForList("select table_name from information_schema.tables where table_schema = current_schema()", String.class);
        assertThat(tables).as("the database scan sees the application tables")
                .map(t -> t.toLowerCase(Locale.ROOT)).contains("evaluation", "evaluation_record", "suppression", "bulk_job", "policy_file");
        int rows = 0;
        for (String table : tables) {
            String name = table.toLowerCase(Locale.ROOT);
            for (Map<String, Object> row : jdbc.queryForList("select * from \"" + table + "\"")) {
                rows++;
                for (var column : row.entrySet()) {
                    Object value = column.getValue();
                    if (value == null || name.equals("policy_file") && column.getKey().equalsIgnoreCase("content")) {
                        continue;
                    }
                    String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
                    find(leaks, "table " + name + "." + column.getKey().toLowerCase(Locale.ROOT), text);
                }
            }
        }
        assertThat(rows).isPositive();
        assertThat(leaks).as("personal data found").isEmpty();
    }

    /** The bundled example with every contact point replaced by a canary (phones and postal addresses added). */
    private static ObjectNode withCanaries() throws IOException {
        ObjectNode request = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
        ArrayNode records = (ArrayNode) request.get("records");
        for (int i = 0; i < records.size(); i++) {
            ObjectNode record = (ObjectNode) records.get(i);
            record.put("email", EMAILS.get(i));
            record.put("phone", PHONES.get(i));
            record.put("postalAddress", ADDRESSES.get(i));
            // consents for the other channels too, so that the SMS and POSTAL runs reach the contact-point checks
            ArrayNode consents = (ArrayNode) record.get("consents");
            if (!consents.isEmpty()) {
                for (String channel : List.of("SMS", "POSTAL")) {
                    ObjectNode copy = ((ObjectNode) consents.get(0)).deepCopy();
                    copy.put("channel", channel);
                    consents.add(copy);
                }
            }
        }
        ((ObjectNode) records.get(4)).put("email", SUPPRESSED_EMAIL); // r-5 is suppressed in the central list
        ((ObjectNode) records.get(4)).put("optedOut", false);
        return request;
    }

    private void find(List<String> leaks, String where, String text) {
        String haystack = text.toLowerCase(Locale.ROOT);
        for (String needle : NEEDLES) {
            int at = haystack.indexOf(needle);
            if (at >= 0) {
                leaks.add("'" + needle + "' in " + where + ": …" + text.substring(Math.max(0, at - 120), Math.min(text.length(), at + needle.length() + 120))
                        .replace('\n', ' ') + "…");
            }
        }
    }

    private void problem(Answer answer) {
        assertThat(answer.type()).as(answer.body()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        tracesAndProblems.add(problem.path("detail").asString(""));
        tracesAndProblems.add(problem.path("errors").toString());
    }

    private JsonNode awaitDone(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode job = get("/api/v1/jobs/" + id).json();
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    record Part(String name, String fileName, byte[] content) {
    }

    private record Multipart(String contentType, byte[] body) {
    }

    private static Multipart multipart(Map<String, String> fields, List<Part> parts) {
        String boundary = "----leak" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Part part : parts) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"; filename=\"" + part.fileName()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** A data-subject request (lookup or export) with one identifier in its JSON body. */
    private Answer subject(String what, String field, String value) {
        String body = "{\"" + field + "\": " + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(value) + "}";
        return send("POST", "/api/v1/records/" + what, "application/json", body);
    }

    /** A suppression lookup, the identifier in the JSON body (never in the URL). */
    private Answer lookup(String field, String value) {
        return send("POST", "/api/v1/suppressions/lookup", "application/json", JSON.createObjectNode().put(field, value).toString());
    }

    private Answer get(String path) {
        return send("GET", path, null, (byte[]) null);
    }

    private Answer send(String method, String path, String contentType, Multipart multipart) {
        return send(method, path, multipart.contentType(), multipart.body());
    }

    private Answer send(String method, String path, String contentType, String body) {
        return send(method, path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private Answer send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String key = method + " " + path.replaceAll("\\?.*", "");
            int n = 1;
            while (answers.containsKey(key + "#" + n)) {
                n++;
            }
            answers.put(key + "#" + n, response.body());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
