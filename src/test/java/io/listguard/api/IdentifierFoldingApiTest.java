package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.lifecycle.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real rented files, read right or refused (issue 12), through real HTTP on H2 and, wherever
 * LISTGUARD_TEST_POSTGRES_URL points to a server, on PostgreSQL: a suppressed person spelt with a fullwidth digit,
 * an Arabic-Indic digit or a zero-width space is still SUPPRESSED (synchronous and bulk, CSV and NDJSON), and looked
 * up alike; NUL, CR/LF and duplicate JSON keys give a 400 naming the path, or a rejected line with its number,
 * never a 5xx nor a lost batch.
 */
class IdentifierFoldingApiTest {

    private static final String CLAIRE = "claire.martin@example.org";
    private static final String CLAIRE_ZWSP = "claire\u200B.martin@example.org";
    private static final String CLAIRE_BIDI = "\uFEFFclaire.martin@exam\u200Dple.org\u200F";
    private static final String PHONE = "06 12 34 56 78";
    private static final String PHONE_FULLWIDTH = "0\uFF16 12 34 56 78";
    private static final String PHONE_ARABIC_INDIC = "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668";

    static Stream<String> databases() {
        String postgres = System.getenv(TestDatabases.POSTGRES_ENV);
        return postgres == null || postgres.isBlank() ? Stream.of("h2") : Stream.of("h2", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void foldedSpellingsAreSuppressedAndControlCharactersAndDuplicateKeysAreRefused(String database) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        String schema = "lg_fold_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        if (database.equals("postgresql")) {
            String url = System.getenv(TestDatabases.POSTGRES_ENV);
            args.addAll(List.of("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    "--spring.datasource.username=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"),
                    "--spring.datasource.password=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""),
                    "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true"));
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new))) {
            try {
                HttpJson http = new HttpJson(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
                suppressAndLookUp(http);
                synchronous(http);
                bulk(http);
                refused(http);
            } finally {
                if (database.equals("postgresql")) {
                    context.getBean(JdbcTemplate.class).execute("drop schema " + schema + " cascade");
                }
            }
        }
    }

    private static void suppressAndLookUp(HttpJson http) {
        HttpJson.Response added = http.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"" + CLAIRE + "\", \"reason\": \"objected\", "
                + "\"source\": \"hotline\"}, {\"phone\": \"" + PHONE + "\", \"reason\": \"objected\", \"source\": \"hotline\"}]}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("added").asInt()).isEqualTo(2);

        for (String email : List.of(CLAIRE_ZWSP, CLAIRE_BIDI, "\uFF43laire.martin\uFF20example.org")) {
            HttpJson.Response found = http.postJson("/api/v1/suppressions/lookup", HttpJson.mapper().createObjectNode().put("email", email).toString());
            assertThat(found.status()).as(found.body()).isEqualTo(200);
        }
        for (String phone : List.of(PHONE_FULLWIDTH, PHONE_ARABIC_INDIC, "0\u00A06\u201112\u202F34 56 78")) {
            HttpJson.Response found = http.postJson("/api/v1/suppressions/lookup", HttpJson.mapper().createObjectNode().put("phone", phone).toString());
            assertThat(found.status()).as(phone + ": " + found.body()).isEqualTo(200);
        }
        HttpJson.Response again = http.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"" + CLAIRE_ZWSP + "\", \"reason\": \"again\", "
                + "\"source\": \"letter\"}, {\"phone\": \"" + PHONE_FULLWIDTH + "\", \"reason\": \"again\", \"source\": \"letter\"}]}");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("added").asInt()).as("one person, one entry").isZero();
        assertThat(again.json().get("alreadySuppressed").asInt()).isEqualTo(2);

        HttpJson.Response imported = http.postMultipart("/api/v1/suppressions/import", List.<Object[]>of(new Object[] {"file", "list.csv",
                (PHONE_ARABIC_INDIC + "\n" + CLAIRE_BIDI + "\nbad\u0000@example.org\nnew.person@example.org\n").getBytes(StandardCharsets.UTF_8)}),
                Map.of("reason", "objected", "source", "letter"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("alreadySuppressed").asInt()).isEqualTo(2);
        assertThat(imported.json().get("added").asInt()).isEqualTo(1);
        assertThat(imported.json().get("rejected").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(imported.json().get("rejected").get(0).get("reason").asString()).contains("U+0000").doesNotContain("bad");
    }

    private static ObjectNode sample() throws Exception {
        return (ObjectNode) HttpJson.mapper().readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
    }

    private static void synchronous(HttpJson http) throws Exception {
        ObjectNode request = sample();
        ArrayNode records = (ArrayNode) request.get("records");
        ObjectNode template = (ObjectNode) records.get(0).deepCopy();
        ((ObjectNode) records.get(0)).put("email", CLAIRE_ZWSP);
        records.add(template.deepCopy().put("id", "r-7").put("email", "alex.roux@example.org").put("phone", PHONE_FULLWIDTH));
        records.add(template.deepCopy().put("id", "r-8").put("email", CLAIRE_BIDI));
        records.add(template.deepCopy().put("id", "r-9").put("email", "alex.roux@example.org").put("phone", PHONE_ARABIC_INDIC));
        HttpJson.Response answer = http.postJson("/api/v1/evaluations", request.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (String id : List.of("r-1", "r-7", "r-8", "r-9")) {
            JsonNode record = record(answer.json(), id);
            assertThat(record.get("contactable").asBoolean()).as(id).isFalse();
            assertThat(record.get("reasons").toString()).as(id).isEqualTo("[\"SUPPRESSED\"]");
        }
        String evaluationId = answer.json().get("evaluationId").asString();
        JsonNode plain = lookup(http, "email", CLAIRE);
        JsonNode folded = lookup(http, "email", CLAIRE_ZWSP);
        assertThat(plain.toString()).as("the data-subject lookup finds one person under every spelling").contains(evaluationId).isEqualTo(folded.toString());
        assertThat(lookup(http, "phone", PHONE).toString()).contains(evaluationId).isEqualTo(lookup(http, "phone", PHONE_FULLWIDTH).toString());
        assertThat(lookup(http, "phone", PHONE).toString()).isEqualTo(lookup(http, "phone", PHONE_ARABIC_INDIC).toString());
    }

    /** A data-subject lookup (issue 19: the identifier in the JSON body), its rows only. */
    private static JsonNode lookup(HttpJson http, String field, String value) {
        HttpJson.Response r = http.postJson("/api/v1/records/lookup", HttpJson.mapper().createObjectNode().put(field, value).toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items");
    }

    private static void bulk(HttpJson http) throws Exception {
        ObjectNode header = sample();
        header.remove("records");
        String csv = "id;kind;email;phone;consent_email_given_on;consent_email_proof_ref;consent_email_renter_named;opted_out;last_activity_on\n"
                + "c-1;PERSON;" + CLAIRE_ZWSP + ";;2026-03-01;form-1;yes;no;2026-03-01\n"
                + "c-2;PERSON;alex.roux@example.org;" + PHONE_FULLWIDTH + ";2026-03-01;form-2;yes;no;2026-03-01\n"
                + "c\u00003;PERSON;nul@example.org;;2026-03-01;form-3;yes;no;2026-03-01\n"
                + "c-4;PERSON;marie.curie@example.org;;2026-03-01;form-4;yes;no;2026-03-01\n"
                + "c-5;PERSON;eve\u0007@example.org;;2026-03-01;form-5;yes;no;2026-03-01\n";
        JsonNode csvJob = run(http, header, "prospects.csv", csv);
        assertThat(csvJob.get("linesRead").asLong()).isEqualTo(5);
        assertThat(csvJob.get("rejected").asLong()).isEqualTo(2);
        assertThat(csvJob.get("evaluated").asLong()).as("no batch lost").isEqualTo(3);
        String id = csvJob.get("id").asString();
        List<String> verdicts = http.get("/api/v1/jobs/" + id + "/records.csv").body().lines().toList();
        assertThat(verdicts).anySatisfy(l -> assertThat(l).startsWith("2,c-1,false,SUPPRESSED"))
                .anySatisfy(l -> assertThat(l).startsWith("3,c-2,false,SUPPRESSED")).anySatisfy(l -> assertThat(l).startsWith("5,c-4,true"));
        List<String> errors = http.get("/api/v1/jobs/" + id + "/errors.csv").body().lines().toList();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).startsWith("4,").contains("id").contains("U+0000").doesNotContain("\u0000");
        assertThat(errors.get(2)).startsWith("6,").contains("email").contains("U+0007").doesNotContain("eve");

        String consent = "\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-03-01\",\"proofRef\":\"f\",\"renterNamed\":true}],"
                + "\"lastActivityOn\":\"2026-03-01\"";
        String ndjson = "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"claire\\u200b.martin@example.org\",\"optedOut\":false," + consent + "}\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"alex.roux@example.org\",\"phone\":\"\\u0660\\u0666 12 34 56 78\",\"optedOut\":false," + consent + "}\n"
                + "{\"id\":\"n\\u00003\",\"kind\":\"PERSON\",\"email\":\"x@example.org\",\"optedOut\":false," + consent + "}\n"
                + "{\"id\":\"n-4\\r\\nINFO forged\",\"kind\":\"PERSON\",\"email\":\"y@example.org\",\"optedOut\":false," + consent + "}\n"
                + "{\"id\":\"n-5\",\"kind\":\"PERSON\",\"email\":\"z@example.org\",\"optedOut\":true,\"optedOut\":false," + consent + "}\n"
                + "{\"id\":\"n-6\",\"kind\":\"PERSON\",\"email\":\"marie.curie@example.org\",\"optedOut\":false," + consent + "}\n";
        JsonNode ndjsonJob = run(http, header, "prospects.ndjson", ndjson);
        assertThat(ndjsonJob.get("linesRead").asLong()).isEqualTo(6);
        assertThat(ndjsonJob.get("rejected").asLong()).isEqualTo(3);
        assertThat(ndjsonJob.get("evaluated").asLong()).isEqualTo(3);
        String nid = ndjsonJob.get("id").asString();
        List<String> nverdicts = http.get("/api/v1/jobs/" + nid + "/records.csv").body().lines().toList();
        assertThat(nverdicts).anySatisfy(l -> assertThat(l).startsWith("1,n-1,false,SUPPRESSED"))
                .anySatisfy(l -> assertThat(l).startsWith("2,n-2,false,SUPPRESSED")).anySatisfy(l -> assertThat(l).startsWith("6,n-6,true"));
        String nerrors = http.get("/api/v1/jobs/" + nid + "/errors.csv").body();
        assertThat(nerrors.lines().toList()).hasSize(4);
        assertThat(nerrors).doesNotContain("forged").doesNotContain("\u0000");
        assertThat(nerrors.lines().toList().get(1)).startsWith("3,").contains("U+0000");
        assertThat(nerrors.lines().toList().get(2)).startsWith("4,").contains("U+000D");
        assertThat(nerrors.lines().toList().get(3)).startsWith("5,").contains("optedOut").contains("more than once");
    }

    private static JsonNode run(HttpJson http, ObjectNode header, String name, String records) throws InterruptedException {
        HttpJson.Response r = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", name, records.getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asString();
        for (int i = 0; i < 300; i++) {
            JsonNode job = http.get("/api/v1/jobs/" + id).json();
            String state = job.get("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED")) {
                assertThat(state).as(job.toString()).isEqualTo("COMPLETED");
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    private static void refused(HttpJson http) throws Exception {
        for (String bad : List.of("r\u00001", "r-1\r\nINFO forged line", "r-1\n", "r\u00851", "r\t1")) {
            ObjectNode request = sample();
            ((ObjectNode) request.get("records").get(0)).put("id", bad);
            assertInvalid(http.postJson("/api/v1/evaluations", request.toString()), "records[0].id", "U+00");
        }
        ObjectNode request = sample();
        ((ObjectNode) request.get("records").get(2)).put("email", "sophie\u0000@example.org");
        ((ObjectNode) request.get("campaign")).put("id", "CMP\r\n7");
        HttpJson.Response both = http.postJson("/api/v1/evaluations", request.toString());
        assertInvalid(both, "records[2].email", "U+0000");
        assertInvalid(both, "campaign.id", "U+000D");

        String body = sample().toString();
        String duplicated = body.replaceFirst("\"optedOut\"\\s*:\\s*false", "\"optedOut\": true, \"optedOut\": false");
        assertThat(duplicated).isNotEqualTo(body);
        assertInvalid(http.postJson("/api/v1/evaluations", duplicated), "records[0].optedOut", "’optedOut’");
        assertInvalid(http.postJson("/api/v1/evaluations", body.replaceFirst("\\{", "{\"file\": {\"id\": \"F\"}, ")), "file", "’file’");

        assertInvalid(http.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"a@example.org\", \"email\": \"b@example.org\", "
                + "\"reason\": \"r\", \"source\": \"s\"}]}"), "entries[0].email", "’email’");
        assertInvalid(http.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"a\\u0000@example.org\", \"reason\": \"r\", "
                + "\"source\": \"s\"}, {\"phone\": \"0612345678\", \"reason\": \"objected\\r\\nINFO forged\", \"source\": \"s\"}]}"),
                "entries[0].email", "U+0000");
        assertInvalid(http.postJson("/api/v1/suppressions", "{\"entries\": [{\"phone\": \"0612345678\", \"reason\": \"objected\\r\\nINFO forged\", "
                + "\"source\": \"s\"}]}"), "entries[0].reason", "U+000D");
        HttpJson.Response lookup = http.postJson("/api/v1/suppressions/lookup", HttpJson.mapper().createObjectNode().put("email", "a\u0000@example.org").toString());
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(400);
        assertThat(lookup.body()).contains("U+0000");
        HttpJson.Response subject = http.postJson("/api/v1/records/lookup", HttpJson.mapper().createObjectNode().put("email", "a\r\n@example.org").toString());
        assertThat(subject.status()).as(subject.body()).isEqualTo(400);

        ObjectNode header = sample();
        header.remove("records");
        ((ObjectNode) header.get("file")).put("id", "F\u00001");
        HttpJson.Response part = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "p.csv", "id;kind\nx;PERSON\n".getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertInvalid(part, "file.id", "U+0000");
        HttpJson.Response duplicatePart = http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header.toString().replaceFirst("\\{", "{\"campaign\": {}, ").getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "p.csv", "id;kind\nx;PERSON\n".getBytes(StandardCharsets.UTF_8)}), Map.of());
        assertInvalid(duplicatePart, "request.campaign", "’campaign’");
    }

    private static void assertInvalid(HttpJson.Response response, String path, String inMessage) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors")).as(response.body())
                .anySatisfy(e -> {
                    assertThat(e.get("path").asString()).isEqualTo(path);
                    assertThat(e.get("message").asString()).contains(inMessage);
                });
        assertThat(response.body()).doesNotContain("forged").doesNotContain("\\u0000");
    }

    private static JsonNode record(JsonNode result, String id) {
        for (JsonNode record : result.get("records")) {
            if (record.get("id").asString().equals(id)) {
                return record;
            }
        }
        throw new AssertionError("no record " + id + " in " + result);
    }
}
