package io.listguard.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's LISTEN on {@link PolicyVersions#CHANNEL}: a thread holding a dedicated connection (not one of the
 * pool's) that wakes the {@link PolicyStateFollower} as soon as an activation commits on any instance. The
 * connection is opened again after a failure; meanwhile the follower's polling carries on, so a lost notification
 * only delays following by one poll.
 */
public final class PolicyNotifications implements AutoCloseable {

    /** Opens the dedicated connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(PolicyNotifications.class);
    private static final Duration RECONNECT = Duration.ofSeconds(5);

    private final ConnectionSource source;
    private final Runnable onNotification;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile boolean listening;

    public PolicyNotifications(ConnectionSource source, Runnable onNotification) {
        this.source = source;
        this.onNotification = onNotification;
        this.thread = new Thread(this::run, "policy-notifications");
        this.thread.setDaemon(true);
    }

    public PolicyNotifications start() {
        thread.start();
        return this;
    }

    /** Whether the connection is listening now. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        while (!closed) {
            try (Connection c = source.open()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + PolicyVersions.CHANNEL);
                }
                listening = true;
                log.info("listening on PostgreSQL channel {} for policy activations", PolicyVersions.CHANNEL);
                onNotification.run(); // an activation may have committed before LISTEN: look once
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        onNotification.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("listening for policy activations failed ({}); polling only until it is reconnected in {} s", e.getMessage(),
                            RECONNECT.toSeconds());
                }
            } finally {
                listening = false;
                connection = null;
            }
            if (!closed) {
                try {
                    Thread.sleep(RECONNECT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
