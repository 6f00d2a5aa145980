package io.listguard.bulk.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code listguard.bulk.jobs}: bulk jobs by state (tag {@code state}), of the whole cluster, as the
 * {@code bulk_job} table holds them. One grouped count read at most every {@link #FRESH} and shared by the gauges
 * of all states, so a scrape costs at most one small query; a database that does not answer leaves the last counts.
 */
@Component
class JobStateMetrics {

    static final Duration FRESH = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private Map<BulkJob.State, Long> counts = new EnumMap<>(BulkJob.State.class);
    private long readAt;
    private boolean read;

    JobStateMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (BulkJob.State state : BulkJob.State.values()) {
            Gauge.builder("listguard.bulk.jobs", this, m -> m.count(state)).description("Bulk jobs by state (all instances)")
                    .tag("state", state.name()).register(registry);
        }
    }

    synchronized double count(BulkJob.State state) {
        long now = System.nanoTime();
        if (!read || now - readAt >= FRESH.toNanos()) {
            try {
                Map<BulkJob.State, Long> fresh = new EnumMap<>(BulkJob.State.class);
                jdbc.query("select state, count(*) from bulk_job group by state",
                        rs -> {
                            fresh.put(BulkJob.State.valueOf(rs.getString(1)), rs.getLong(2));
                        });
                counts = fresh;
            } catch (RuntimeException e) {
                // the last counts stand (the health indicator says the database is down)
            }
            read = true;
            readAt = now;
        }
        return counts.getOrDefault(state, 0L);
    }
}
