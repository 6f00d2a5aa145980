package io.listguard.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description (/v3/api-docs, Swagger UI at /swagger-ui.html). The request example is the README's
 * sample, docs/examples/evaluation-request.json, bundled at build time: one example, never out of date.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI listguardOpenApi() {
        return new OpenAPI().info(new Info()
                .title("listguard")
                .version("v1")
                .description("May this rented prospect file be used for this campaign? Decisions, findings with stable codes, "
                        + "per-record verdicts and the trace of the spreadsheet rows and DRL rules that fired, with their legal basis. "
                        + "Every call but health and this description needs an API key (Authorize: as a bearer token or X-Api-Key). "
                        + "Every error is an RFC 9457 problem (application/problem+json, schema Problem) with a stable type and message code. "
                        + "The reference, with every field, code and error, is docs/api.md; this document is committed as docs/openapi.json.")
                .license(new License().name("Proprietary").identifier("LicenseRef-Proprietary")));
    }

    @Bean
    OpenApiCustomizer evaluationRequestExample() {
        Map<?, ?> example = readExample("bundled/examples/evaluation-request.json");
        return openApi -> {
            var path = openApi.getPaths() == null ? null : openApi.getPaths().get("/api/v1/evaluations");
            if (path == null || path.getPost() == null || path.getPost().getRequestBody() == null) {
                return;
            }
            Content content = path.getPost().getRequestBody().getContent();
            MediaType json = content.get("application/json");
            if (json != null) {
                json.setExample(example);
            }
        };
    }

    /** Bean-less records give springdoc no hint of what is required; say it as RequestValidator checks it. */
    @Bean
    OpenApiCustomizer requiredRequestFields() {
        Map<String, List<String>> required = Map.of(
                "EvaluationRequest", List.of("campaign", "file"),
                "Campaign", List.of("id", "audience", "channel", "offerCategory", "startDate", "optOut"),
                "RentedFile", List.of("id"),
                "ProspectRecord", List.of("id", "kind"),
                "Consent", List.of("channel", "givenOn"),
                "CallingWindow", List.of("days", "from", "to"));
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            required.forEach((name, fields) -> {
                var schema = openApi.getComponents().getSchemas().get(name);
                if (schema != null) {
                    schema.setRequired(fields);
                }
            });
        };
    }

    private static Map<?, ?> readExample(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return JsonMapper.builder().build().readValue(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled example " + resource + " is missing", e);
        }
    }
}
