package io.listguard.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP session with the console, without a browser: cookies, the sign-in form, CSRF tokens. For
 * tests of the console's HTTP contract (access rules, redirects, errors); the pages themselves are tested in
 * Chromium ({@link ConsoleBrowserTest}).
 */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");

    /** Status, location (of a redirect) and body of one call. */
    public record Page(int status, String location, String body) {
    }

    private final int port;
    private final HttpClient client;
    private final CookieManager cookies = new CookieManager();
    private String csrf;

    private ConsoleSession(int port) {
        this.port = port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The session's cookies as a Cookie header, and its CSRF token: for requests sent another way (a raw socket). */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    public String csrfToken() {
        return csrf;
    }

    /** A session that has not signed in. */
    public static ConsoleSession anonymous(int port) {
        ConsoleSession session = new ConsoleSession(port);
        session.csrf = session.token("/console/login");
        return session;
    }

    /** Signs in with the key, as the person named; fails the test when the sign-in is refused. */
    public static ConsoleSession signIn(int port, String person, String key) {
        ConsoleSession session = anonymous(port);
        Page answer = session.post("/console/login", Map.of("name", person, "key", key));
        if (answer.status() != 302 || !answer.location().endsWith("/console")) {
            throw new AssertionError("sign-in refused: " + answer.status() + " " + answer.location());
        }
        session.csrf = session.token("/console");
        return session;
    }

    /**
     * Signs in with OpenID Connect as a browser would: the console's link to the provider, the provider's redirect
     * back with a code, the console's exchange of the code for tokens, each redirect followed with the session's
     * cookies. The provider decides who signs in (the tests enqueue the account on the mock-oauth2-server).
     * Gives the last redirect of the flow to {@code lastLocation} and returns the session, signed in or not.
     */
    public static ConsoleSession signInWithOidc(int port, String registrationId, java.util.function.Consumer<String> lastLocation) {
        ConsoleSession session = new ConsoleSession(port);
        String next = "http://localhost:" + port + "/console/oauth2/authorization/" + registrationId;
        for (int hops = 0; hops < 10; hops++) {
            if (next.contains("/console/login/oauth2/code/")) {
                // the provider's redirect back is cross-site: a browser does not send the SameSite=Strict session cookie
                // with it (only the Lax cookie that holds the pending sign-in), so neither does this session
                session.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID")).toList()
                        .forEach(c -> session.cookies.getCookieStore().getURIs().forEach(u -> session.cookies.getCookieStore().remove(u, c)));
            }
            Page page = session.send(HttpRequest.newBuilder(URI.create(next)).GET());
            java.util.regex.Matcher refresh = java.util.regex.Pattern.compile("http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"").matcher(page.body());
            if (page.status() == 200 && refresh.find()) {
                next = URI.create(next).resolve(refresh.group(1)).toString(); // signed in: the console's own page moves on (SameSite=Strict)
                break;
            }
            if (page.status() != 302 && page.status() != 303) {
                throw new AssertionError("the sign-in flow stopped at " + next + " with " + page.status() + ": " + page.body());
            }
            next = URI.create(next).resolve(page.location()).toString();
            if (next.startsWith("http://localhost:" + port + "/console") && !next.contains("/oauth2/")) {
                break; // back in the console: signed in, or refused
            }
        }
        lastLocation.accept(next);
        if (next.endsWith("/console")) {
            session.csrf = session.token("/console");
        }
        return session;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A form post with the session's CSRF token. */
    public Page post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.put("_csrf", csrf);
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A file to upload: its part name, file name and content. */
    public record Upload(String part, String fileName, byte[] content) {
    }

    /** A multipart form post (text fields and files) with the session's CSRF token, as a browser sends a form with files. */
    public Page postMultipart(String path, Map<String, String> fields, java.util.List<Upload> files) {
        String boundary = "----listguard" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        try {
            for (var field : all.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n" + field.getValue() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (Upload file : files) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.part() + "\"; filename=\"" + file.fileName()
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(file.content());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** The raw bytes of a download. */
    public byte[] download(String path) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form post without any CSRF token, as a forged cross-site request would send. */
    public Page postWithoutToken(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")));
    }

    public Page call(String method, String path) {
        return method.equals("POST") ? post(path, Map.of()) : get(path);
    }

    private String token(String path) {
        Page page = get(path);
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError(path + " has no CSRF token (" + page.status() + ")");
        }
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
