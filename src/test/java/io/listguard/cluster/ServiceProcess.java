package io.listguard.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the service as production runs it: its own JVM (the test's class path, the application's main
 * class), on a shared PostgreSQL schema and a shared data directory, with a port of its own. It can be stopped
 * gracefully (SIGTERM, as a rolling restart does) or killed (SIGKILL: no shutdown hook, no last checkpoint, the lease
 * simply stops being renewed), which no in-JVM context can imitate.
 */
final class ServiceProcess implements AutoCloseable {

    static final String ADMIN_KEY = "cluster-admin-key-0123456789";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The settings every instance of one cluster shares: the database schema, the data directory, the keys. */
    record Cluster(String jdbcUrl, String user, String schema, Path dataDir, Map<String, String> settings) {

        static Cluster onPostgres(String url, Path dataDir, Map<String, String> settings) {
            String schema = "lg_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            return new Cluster(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"), schema, dataDir, settings);
        }

        /** Starts an instance and waits until it is ready (readiness UP). */
        ServiceProcess start(String instanceName) {
            return ServiceProcess.start(this, instanceName);
        }
    }

    private static ServiceProcess start(Cluster cluster, String name) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dlistguard.cluster.instance=" + name); // names the process in ps
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.listguard.ListguardApplication");
        command.add("--server.port=" + port);
        command.add("--spring.datasource.url=" + cluster.jdbcUrl());
        command.add("--spring.datasource.username=" + cluster.user());
        command.add("--spring.datasource.password=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""));
        command.add("--spring.flyway.schemas=" + cluster.schema());
        command.add("--spring.flyway.create-schemas=true");
        command.add("--listguard.data-dir=" + cluster.dataDir());
        command.add("--listguard.instance-id=" + name);
        command.add("--listguard.security.keys[0].name=cluster-admin");
        command.add("--listguard.security.keys[0].key=" + ADMIN_KEY);
        command.add("--listguard.security.keys[0].roles=ADMIN");
        cluster.settings().forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            Path logs = Files.createDirectories(Path.of("target", "cluster-logs"));
            Path log = logs.resolve(cluster.schema() + "-" + name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ServiceProcess instance = new ServiceProcess(name, port, process, log);
            instance.awaitReady(Duration.ofSeconds(90));
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; its log:\n" + tail());
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + within + "; its log:\n" + tail());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<byte[]> download(String path) {
        try {
            return HTTP.send(authorised(HttpRequest.newBuilder(uri(path)).GET()).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A multipart/form-data POST of files: part name, file name, content type, content. */
    HttpResponse<String> postParts(String path, List<Part> parts) {
        String boundary = "----listguard" + UUID.randomUUID();
        List<byte[]> body = new ArrayList<>();
        for (Part part : parts) {
            body.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\"; filename=\"" + part.fileName()
                    + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.add(part.content());
            body.add("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.add(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(body)));
    }

    record Part(String name, String fileName, String contentType, byte[] content) {
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(authorised(request).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return request.header("X-Api-Key", ADMIN_KEY);
    }

    /** SIGKILL: the JVM dies at once, as on an out-of-memory kill or a lost machine. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: Spring's graceful shutdown, as a rolling restart does. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    boolean alive() {
        return process.isAlive();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of the instance's log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
