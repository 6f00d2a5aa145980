package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.listguard.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input through real HTTP: random and mutated evaluation requests never get a 500 or hang, and always get
 * 200 or a problem+json in plain words; JSON over the nesting or string limits, bodies over the size limit (declared
 * or chunked), uploads over the multipart limit, a zip bomb and damaged workbooks are each refused with a clear
 * answer. The body limits are set low here so that the tests send little.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "listguard.limits.max-body-size=1MB",
        "spring.servlet.multipart.max-file-size=1MB",
        "spring.servlet.multipart.max-request-size=2MB"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputApiTest {

    private static final int JSON_TRIES = 200;
    private static final int WORKBOOK_TRIES = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Set<Integer> PROBLEM_STATUSES = Set.of(400, 413, 415, 422);
    /** What must never reach a client: Java class names, exception names, stack frames. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(?:java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.springframework|org\\.apache|io\\.listguard)\\.[a-zA-Z]"
                    + "|\\b\\w+(?:Exception|Error)\\b|\\tat |\\bat [a-z]+\\.[\\w.$]+\\(|StreamReadConstraints|getMax|\\w+Feature\\.[A-Z_]");

    @LocalServerPort
    int port;
    HttpJson http;
    String sample;

    @BeforeAll
    void readSample() throws IOException {
        sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
    }

    @BeforeEach
    void setUp() {
        http = new HttpJson(port);
    }

    private HttpJson.Response timed(java.util.function.Supplier<HttpJson.Response> call) {
        return assertTimeoutPreemptively(TIMEOUT, call::get, "the service must answer, never hang");
    }

    /** 200, or a problem+json with a stable type and a detail in plain words. */
    private static void answeredCleanly(HttpJson.Response response, String input) {
        String shown = input.length() > 300 ? input.substring(0, 300) + "..." : input;
        if (response.status() == 200) {
            return;
        }
        assertThat(response.status()).as("status for %s\nbody %s", shown, response.body()).isIn(PROBLEM_STATUSES);
        assertThat(response.contentType()).as("content type for %s", shown).startsWith("application/problem+json");
        String detail = response.json().path("detail").asString("");
        assertThat(detail).as("detail for %s", shown).isNotBlank().doesNotContainPattern(INTERNALS);
        assertThat(response.json().path("type").asString("")).startsWith("urn:listguard:problem:");
        for (JsonNode error : response.json().path("errors")) {
            assertThat(error.path("message").asString("")).as("an error's message for %s", shown).isNotBlank()
                    .doesNotContainPattern(INTERNALS);
        }
    }

    LongStream jsonSeeds() {
        return Fuzz.seeds("evaluation-json", JSON_TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("jsonSeeds")
    void randomAndMutatedRequestsNeverGetA500(long seed) {
        Random random = new Random(seed);
        String body = mutatedRequest(random);

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        answeredCleanly(response, body);
    }

    /** The sample request with one to three mutations: of its text, or of its values (random, null, arrays, deep nesting). */
    private String mutatedRequest(Random random) {
        if (random.nextInt(20) == 0) {
            return Fuzz.text(random, 400); // not even JSON
        }
        String text = sample;
        for (int k = random.nextInt(3); k >= 0; k--) {
            if (random.nextBoolean()) {
                text = Fuzz.mutate(text, random);
            } else {
                try {
                    JsonNode tree = HttpJson.mapper().readTree(text);
                    text = HttpJson.mapper().writeValueAsString(replaceAValue(tree, random));
                } catch (RuntimeException notJsonAnyMore) {
                    text = Fuzz.mutate(text, random);
                }
            }
        }
        return text;
    }

    /** Replaces one value of the tree, chosen at random among all its values, by a random value. */
    private static JsonNode replaceAValue(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return randomValue(random, 0);
        }
        JsonNode parent = containers.get(random.nextInt(containers.size()));
        if (parent instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(6)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(Fuzz.text(random, 12), randomValue(random, 0));
                default -> object.set(name, randomValue(random, 0));
            }
        } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
            int i = random.nextInt(array.size());
            switch (random.nextInt(4)) {
                case 0 -> array.remove(i);
                case 1 -> array.add(array.get(i).deepCopy()); // a duplicate element (duplicate record ids)
                default -> array.set(i, randomValue(random, 0));
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainer()) {
            containers.add(node);
            for (JsonNode child : node) {
                collect(child, containers);
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(depth > 3 ? 8 : 11)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(random.nextInt(5) == 0 ? Double.MAX_VALUE : random.nextDouble() * 1e6 - 5e5);
            case 4 -> f.stringNode(Fuzz.text(random, 30));
            case 5 -> f.stringNode(List.of("2026-02-30", "9999-12-31", "0000-01-01", "2026-12-01T10:00", "EMAIL", "CONSUMER", "", " ")
                    .get(random.nextInt(8)));
            case 6 -> f.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(2_000)))); // long numbers
            case 7 -> f.stringNode("x".repeat(random.nextInt(3_000)));
            case 8 -> {
                ArrayNode array = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            case 9 -> {
                ObjectNode object = f.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(Fuzz.text(random, 8), randomValue(random, depth + 1));
                }
                yield object;
            }
            default -> nested(1 + random.nextInt(60)); // around and beyond the nesting limit
        };
    }

    private static JsonNode nested(int levels) {
        JsonNode node = JsonNodeFactory.instance.stringNode("deep");
        for (int i = 0; i < levels; i++) {
            node = i % 2 == 0 ? JsonNodeFactory.instance.arrayNode().add(node) : JsonNodeFactory.instance.objectNode().set("d", node);
        }
        return node;
    }

    @Test
    void springsJsonMapperReadsWithTheConfiguredLimits(@Autowired JsonMapper json) {
        StreamReadConstraints constraints = json.tokenStreamFactory().streamReadConstraints();

        assertThat(constraints.getMaxNestingDepth()).isEqualTo(32);
        assertThat(constraints.getMaxStringLength()).isEqualTo(100_000);
        assertThat(constraints.getMaxDocumentLength()).isEqualTo(50L << 20);
    }

    @Test
    void aNumberWrittenWithAPlusSignIsRefusedWithoutJacksonsAdviceToItsProgrammers() {
        String body = sample.replaceFirst("90\\.0", "+90.0");

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("plus signs").doesNotContainPattern(INTERNALS).doesNotContain("enable");
    }

    @Test
    void jsonNestedTooDeepIsRefusedNamingTheLimit() {
        String body = sample.replaceFirst("\"records\"", "\"deep\": " + "[".repeat(40) + "]".repeat(40) + ", \"records\"");

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-request");
        assertThat(response.json().get("detail").asString()).contains("the JSON nests deeper than 32 levels").doesNotContainPattern(INTERNALS);
    }

    @Test
    void aStringOverTheLimitIsRefusedNamingTheLimit() {
        String body = sample.replaceFirst("\"CMP-7\"", "\"" + "x".repeat(100_001) + "\"");

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("a string in the JSON is longer than 100,000 characters");
    }

    @Test
    void aStringJustUnderTheLimitIsReadAndJudgedAsAValue() {
        String body = sample.replaceFirst("\"CMP-7\"", "\"" + "x".repeat(99_999) + "\"");

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        answeredCleanly(response, "a 99,999-character campaign id");
        assertThat(response.body()).doesNotContain("longer than 100,000 characters");
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedWith413() {
        String body = sample.replaceFirst("\\{", "{" + " ".repeat((1 << 20) + 10));

        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:payload-too-large");
        assertThat(response.json().get("detail").asString()).contains("larger than 1 MB");
        assertThat(response.json().get("limit").asLong()).isEqualTo(1 << 20);
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsStoppedWith413() {
        byte[] head = "{\"campaign\": {\"id\": \"CMP-7\"}, \"records\": [".getBytes();
        HttpJson.Response response = timed(() -> http.postChunked("/api/v1/evaluations", "application/json", () -> new InputStream() {
            private long sent;

            @Override
            public int read() {
                sent++;
                if (sent <= head.length) {
                    return head[(int) sent - 1];
                }
                return sent < 3L << 20 ? ' ' : -1; // 3 MB of whitespace, never closed
            }
        }));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:payload-too-large");
    }

    @Test
    void aChunkedBodyUnderTheLimitIsReadAsUsual() {
        byte[] bytes = sample.getBytes();
        HttpJson.Response response = timed(() -> http.postChunked("/api/v1/evaluations", "application/json", () -> new ByteArrayInputStream(bytes)));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void anUploadOverTheMultipartLimitIsRefusedWith413() {
        byte[] big = new byte[(1 << 20) + 1024];
        HttpJson.Response response = timed(() -> http.postMultipart("/api/v1/policies/validate",
                List.<Object[]>of(new Object[] {"files", "consent-regime.xlsx", big}), Map.of()));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:upload-too-large");
    }

    @Test
    void aBulkUploadWithADamagedGzipHeaderOrATooDeepRequestPartIsRefusedWith400() throws IOException {
        ObjectNode request = (ObjectNode) HttpJson.mapper().readTree(sample);
        request.remove("records");
        byte[] header = request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpJson.Response gzip = timed(() -> http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", header}, new Object[] {"records", "records.csv.gz", new byte[] {0x1f, (byte) 0x8b}}), Map.of()));

        assertThat(gzip.status()).as(gzip.body()).isEqualTo(400);
        assertThat(gzip.json().get("type").asString()).isEqualTo("urn:listguard:problem:invalid-records-file");
        assertThat(gzip.json().get("detail").asString()).contains("gzip header is damaged");

        byte[] deep = ("{\"campaign\": " + "[".repeat(100) + "]".repeat(100) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpJson.Response tooDeep = timed(() -> http.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", deep}, new Object[] {"records", "records.csv", "id,kind\n".getBytes()}), Map.of()));

        assertThat(tooDeep.status()).as(tooDeep.body()).isEqualTo(400);
        answeredCleanly(tooDeep, "a bulk request part nested 100 deep");
    }

    private HttpJson.Response validate(String fileName, byte[] workbook) {
        return timed(() -> http.postMultipart("/api/v1/policies/validate", List.<Object[]>of(new Object[] {"files", fileName, workbook}), Map.of()));
    }

    @Test
    void aZipBombIsRefusedInTheReportNamingTheFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Path.of("policies/consent-regime.xlsx")));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 200; i++) {
                        zip.write(zeros); // 200 MB of zeros
                    }
                } else {
                    in.transferTo(zip);
                }
            }
        }

        HttpJson.Response response = validate("consent-regime.xlsx", out.toByteArray());

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("source").asString()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(e.get("message").asString()).contains("zip bomb");
        });
    }

    LongStream workbookSeeds() {
        return Fuzz.seeds("workbook-http", WORKBOOK_TRIES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("workbookSeeds")
    void damagedWorkbooksGetAReportNeverA500(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] original = Files.readAllBytes(Path.of("policies/consent-regime.xlsx"));
        byte[] damaged = random.nextBoolean() ? Fuzz.mutate(original, random) : mutateAnEntry(original, random);

        HttpJson.Response response = validate("consent-regime.xlsx", damaged);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        if (!report.get("valid").asBoolean() && !report.get("errors").isEmpty()) {
            assertThat(report.get("errors").findValuesAsString("source")).contains("policies/consent-regime.xlsx");
            report.get("errors").forEach(e -> assertThat(e.get("message").asString()).isNotBlank().doesNotContainPattern(
                    "\\b(?:java|javax|org\\.apache)\\.[a-z]+\\.|\\tat "));
        }
    }

    /** The XML of one zip entry mutated, zipped again. */
    private static byte[] mutateAnEntry(byte[] workbook, Random random) throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                contents.add(in.readAllBytes());
            }
        }
        int target = random.nextInt(names.size());
        String xml = new String(contents.get(target), java.nio.charset.StandardCharsets.UTF_8);
        for (int k = random.nextInt(4); k >= 0; k--) {
            xml = Fuzz.mutate(xml, random);
        }
        contents.set(target, xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.size(); i++) {
                zip.putNextEntry(new ZipEntry(names.get(i)));
                zip.write(contents.get(i));
            }
        }
        return out.toByteArray();
    }

    LongStream controlSeeds() {
        return Fuzz.seeds("evaluation-controls", JSON_TRIES / 4);
    }

    /** The ids and texts that RequestValidator checks for control characters. */
    private static final Pattern CHECKED_TEXT = Pattern.compile("campaign\\.(id|offerCategory|sender\\.name)|file\\.(id|currency|provider\\.name"
            + "|provider\\.certifications\\[\\d+])|records\\[\\d+]\\.(id|email|phone|postalAddress|jobFunction|segments\\[\\d+]|consents\\[\\d+]\\.proofRef)");
    private static final String CONTROLS = "\u0000\u0001\u0007\t\n\r\u000b\u001b\u001f\u007f\u0085\u009f\u2028\u2029";

    /**
     * Issue 12: a control character anywhere in an id or a text of the sample, or a key repeated in any of its
     * objects, is a 400 whose errors name that very path (and the character by its code point, or the key), never
     * a 200 with the last key winning, never a 5xx.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("controlSeeds")
    void aControlCharacterOrARepeatedKeyIsA400AtItsPath(long seed) {
        Random random = new Random(seed);
        ObjectNode tree = (ObjectNode) HttpJson.mapper().readTree(sample);
        Map<String, JsonNode> parents = new java.util.LinkedHashMap<>();
        walk(tree, "", parents);
        List<String> texts = parents.keySet().stream().filter(p -> CHECKED_TEXT.matcher(p).matches()).toList();
        String path;
        String body;
        String expected;
        if (random.nextBoolean()) {
            path = texts.get(random.nextInt(texts.size()));
            char c = CONTROLS.charAt(random.nextInt(CONTROLS.length()));
            if (path.endsWith("postalAddress") && (c == '\n' || c == '\r')) {
                c = '\u0000'; // an address has lines: CR and LF are accepted there (IdentifiersTest), any other control is not
            }
            JsonNode parent = parents.get(path);
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (parent instanceof ArrayNode array) {
                int i = Integer.parseInt(last.substring(last.lastIndexOf('[') + 1, last.length() - 1));
                String value = array.get(i).asString();
                int at = random.nextInt(value.length() + 1);
                array.set(i, value.substring(0, at) + c + value.substring(at));
            } else {
                String value = parent.get(last).asString();
                int at = random.nextInt(value.length() + 1);
                ((ObjectNode) parent).put(last, value.substring(0, at) + c + value.substring(at));
            }
            body = tree.toString();
            expected = String.format("U+%04X", (int) c);
        } else {
            List<String> keys = parents.keySet().stream().filter(p -> parents.get(p) instanceof ObjectNode).toList();
            path = keys.get(random.nextInt(keys.size()));
            ObjectNode parent = (ObjectNode) parents.get(path);
            String key = path.substring(path.lastIndexOf('.') + 1);
            JsonNode value = parent.get(key);
            java.util.LinkedHashMap<String, JsonNode> fields = new java.util.LinkedHashMap<>();
            parent.properties().forEach(e -> fields.put(e.getKey().equals(key) ? "__DUPLICATE__" : e.getKey(), e.getValue()));
            parent.removeAll();
            fields.forEach(parent::set);
            body = tree.toString().replace("\"__DUPLICATE__\":", "\"" + key + "\":" + value + ",\"" + key + "\":");
            expected = "’" + key + "’";
        }
        HttpJson.Response response = timed(() -> http.postJson("/api/v1/evaluations", body));
        answeredCleanly(response, body);
        assertThat(response.status()).as("%s in %s", path, body).isEqualTo(400);
        assertThat(response.json().get("errors")).as(response.body()).anySatisfy(e -> {
            assertThat(e.get("path").asString()).isEqualTo(path);
            assertThat(e.get("message").asString()).contains(expected);
        });
    }

    /** Every value's path (as errors[].path writes it), with the object or array that holds it. */
    private static void walk(JsonNode node, String path, Map<String, JsonNode> parents) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                parents.put(child, object);
                walk(e.getValue(), child, parents);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                parents.put(path + "[" + i + "]", array);
                walk(array.get(i), path + "[" + i + "]", parents);
            }
        }
    }
}
