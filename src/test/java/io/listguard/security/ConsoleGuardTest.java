package io.listguard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.console.ConsoleSession;
import jakarta.servlet.ServletContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's door (issue 19): a body sent without a signed-in session is refused before it is read, so nothing
 * is spooled to disk; a signed-in upload over what its page needs is refused unread too; the session cookie is
 * SameSite=Strict, HttpOnly, and Secure behind TLS.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleGuardTest {

    private static final long ONE_GB = 1L << 30;

    @LocalServerPort
    int port;
    @Autowired
    ServletContext servletContext;

    /** Sends the head of a multipart post declaring {@code declared} bytes, and 8 KB of it; answers the status line and headers. */
    private List<String> multipartHead(String path, String cookie, long declared) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            // a server that read the body would wait for the rest of it: no answer within 5 s fails the test
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            String boundary = "listguard-boundary";
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                    + "\r\nContent-Length: " + declared + "\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"records\"; filename=\"big.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[8 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            out.write(chunk);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            return head;
        }
    }

    private static String header(List<String> head, String name) {
        return head.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(h -> h.substring(name.length() + 1).strip()).findFirst().orElse("");
    }

    private List<Path> spooled() throws IOException {
        File temp = (File) servletContext.getAttribute(ServletContext.TEMPDIR);
        try (Stream<Path> files = Files.walk(temp.toPath())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anAnonymousUploadIsSentToSignInUnreadAndNothingIsSpooled() throws IOException {
        List<Path> before = spooled();
        long started = System.nanoTime();
        for (String path : List.of("/console/bulk", "/console/policies/upload", "/console/try", "/console/profiles/preview", "/console/login",
                "/console/logout", "/console/nowhere")) {
            List<String> head = multipartHead(path, null, ONE_GB);
            assertThat(head).as(path).isNotEmpty();
            assertThat(head.get(0)).as(path).contains(" 302 ");
            assertThat(header(head, "Location")).as(path).endsWith("/console/login");
            assertThat(header(head, "Connection")).as(path + ": the rest of the body is not read").isEqualToIgnoringCase("close");
        }
        assertThat(System.nanoTime() - started).as("seven 1 GB posts refused").isLessThan(10_000_000_000L);
        assertThat(spooled()).as("nothing spooled to the temp dir").isEqualTo(before);
        // with a session that is not signed in (the sign-in page's), the same
        ConsoleSession anonymous = ConsoleSession.anonymous(port);
        assertThat(header(multipartHead("/console/bulk", anonymous.cookieHeader(), ONE_GB), "Location")).endsWith("/console/login");
        // a session that ended while its form was open: sent to sign in again, told that nothing was done
        assertThat(header(multipartHead("/console/bulk", "JSESSIONID=0123456789ABCDEF0123456789ABCDEF", ONE_GB), "Location")).endsWith("/console/login?expired");
        assertThat(spooled()).isEqualTo(before);
    }

    @Test
    void theSignInFormIsSmallAndUrlEncodedOrItIsNotRead() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        // a real sign-in still works (ConsoleSession.signIn fails the test otherwise)
        ConsoleSession.signIn(port, "alice", SecurityMatrixTest.KEYS.get("AUDITOR"));
        // a large URL-encoded post is not parsed
        String big = "name=x&key=" + "a".repeat(64 * 1024);
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(big)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/console/login");
    }

    @Test
    void aSignedInUploadOverWhatItsPageNeedsIsRefusedUnread() throws IOException {
        ConsoleSession editor = ConsoleSession.signIn(port, "alice", SecurityMatrixTest.KEYS.get("POLICY_EDITOR"));
        List<Path> before = spooled();
        // policy workbooks: 50 MB by default (listguard.console.max-upload)
        List<String> head = multipartHead("/console/policies/upload?_csrf=" + editor.csrfToken(), editor.cookieHeader(), 100L << 20);
        assertThat(head.get(0)).contains(" 413 ");
        assertThat(header(head, "Connection")).isEqualToIgnoringCase("close");
        assertThat(spooled()).isEqualTo(before);
        // signed in still: the refusal did not end the session
        assertThat(editor.get("/console/policies").status()).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsStrictHttpOnlyAndSecureBehindTls() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = plain.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(cookie).contains("SameSite=Strict").contains("HttpOnly").doesNotContain("Secure");
        // TLS ended at a proxy on a trusted (here loopback) address that says so
        HttpResponse<String> forwarded = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
        String secure = forwarded.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertThat(secure).contains("SameSite=Strict").contains("HttpOnly").contains("Secure");
    }
}
