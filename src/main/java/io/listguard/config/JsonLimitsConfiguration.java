package io.listguard.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits of {@code listguard.limits.json} on Spring's {@link JsonMapper}, which reads every request body (and
 * the bulk endpoint's 'request' part): nesting depth, string length and document length, as Jackson's
 * {@link StreamReadConstraints}. A document over a limit is refused while it is read, before it is held in memory,
 * and answers 400 naming the limit ({@code io.listguard.domain.JsonErrors}).
 * <p>
 * In Jackson 3 the constraints belong to the immutable {@link JsonFactory}, which a {@code JsonMapper.Builder} is
 * created with; Spring Boot 4.0 creates its builder on the default factory and has no customizer for the factory
 * ({@code JsonFactoryBuilderCustomizer} arrives in Boot 4.1). So this configuration provides the builder bean
 * itself, on a constrained factory, and applies every {@link JsonMapperBuilderCustomizer} in order exactly as
 * Boot's own bean does, so that {@code spring.jackson.*} and the problem-detail mix-in still apply. Boot's bean
 * backs off ({@code @ConditionalOnMissingBean}).
 * <p>
 * The builder also refuses duplicate keys ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}): by default the
 * last one wins, so {@code "optedOut": true, "optedOut": false} would be read as not opted out. A body with a
 * repeated key answers 400 naming the key and its path.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimitsConfiguration {

    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    JsonMapper.Builder listguardJsonMapperBuilder(LimitsProperties limits, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints(limits.json())).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    static StreamReadConstraints constraints(LimitsProperties.Json json) {
        return StreamReadConstraints.builder()
                .maxNestingDepth(json.maxNestingDepth())
                .maxStringLength(json.maxStringLength())
                .maxDocumentLength(json.maxDocumentLength().toBytes())
                .build();
    }
}
