package io.listguard.config;

import io.listguard.evaluation.ActivePolicy;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyNotifications;
import io.listguard.lifecycle.PolicyStateFollower;
import io.listguard.lifecycle.PolicyVersions;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Several instances on one database follow one active policy version (issue 14). Each instance runs a
 * {@link PolicyStateFollower}: it polls the database's state every {@code listguard.policy.follow-poll} (default
 * 2 s) and, on PostgreSQL, is woken by {@link PolicyNotifications} (LISTEN on a dedicated connection, NOTIFY sent
 * by the activating transaction) so that an activation made elsewhere is in force here within about a second.
 * The health indicator {@code policy} says whether this instance runs the active version.
 */
@Configuration(proxyBeanMethods = false)
class PolicyFollowingConfiguration {

    /**
     * Follows the cluster's state; started once the start-up version is active (the ActivePolicy bean). On
     * PostgreSQL it also listens, on a connection opened with the datasource's own settings outside the pool (it is
     * held for as long as the service runs); on H2 it polls only.
     */
    @Bean(destroyMethod = "close")
    PolicyStateFollower policyStateFollower(PolicyLifecycle lifecycle, ActivePolicy activePolicy, PolicyVersions versions, DataSource dataSource,
                                            ObjectProvider<DataSourceProperties> properties,
                                            @Value("${listguard.policy.follow-poll:PT2S}") Duration poll) {
        PolicyStateFollower follower = new PolicyStateFollower(lifecycle, poll, Clock.systemUTC()).start();
        if (versions.postgres()) {
            DataSourceProperties settings = properties.getIfAvailable();
            PolicyNotifications.ConnectionSource source = settings == null || settings.determineUrl() == null
                    ? dataSource::getConnection
                    : () -> DriverManager.getConnection(settings.determineUrl(), settings.determineUsername(), settings.determinePassword());
            follower.listenWith(new PolicyNotifications(source, follower::wake).start());
        }
        return follower;
    }

    /**
     * {@code policy}: UP while this instance runs the cluster's active version, or has lagged behind it for less than
     * {@code listguard.policy.sync-grace} (default 30 s); OUT_OF_SERVICE after that (the active version does not compile
     * here, the database cannot be read): take it out of the load balancer. Details: running, active, inSync.
     */
    @Bean
    HealthIndicator policyHealthIndicator(PolicyStateFollower follower, @Value("${listguard.policy.sync-grace:PT30S}") Duration grace) {
        return () -> {
            PolicyStateFollower.Sync sync = follower.sync();
            Health.Builder health = sync.lagging(java.time.Instant.now(), grace) ? Health.outOfService() : Health.up();
            health.withDetail("running", String.valueOf(sync.running())).withDetail("active", String.valueOf(sync.active()))
                    .withDetail("inSync", sync.inSync());
            if (sync.outOfSyncSince() != null) {
                health.withDetail("outOfSyncSince", sync.outOfSyncSince().toString());
            }
            if (sync.lastFailure() != null) {
                health.withDetails(Map.of("lastFailure", sync.lastFailure()));
            }
            return health.build();
        };
    }
}
