package io.listguard.api;

import io.listguard.domain.PolicyText;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16: the policy texts of an answer (findings' messages, legal references of findings, trace entries and
 * needed evidence, wherever a {@link PolicyText} is written) in the caller's language, once for every endpoint.
 * The JSON converter gives each response's writer a {@link PolicyText.Rendering}: the language of
 * {@code Accept-Language} (English by default, French for {@code fr}, {@code fr-FR}...), and with the query
 * parameter {@code texts=all} both languages beside each text ({@code messages}, {@code legalRefs}:
 * {@code {"fr": "...", "en": "..."}}). Field names and codes stay as they are.
 */
@Configuration(proxyBeanMethods = false)
class CallerLanguageJson {

    /** The query parameter that asks for both languages, and its value. */
    static final String TEXTS = "texts";
    static final String ALL = "all";

    static {
        // the API description shows a text as the string it is in one language
        org.springdoc.core.utils.SpringDocUtils.getConfig().replaceWithClass(PolicyText.class, String.class);
    }

    /** Registered by Spring Boot on its JsonMapper: the both-language siblings of texts. */
    @Bean
    JacksonModule policyTextModule() {
        return PolicyText.module();
    }

    /** Registered likewise: the coded texts of reports, diffs, conflicts and the stored history, in the caller's language. */
    @Bean
    JacksonModule readersLanguageModule() {
        return ReadersLanguageTexts.module();
    }

    /**
     * Spring Boot's JSON converter replaced, in its place among the converters (so that byte arrays and strings keep
     * theirs), by the same over Boot's JsonMapper with the caller's rendering.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer callerLanguageJsonConverter(JsonMapper json) {
        Converter converter = new Converter(json);
        return builder -> builder.configureMessageConvertersList(converters -> converters.replaceAll(
                c -> c.getClass() == JacksonJsonHttpMessageConverter.class ? converter : c));
    }

    /** The rendering a request asks for: its language, and both languages with {@code texts=all}. */
    static PolicyText.Rendering rendering(HttpServletRequest request) {
        return PolicyText.Rendering.of(ApiLanguage.of(request), ALL.equalsIgnoreCase(request.getParameter(TEXTS)));
    }

    private static final class Converter extends JacksonJsonHttpMessageConverter {

        Converter(JsonMapper json) {
            super(json);
        }

        @Override
        protected ObjectWriter customizeWriter(ObjectWriter writer, JavaType javaType, MediaType contentType) {
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
                return super.customizeWriter(writer, javaType, contentType).withAttribute(PolicyText.RENDERING, rendering(attributes.getRequest()));
            }
            return super.customizeWriter(writer, javaType, contentType);
        }
    }
}
