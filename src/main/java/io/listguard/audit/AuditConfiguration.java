package io.listguard.audit;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The keyed-hash secret, the checkpoints' signing key and the scheduled retention purge and checkpoints. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuditProperties.class, ChainProperties.class})
@EnableScheduling
class AuditConfiguration {

    @Bean
    Pseudonymiser pseudonymiser(AuditProperties properties, @Value("${listguard.data-dir:./data}") Path dataDir) {
        return new Pseudonymiser(AuditKey.resolve(properties.hmacKey(), dataDir));
    }

    /** The key that signs the audit chain's checkpoints, outside the database. */
    @Bean
    SigningKey auditSigningKey(ChainProperties properties, @Value("${listguard.data-dir:./data}") Path dataDir) {
        return SigningKey.resolve(properties.signingKeyFile(), dataDir);
    }
}
