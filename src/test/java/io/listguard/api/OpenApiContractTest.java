package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document is the committed docs/openapi.json (issue 18): a change of the API shows in review
 * as a change of that file. When they differ, the message says the one command that rewrites it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.test.annotation.DirtiesContext // the sweep below changes data (examples sent as they are)
class OpenApiContractTest {

    static final Path COMMITTED = Path.of("docs/openapi.json");
    static final String REGENERATE = "mvn -o test -Dtest=OpenApiContractTest -Dlistguard.openapi.write=true";

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        String served = canonical(new HttpJson(port, null).get("/v3/api-docs").body());
        if (Boolean.getBoolean("listguard.openapi.write")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(served)) {
            throw new AssertionError(COMMITTED + " is not the document the service serves (" + firstDifference(committed, served)
                    + "). If the change is meant, regenerate it with: " + REGENERATE);
        }
    }

    /**
     * Every operation of the served document answers what it declares: without a key a 401 problem, and with the
     * admin key, sent its request example (or no body) and path variables that name nothing, a status it declares, in
     * a media type it declares: application/problem+json with the Problem's required members for an error.
     */
    @Test
    void everyOperationAnswersOnlyWhatItDeclares() throws Exception {
        JsonNode document = HttpJson.mapper().readTree(new HttpJson(port, null).get("/v3/api-docs").body());
        java.util.List<String> wrong = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : document.get("paths").properties()) {
            for (var entry : path.getValue().properties()) {
                operations++;
                String method = entry.getKey().toUpperCase(java.util.Locale.ROOT);
                JsonNode operation = entry.getValue();
                String where = method + " " + path.getKey();
                assertThat(operation.get("security").toString()).as(where).isEqualTo("[{\"bearer\":[]},{\"apiKey\":[]}]");
                String uri = path.getKey().replaceAll("\\{[^}]+}", "nothing-here");
                java.net.http.HttpResponse<String> anonymous = send(method, uri, operation, null);
                java.net.http.HttpResponse<String> admin = send(method, uri, operation, HttpJson.ADMIN_KEY);
                if (anonymous.statusCode() != 401) {
                    wrong.add(where + " without a key answered " + anonymous.statusCode());
                }
                check(wrong, where, operation, anonymous);
                check(wrong, where, operation, admin);
            }
        }
        assertThat(operations).isGreaterThan(40);
        assertThat(wrong).isEmpty();
    }

    private static void check(java.util.List<String> wrong, String where, JsonNode operation, java.net.http.HttpResponse<String> response) {
        String status = String.valueOf(response.statusCode());
        JsonNode declared = operation.get("responses").get(status);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (declared == null) {
            wrong.add(where + " answered " + status + " (" + type + "), not declared: " + response.body());
            return;
        }
        if (declared.has("content") && !type.isEmpty()
                && declared.get("content").propertyNames().stream().noneMatch(media -> type.startsWith(media))) {
            wrong.add(where + " answered " + status + " in " + type + ", declared " + declared.get("content").propertyNames());
        }
        if (response.statusCode() >= 400) {
            JsonNode problem = HttpJson.mapper().readTree(response.body());
            for (String member : List.of("type", "title", "status", "detail", "code")) {
                if (!problem.has(member)) {
                    wrong.add(where + " answered a " + status + " problem without " + member + ": " + response.body());
                }
            }
        }
    }

    private java.net.http.HttpResponse<String> send(String method, String uri, JsonNode operation, String key) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + uri));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        JsonNode body = operation.path("requestBody").path("content");
        if (body.has("application/json")) {
            JsonNode example = body.get("application/json").get("example");
            request.header("Content-Type", "application/json")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(example == null ? "{}" : example.toString()));
        } else if (body.has("multipart/form-data")) {
            request.header("Content-Type", "multipart/form-data; boundary=sweep")
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("--sweep--\r\n"));
        } else {
            request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Pretty-printed with every object's keys sorted, so that the file is stable and its diffs readable. */
    static String canonical(String json) {
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
        JsonNode tree = mapper.readTree(json);
        return mapper.writeValueAsString(sorted(tree, mapper)) + "\n";
    }

    private static JsonNode sorted(JsonNode node, JsonMapper mapper) {
        if (node.isObject()) {
            var out = mapper.createObjectNode();
            node.propertyNames().stream().sorted().forEach(name -> out.set(name, sorted(node.get(name), mapper)));
            return out;
        }
        if (node.isArray()) {
            var out = mapper.createArrayNode();
            node.forEach(e -> out.add(sorted(e, mapper)));
            return out;
        }
        return node;
    }

    private static String firstDifference(String committed, String served) {
        List<String> a = committed.lines().toList();
        List<String> b = served.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end of file>";
            String y = i < b.size() ? b.get(i) : "<end of document>";
            if (!x.equals(y)) {
                return "first difference at line " + (i + 1) + ": committed " + x.strip() + ", served " + y.strip();
            }
        }
        return "they differ in line endings";
    }
}
