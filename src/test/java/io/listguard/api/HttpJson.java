package io.listguard.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny real-HTTP client for tests: requests go through Tomcat, message converters and error handling. */
final class HttpJson {

    record Response(int status, String contentType, String body, JsonNode json) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String ADMIN_KEY = "test-admin-key-0123456789";
    static final String EVALUATOR_KEY = "test-evaluator-key-0123456789";
    static final String EDITOR_KEY = "test-editor-key-0123456789";
    static final String AUDITOR_KEY = "test-auditor-key-0123456789";

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    /** A client that authenticates with the tests' admin key (see src/test/resources/config). */
    HttpJson(int port) {
        this(port, ADMIN_KEY);
    }

    /** A client with another key, or none (null). */
    HttpJson(int port, String key) {
        this.base = "http://localhost:" + port;
        this.key = key;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    Response post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A POST whose body is streamed without a Content-Length (chunked transfer encoding). */
    Response postChunked(String path, String contentType, java.util.function.Supplier<java.io.InputStream> body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofInputStream(body)).build());
    }

    Response postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    /** A JSON POST with extra headers, given as name, value, name, value... */
    Response postJson(String path, String body, String... headers) {
        return send(request(path).header("Content-Type", "application/json").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A multipart/form-data POST: files as (part name, file name, bytes), plus text fields. */
    Response postMultipart(String path, java.util.List<Object[]> files, java.util.Map<String, String> fields) {
        return postMultipart(path, files, fields, new String[0]);
    }

    /** The same with extra headers, given as name, value, name, value... */
    Response postMultipart(String path, java.util.List<Object[]> files, java.util.Map<String, String> fields, String... headers) {
        String boundary = "----listguard" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        try {
            for (var field : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                        + field.getValue() + "\r\n").getBytes(utf8));
            }
            for (Object[] file : files) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file[0] + "\"; filename=\"" + file[1]
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
                body.write((byte[]) file[2]);
                body.write("\r\n".getBytes(utf8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(utf8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder builder = request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    byte[] getBytes(String path) {
        try {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Any method, with an optional JSON body (the security matrix calls every endpoint this way). */
    Response call(String method, String path, String jsonBody, String... headers) {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest.Builder builder = request(path).method(method, body);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (jsonBody != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder.build());
    }

    Response get(String path) {
        return send(request(path).GET().build());
    }

    /** A GET with headers, as name, value pairs (an {@code Accept-Language}). */
    Response get(String path, String... headers) {
        return send(request(path).headers(headers).GET().build());
    }

    Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** A query parameter value, URL-encoded (a phone's "+" must not become a space). */
    static String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = type.contains("json") && !type.contains("ndjson") && !response.body().isEmpty() ? JSON.readTree(response.body()) : null;
            return new Response(response.statusCode(), type, response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonMapper mapper() {
        return JSON;
    }

    /** The bulk request part: the sample evaluation request of docs/examples without its records (they come as a file). */
    static tools.jackson.databind.node.ObjectNode bulkRequestPart() {
        try {
            tools.jackson.databind.node.ObjectNode request = (tools.jackson.databind.node.ObjectNode) JSON.readTree(
                    java.nio.file.Files.readString(java.nio.file.Path.of("docs/examples/evaluation-request.json")));
            request.remove("records");
            return request;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
