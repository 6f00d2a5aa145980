package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy upload cut off by the network (the client declared a Content-Length, sent part of the body and closed the
 * connection) changes nothing: the active version is still v1, no version is stored, and the service still
 * evaluates. The same body sent whole is then accepted, which shows that only the interruption kept it out.
 */
// a context of its own (the property only makes it distinct), closed afterwards: it ends with v2 active
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.test.context=interrupted-upload")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InterruptedUploadTest {

    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void anUploadCutOffHalfWayLeavesTheActiveVersionUnchanged() throws Exception {
        assertThat(activeVersion()).isEqualTo("v1");
        WorkingCopy copy = new WorkingCopy(tmp);
        copy.set("list-quality.xlsx", "Prix", "D14", "80"); // a valid change: email band below EUR 150 -> below EUR 80
        String boundary = "----interrupted" + System.nanoTime();
        byte[] body = multipart(boundary, "list-quality.xlsx", copy.bytes("list-quality.xlsx"));

        // half-way (inside the workbook), just after the part headers, and all but the closing boundary
        int fileStart = indexOf(body, "PK".getBytes(StandardCharsets.US_ASCII));
        List<Integer> cuts = List.of(body.length / 2, fileStart, body.length - boundary.length() - 8);
        List<String> answers = new ArrayList<>();
        for (int cut : cuts) {
            answers.add(sendCutOff(boundary, body, cut, false));
            assertThat(activeVersion()).as("after a cut at byte %d of %d", cut, body.length).isEqualTo("v1");
        }
        // and the connection reset half-way, without waiting for any answer
        sendCutOff(boundary, body, body.length / 2, true);
        Thread.sleep(500);
        assertThat(activeVersion()).isEqualTo("v1");
        // the server may answer (an error) or just drop the connection, but never accepts the version
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotStartWith("HTTP/1.1 201"));

        JsonNode versions = get("/api/v1/policies/versions");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("id").asString()).isEqualTo("v1");
        assertThat(versions.get(0).get("active").asBoolean()).isTrue();
        assertThat(get("/api/v1/policies/activations")).hasSize(1);
        assertEvaluates("v1");

        // the same body, sent whole over the same kind of connection, is a valid upload
        String whole = sendCutOff(boundary, body, body.length, false);
        assertThat(whole).startsWith("HTTP/1.1 201");
        assertThat(activeVersion()).isEqualTo("v2");
        assertEvaluates("v2");
    }

    /**
     * Writes the request by hand, declaring the whole body's length but sending {@code cut} bytes of it, then ends the
     * stream and reads whatever the server answers; {@code reset} closes the connection at once instead (RST).
     */
    private String sendCutOff(String boundary, byte[] body, int cut, boolean reset) throws IOException {
        // the working copy's workbook records no download: its changed row is confirmed (issue 11)
        String head = "POST /api/v1/policies/versions?confirm=true HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Authorization: Bearer " + ADMIN_KEY + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, cut);
            out.flush();
            if (reset) {
                socket.setSoLinger(true, 0);
                return "";
            }
            if (cut < body.length) {
                socket.shutdownOutput(); // the client goes away half-way: end of stream before Content-Length bytes
            }
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException dropped) {
                return ""; // the server dropped the connection without an answer
            }
        }
    }

    private static byte[] multipart(String boundary, String workbook, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"author\"\r\n\r\nalice\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\ncut off by the network\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + workbook
                + "\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private String activeVersion() throws Exception {
        return get("/api/v1/policies").get("id").asString();
    }

    private void assertEvaluates(String version) throws Exception {
        HttpResponse<String> r = client.send(request("/api/v1/evaluations").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("docs/examples/evaluation-request.json")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("policyVersion").get("id").asString()).isEqualTo(version);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + ADMIN_KEY);
    }
}
