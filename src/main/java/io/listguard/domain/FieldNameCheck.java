package io.listguard.domain;

import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * {@link FieldNames} applied by Jackson while it reads a request or an NDJSON line: a field Jackson does not know,
 * on one of the {@link FieldNames#REQUEST_TYPES}, is either a near miss of a decisive field (a
 * {@link MisspelledFieldException}: the document is refused) or unknown (skipped and counted in the
 * {@link UnknownFields} of the read). Jackson calls it only for unknown fields, so a clean document costs nothing.
 * Fields of other types are left to Jackson's own setting ({@code FAIL_ON_UNKNOWN_PROPERTIES}).
 * <p>
 * The {@link UnknownFields} of a read are taken from the reader's attribute {@link #UNKNOWN_FIELDS}
 * ({@code reader.withAttribute(FieldNameCheck.UNKNOWN_FIELDS, fields)}), else from the fallback given (the HTTP
 * request's, in the service); with neither, unknown fields are skipped uncounted.
 */
public final class FieldNameCheck extends DeserializationProblemHandler {

    /** The reader attribute holding the {@link UnknownFields} of the read. */
    public static final Object UNKNOWN_FIELDS = UnknownFields.class;

    private final Supplier<UnknownFields> fallback;

    public FieldNameCheck() {
        this(() -> null);
    }

    public FieldNameCheck(Supplier<UnknownFields> fallback) {
        this.fallback = fallback;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer, Object beanOrClass,
                                         String propertyName) throws JacksonException {
        Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass != null ? beanOrClass.getClass()
                : deserializer == null ? null : deserializer.handledType();
        Optional<FieldNames> fields = FieldNames.of(type);
        if (fields.isEmpty()) {
            return false;
        }
        FieldNames.Verdict verdict = fields.get().check(propertyName);
        if (verdict instanceof FieldNames.NearMiss miss) {
            throw new MisspelledFieldException(p, propertyName, miss.intended());
        }
        if (verdict instanceof FieldNames.Known) {
            return false;
        }
        Object attribute = ctxt.getAttribute(UNKNOWN_FIELDS);
        UnknownFields unknown = attribute instanceof UnknownFields u ? u : fallback.get();
        if (unknown != null) {
            unknown.add(type, propertyName);
        }
        p.skipChildren();
        return true;
    }
}
