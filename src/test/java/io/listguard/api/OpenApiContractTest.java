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
