import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts an evaluation to listguard and prints the decision and each record's verdict. The JDK only (java.net.http),
 * no dependency, no build: from the repository's top directory,
 *
 * <pre>
 * LISTGUARD_KEY=lg_… java docs/examples/java/EvaluateExample.java [request.json]
 * </pre>
 *
 * LISTGUARD_URL is the service's address (default http://localhost:8080); the request defaults to
 * docs/examples/evaluation-request.json. Exit code 0 once the service has answered an evaluation, 1 otherwise.
 */
public class EvaluateExample {

    public static void main(String[] args) throws Exception {
        String base = System.getenv().getOrDefault("LISTGUARD_URL", "http://localhost:8080");
        String key = System.getenv("LISTGUARD_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("Set LISTGUARD_KEY to an API key with the EVALUATOR role.");
            System.exit(1);
        }
        Path request = Path.of(args.length > 0 ? args[0] : "docs/examples/evaluation-request.json");

        HttpRequest post = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/api/v1/evaluations"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(request))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            // errors are RFC 9457 problem documents: title, detail, and a stable code
            System.err.println("HTTP " + response.statusCode() + ": " + response.body());
            System.exit(1);
        }

        Map<?, ?> result = (Map<?, ?>) new Json(response.body()).value();
        Map<?, ?> policy = (Map<?, ?>) result.get("policyVersion");
        System.out.println("decision: " + result.get("decision") + " (policy version " + policy.get("id") + ")");
        for (Object o : (List<?>) result.get("records")) {
            Map<?, ?> record = (Map<?, ?>) o;
            System.out.println(Boolean.TRUE.equals(record.get("contactable"))
                    ? record.get("id") + ": contactable"
                    : record.get("id") + ": excluded (" + String.join(", ", strings(record.get("reasons"))) + ")");
        }
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** Just enough JSON for the answer: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> map = new LinkedHashMap<>();
                    i++;
                    skip();
                    if (s.charAt(i) == '}') { i++; return map; }
                    do {
                        skip();
                        String name = string();
                        skip();
                        expect(':');
                        map.put(name, value());
                        skip();
                    } while (s.charAt(i++) == ',');
                    if (s.charAt(i - 1) != '}') throw new IllegalArgumentException("bad JSON at " + i);
                    return map;
                }
                case '[': {
                    List<Object> list = new ArrayList<>();
                    i++;
                    skip();
                    if (s.charAt(i) == ']') { i++; return list; }
                    do {
                        list.add(value());
                        skip();
                    } while (s.charAt(i++) == ',');
                    if (s.charAt(i - 1) != ']') throw new IllegalArgumentException("bad JSON at " + i);
                    return list;
                }
                case '"':
                    return string();
                default:
                    int start = i;
                    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) i++;
                    String word = s.substring(start, i);
                    switch (word) {
                        case "true": return Boolean.TRUE;
                        case "false": return Boolean.FALSE;
                        case "null": return null;
                        default: return Double.valueOf(word);
                    }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e); // \" \\ \/
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
