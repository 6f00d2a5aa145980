package io.listguard.audit;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit trail, prefix {@code listguard.audit}.
 *
 * @param hmacKey   the secret of the keyed hashes (at least 16 characters); unset: generated once into
 *                  {@code <data-dir>/audit-hmac.key} (set it explicitly in production, e.g. from a secret store)
 * @param retention how long stored evaluations are kept (default 3 years, R18)
 * @param purgeCron when the retention purge runs (default every day at 03:30)
 */
@ConfigurationProperties("listguard.audit")
public record AuditProperties(String hmacKey, @DefaultValue("P3Y") Period retention, @DefaultValue("0 30 3 * * *") String purgeCron) {
}
