package io.listguard.config;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Short timeouts on the database, so that a database that stops answering is a 503 within seconds, not a request
 * that hangs: the pool's own (spring.datasource.hikari.connection-timeout and validation-timeout, in
 * application.properties), and on the sessions themselves, set here on the pool before it opens, by the kind of URL:
 * <ul>
 *   <li>PostgreSQL: {@code statement_timeout} and {@code lock_timeout} of every session (the driver's
 *       {@code options}), the driver's {@code connectTimeout} and {@code socketTimeout};</li>
 *   <li>H2: its {@code LOCK_TIMEOUT} and {@code QUERY_TIMEOUT}, added to the URL.</li>
 * </ul>
 * Settings ({@code 0} turns one off), each applied only where the URL does not set it already:
 * {@code listguard.database.statement-timeout} (30s), {@code listguard.database.lock-timeout} (5s),
 * {@code listguard.database.connect-timeout} (3s), {@code listguard.database.socket-timeout} (60s, longer than a
 * statement may last).
 */
@Component
class DatabaseTimeouts implements BeanPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(DatabaseTimeouts.class);
    private static final String ALIVE_BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";

    static {
        // Hikari skips the validation of a connection used in the last 500 ms; the job scheduler and the policy
        // follower use one every second, so a request would take a connection to a database that stopped answering
        // unchecked and hang until the socket timeout. Validated at every borrow (one round trip), a dead database is
        // a 503 within the pool's connection timeout. Read once, when Hikari's pool class loads: after this class.
        if (System.getProperty(ALIVE_BYPASS) == null) {
            System.setProperty(ALIVE_BYPASS, "0");
        }
    }

    private Duration statementTimeout = Duration.ofSeconds(30);
    private Duration lockTimeout = Duration.ofSeconds(5);
    private Duration connectTimeout = Duration.ofSeconds(3);
    private Duration socketTimeout = Duration.ofSeconds(60);

    @Override
    public void setEnvironment(Environment environment) {
        Binder binder = Binder.get(environment);
        statementTimeout = binder.bind("listguard.database.statement-timeout", Duration.class).orElse(statementTimeout);
        lockTimeout = binder.bind("listguard.database.lock-timeout", Duration.class).orElse(lockTimeout);
        connectTimeout = binder.bind("listguard.database.connect-timeout", Duration.class).orElse(connectTimeout);
        socketTimeout = binder.bind("listguard.database.socket-timeout", Duration.class).orElse(socketTimeout);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            apply(pool);
        }
        return bean;
    }

    void apply(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            StringBuilder options = new StringBuilder();
            if (!lower.contains("statement_timeout")) {
                options.append("-c statement_timeout=").append(statementTimeout.toMillis());
            }
            if (!lower.contains("lock_timeout")) {
                options.append(options.isEmpty() ? "" : " ").append("-c lock_timeout=").append(lockTimeout.toMillis());
            }
            if (!options.isEmpty() && !lower.contains("options=") && !pool.getDataSourceProperties().containsKey("options")) {
                pool.addDataSourceProperty("options", options.toString());
            }
            setIfAbsent(pool, lower, "connectTimeout", connectTimeout);
            setIfAbsent(pool, lower, "socketTimeout", socketTimeout);
            log.info("PostgreSQL sessions: statement_timeout {} ms, lock_timeout {} ms, connectTimeout {} s, socketTimeout {} s",
                    statementTimeout.toMillis(), lockTimeout.toMillis(), connectTimeout.toSeconds(), socketTimeout.toSeconds());
        } else if (lower.startsWith("jdbc:h2:")) {
            StringBuilder extra = new StringBuilder();
            if (!lower.contains("lock_timeout=")) {
                extra.append(";LOCK_TIMEOUT=").append(lockTimeout.toMillis());
            }
            if (!lower.contains("query_timeout=")) {
                extra.append(";QUERY_TIMEOUT=").append(statementTimeout.toMillis());
            }
            pool.setJdbcUrl(url + extra);
        }
    }

    private static void setIfAbsent(HikariDataSource pool, String lowerUrl, String property, Duration value) {
        if (!lowerUrl.contains(property.toLowerCase(Locale.ROOT) + "=") && !pool.getDataSourceProperties().containsKey(property)) {
            pool.addDataSourceProperty(property, String.valueOf(value.toSeconds()));
        }
    }
}
