package io.listguard.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Throttling, prefix {@code listguard.security.throttle} (docs/security.md "Throttling"): failed authentications per
 * client address (API calls with an unknown key, console sign-ins refused) and requests per API key. Token buckets
 * in memory, per instance.
 *
 * @param enabled     off only where a proxy in front already throttles
 * @param failures    failed authentications an address may make at once; one more is 429 until the bucket refills
 * @param failuresPer the time in which {@code failures} tokens refill (greedily, one at a time)
 * @param requests    requests a key may make at once (polling jobs and bulk submissions included)
 * @param requestsPer the time in which {@code requests} tokens refill
 */
@ConfigurationProperties("listguard.security.throttle")
public record ThrottleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30") int failures, @DefaultValue("PT1M") Duration failuresPer,
                                 @DefaultValue("6000") int requests, @DefaultValue("PT1M") Duration requestsPer) {

    public ThrottleProperties {
        if (failures < 1 || requests < 1 || failuresPer == null || failuresPer.isNegative() || failuresPer.isZero()
                || requestsPer == null || requestsPer.isNegative() || requestsPer.isZero()) {
            throw new IllegalArgumentException("listguard.security.throttle: failures and requests must be at least 1, and their periods positive");
        }
    }
}
