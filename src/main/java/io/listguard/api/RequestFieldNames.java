package io.listguard.api;

import io.listguard.domain.FieldNameCheck;
import io.listguard.domain.UnknownFields;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Issue 12: the field names of JSON request bodies are checked ({@link FieldNameCheck} on Spring's mapper). Spring
 * Boot leaves {@code FAIL_ON_UNKNOWN_PROPERTIES} off, and so does listguard: a near miss of a decisive field
 * ({@code opted_out}) is refused with 400 at its JSON path, and any other unknown field of a request's records
 * is ignored and counted in the unknown fields of the HTTP request, which the evaluation answers as warnings.
 */
@Configuration(proxyBeanMethods = false)
class RequestFieldNames {

    private static final String ATTRIBUTE = UnknownFields.class.getName();

    @Bean
    JsonMapperBuilderCustomizer fieldNameCheck() {
        return builder -> builder.addHandler(new FieldNameCheck(RequestFieldNames::current));
    }

    /** The unknown fields of the HTTP request being served, created on first use; null outside a request. */
    static UnknownFields current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return null;
        }
        Object fields = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (fields instanceof UnknownFields known) {
            return known;
        }
        UnknownFields created = new UnknownFields();
        request.setAttribute(ATTRIBUTE, created, RequestAttributes.SCOPE_REQUEST);
        return created;
    }

    /** The warnings about the unknown fields of the request body read so far. */
    static List<String> warnings() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object fields = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return fields instanceof UnknownFields known ? known.warnings() : List.of();
    }
}
