package io.listguard.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit chain's signed checkpoints, prefix {@code listguard.audit.chain}.
 *
 * @param checkpointEntries a checkpoint once this many entries were appended since the last one (default 1000)
 * @param checkpointInterval a checkpoint once this long passed since the last one, if any entry was appended (default 15 minutes)
 * @param checkEvery         how often the service looks whether a checkpoint is due (default every minute)
 * @param signingKeyFile     the Ed25519 key file (private and public key, base64, one a line); unset: generated once into
 *                           {@code <data-dir>/audit-signing.key}
 */
@ConfigurationProperties("listguard.audit.chain")
public record ChainProperties(@DefaultValue("1000") int checkpointEntries, @DefaultValue("PT15M") Duration checkpointInterval,
                              @DefaultValue("PT1M") Duration checkEvery, Path signingKeyFile) {
}
