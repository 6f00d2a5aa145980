package io.listguard.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Token buckets (Bucket4j), in memory, per instance: one per client address for failed authentications, one per
 * API key name for requests. A bucket that has refilled to its capacity says nothing more than no bucket, so full
 * buckets are dropped when the maps grow large; the memory stays bounded by the addresses that failed recently.
 */
final class Throttles {

    private static final int SWEEP_OVER = 10_000;

    private final ThrottleProperties properties;
    private final Map<String, Bucket> failures = new ConcurrentHashMap<>();
    private final Map<String, Bucket> requests = new ConcurrentHashMap<>();

    Throttles(ThrottleProperties properties) {
        this.properties = properties;
    }

    /** How long an address must wait before it may try to authenticate again; zero when it may now. */
    Duration blocked(String address) {
        if (!properties.enabled()) {
            return Duration.ZERO;
        }
        Bucket bucket = failures.get(address);
        if (bucket == null) {
            return Duration.ZERO;
        }
        var estimate = bucket.estimateAbilityToConsume(1);
        return estimate.canBeConsumed() ? Duration.ZERO : Duration.ofNanos(estimate.getNanosToWaitForRefill());
    }

    /** One failed authentication from this address. */
    void failed(String address) {
        if (properties.enabled()) {
            bucket(failures, address, () -> bandwidth(properties.failures(), properties.failuresPer())).tryConsume(1);
        }
    }

    /** One request with this key: zero when it may be served, or how long to wait. */
    Duration request(String keyName) {
        if (!properties.enabled()) {
            return Duration.ZERO;
        }
        ConsumptionProbe probe = bucket(requests, keyName, () -> bandwidth(properties.requests(), properties.requestsPer())).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Whole seconds to announce in Retry-After (at least 1). */
    static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static Bandwidth bandwidth(int capacity, Duration period) {
        return Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build();
    }

    private static Bucket bucket(Map<String, Bucket> buckets, String key, Supplier<Bandwidth> limit) {
        if (buckets.size() > SWEEP_OVER) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= limit.get().getCapacity());
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit.get()).build());
    }
}
