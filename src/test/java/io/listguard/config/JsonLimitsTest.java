package io.listguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Each JSON limit of listguard.limits.json, and the plain words a client reads when a document passes it. */
class JsonLimitsTest {

    private static JsonMapper mapper(int depth, int string, DataSize document) {
        LimitsProperties.Json json = new LimitsProperties.Json(depth, string, document);
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(JsonLimitsConfiguration.constraints(json)).build()).build();
    }

    private static Violation refused(JsonMapper mapper, String document) {
        return refused(mapper, document, EvaluationRequest.class);
    }

    private static Violation refused(JsonMapper mapper, String document, Class<?> type) {
        // read from bytes, as request bodies are
        JacksonException e = catchThrowableOfType(JacksonException.class,
                () -> mapper.readValue(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), type));
        assertThat(e).as("refused").isNotNull();
        return JsonErrors.describe(e);
    }

    @Test
    void theDefaultsAreThoseOfTheIssue() {
        LimitsProperties defaults = new LimitsProperties(null, null, null, null);

        assertThat(defaults.json().maxNestingDepth()).isEqualTo(32);
        assertThat(defaults.json().maxStringLength()).isEqualTo(100_000);
        assertThat(defaults.json().maxDocumentLength()).isEqualTo(DataSize.ofMegabytes(50));
        assertThat(defaults.maxBodySize()).isEqualTo(DataSize.ofMegabytes(50));
        assertThat(defaults.workbook().guardLimits()).isEqualTo(io.listguard.policy.WorkbookGuard.Limits.DEFAULTS);
    }

    @Test
    void tooDeepNamesTheDepth() {
        Violation v = refused(mapper(32, 100_000, DataSize.ofMegabytes(50)), "{\"records\": " + "[".repeat(33) + "]".repeat(33) + "}", Object.class);

        assertThat(v.message()).isEqualTo("the JSON nests deeper than 32 levels");
    }

    @Test
    void aLongStringNamesTheLength() {
        Violation v = refused(mapper(32, 1_000, DataSize.ofMegabytes(50)), "{\"campaign\": {\"id\": \"" + "x".repeat(5_000) + "\"}}");

        assertThat(v.message()).isEqualTo("a string in the JSON is longer than 1,000 characters");
        assertThat(v.path()).isEqualTo("campaign.id");
    }

    @Test
    void aLongDocumentNamesTheLength() {
        String records = "{\"id\": \"r\", \"kind\": \"PERSON\"}, ".repeat(20_000);
        Violation v = refused(mapper(32, 100_000, DataSize.ofKilobytes(64)), "{\"records\": [" + records + "{}]}");

        assertThat(v.message()).isEqualTo("the JSON document is longer than 65,536 bytes");
    }

    @Test
    void aLongNumberNamesItsDigits() {
        Violation v = refused(mapper(32, 100_000, DataSize.ofMegabytes(50)), "{\"file\": {\"pricePerThousand\": " + "9".repeat(2_000) + "}}");

        assertThat(v.message()).isEqualTo("a number in the JSON has more than 1,000 digits");
    }
}
