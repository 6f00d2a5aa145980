package io.listguard.api;

/** Lets the security tests (another package) call endpoints through the same real-HTTP client. */
public final class SecurityProbe {

    /** Status, content type and body of one call. */
    public record Result(int status, String contentType, String body) {
    }

    private SecurityProbe() {
    }

    public static int status(int port, String key, String method, String path) {
        return call(port, key, method, path).status();
    }

    public static Result call(int port, String key, String method, String path) {
        String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
        HttpJson.Response r = new HttpJson(port, key).call(method, path, body);
        return new Result(r.status(), r.contentType(), r.body());
    }

    /** The status of a JSON post, for tests in other packages that set something up through the API. */
    public static int postJson(int port, String key, String path, String json) {
        return new HttpJson(port, key).postJson(path, json).status();
    }

    public static int statusWithApiKeyHeader(int port, String key, String path) {
        return new HttpJson(port, null).call("GET", path, null, "X-Api-Key", key).status();
    }
}
