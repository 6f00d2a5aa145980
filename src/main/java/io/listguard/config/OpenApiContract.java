package io.listguard.config;

import io.listguard.domain.Messages;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract a client sees (issue 18), applied to every operation so that an endpoint added later is described
 * the same way without annotations of its own: the API key, as a bearer token or in X-Api-Key; every error as the
 * one {@code Problem} schema in {@code application/problem+json}, the statuses every call can meet (401, 403, 429,
 * 500, 503; 400 and 413 for a call with a body or parameters, 404 for a path naming a resource); JSON answers as
 * {@code application/json}; and the examples of {@code openapi/examples.json}, keyed by "METHOD path".
 * The document is committed as docs/openapi.json (docs/api.md §8 says how to regenerate it).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiContract {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_ERROR = "ProblemError";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String BEARER = "bearer";
    static final String API_KEY = "apiKey";
    private static final String EXAMPLES = "openapi/examples.json";
    /** What a 503 and a 429 tell a client to wait, as ProblemDetailsAdvice and the throttles send it. */
    private static final int RETRY_AFTER_SECONDS = 5;

    static {
        // a JSON document held as a tree (a profile's JSON before and after a change) is any JSON, not a bean to introspect
        org.springdoc.core.utils.SpringDocUtils.getConfig().replaceWithSchema(tools.jackson.databind.JsonNode.class,
                new ObjectSchema().description("a JSON document"));
    }

    @Bean
    OpenApiCustomizer contract() {
        Map<String, Map<String, Object>> examples = readExamples();
        return openApi -> {
            components(openApi);
            openApi.setServers(List.of(new Server().url("/").description("this service")));
            if (openApi.getPaths() == null) {
                return;
            }
            // every error is a Problem: Spring's ProblemDetail, returned by a handler, is described by it
            if (openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().remove("ProblemDetail");
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    describe(openApi.getComponents(), path, method, operation, examples.getOrDefault(method.name() + " " + path, Map.of()))));
        };
    }

    private static void components(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new io.swagger.v3.oas.models.Components());
        }
        var components = openApi.getComponents();
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key")
                .description("An API key as a bearer token: Authorization: Bearer lg_… (docs/security.md). Without a key, or with an unknown "
                        + "one, every call but health and this description is answered 401."));
        components.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-Api-Key")
                .description("The same API key in the X-Api-Key header (it wins over Authorization when both are sent)."));
        components.addSchemas(PROBLEM_ERROR, new ObjectSchema()
                .description("One faulty field or value of a refused request")
                .addProperty("path", new StringSchema().description("its JSON path without a leading $. (campaign.channel, records[2].consents[0].channel); $ for the whole body")
                        .example("campaign.channel"))
                .addProperty("message", new StringSchema().description("what is wrong, in the caller's language (Accept-Language, English by default)")
                        .example("'EMAIL_' is not one of EMAIL, SMS, PHONE, POSTAL"))
                .addProperty("code", new StringSchema().description("the stable message code of the fault").example("json.notOneOf"))
                .addProperty("args", new ArraySchema().items(new Schema<>()).description("the values the message quotes, in order"))
                .required(List.of("path", "message")));
        components.addSchemas(PROBLEM, new ObjectSchema()
                .description("An RFC 9457 problem document, as every error is answered (Content-Type: application/problem+json). Other members "
                        + "than those listed may be present, by type (docs/api.md §7): report, conflicts, reverts, baseVersion, activeVersion...")
                .addProperty("type", new StringSchema().format("uri").description("urn:listguard:problem:<type>, stable").example("urn:listguard:problem:invalid-request"))
                .addProperty("title", new StringSchema().description("the type in words, in the caller's language").example("Invalid request"))
                .addProperty("status", new IntegerSchema().description("the HTTP status").example(400))
                .addProperty("detail", new StringSchema().description("what happened, in the caller's language; quotes only the offending value of an "
                        + "enumerated or dated field, never a whole request"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("the request path (absent from 401, 403 and 429, which are answered before the request reaches the API)")
                        .example("/api/v1/evaluations"))
                .addProperty("code", new StringSchema().description("the stable message code of the detail (texts_en/texts_fr), e.g. request.invalid, "
                        + "api.notFound.version, database.unavailable").example("request.invalid"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + PROBLEM_ERROR))
                        .description("every faulty field, for a refused body (invalid-request, unknown-offer-category, invalid-profile)"))
                .addProperty("args", new ArraySchema().items(new Schema<>()).description("the values the detail quotes (invalid-records-file)"))
                .addProperty("limit", new IntegerSchema().format("int64").description("the limit exceeded (too-many-records: records; payload-too-large: bytes)"))
                .addProperty("received", new IntegerSchema().description("how many records were sent (too-many-records)"))
                .addProperty("evaluationId", new StringSchema().description("the evaluation that failed (internal-error, audit-unavailable)"))
                .addProperty("retryAfterSeconds", new IntegerSchema().description("the seconds to wait before trying again, as Retry-After (503)"))
                .addProperty("state", new StringSchema().description("the bulk job's state (job-not-complete, job-ended)"))
                .addProperty("knownOfferCategories", new ArraySchema().items(new StringSchema()).description("the offer categories the active policies know"))
                .addProperty("line", new IntegerSchema().format("int64").description("the line at fault of an uploaded file"))
                .addProperty("byteOffset", new IntegerSchema().format("int64").description("the byte at fault of an uploaded file"))
                .addProperty("charset", new StringSchema().description("the charset the file was read in"))
                .addProperty("suggestedCharset", new StringSchema().description("the charset the file's bytes look like"))
                .required(List.of("type", "title", "status", "detail", "code")));
    }

    private static void describe(io.swagger.v3.oas.models.Components components, String path, PathItem.HttpMethod method, Operation operation, Map<String, Object> examples) {
        if (path.startsWith("/api/")) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(API_KEY)));
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasInput = hasBody || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            standard(responses, "400", "The request is invalid: each fault with its path (errors) or its message code");
        }
        standard(responses, "401", "No API key, or an unknown one");
        standard(responses, "403", "The key's roles do not allow this call");
        if (path.contains("{")) {
            standard(responses, "404", "No such resource (or another caller's bulk job)");
        }
        if (hasBody) {
            standard(responses, "413", "The body is over listguard.limits.max-body-size, or an upload over the multipart limit");
            standard(responses, "415", "The body is not in the media type the operation takes");
        }
        standard(responses, "429", "Too many failed authentications from this address, or this key over its rate; Retry-After says how long to wait");
        standard(responses, "500", "Something unexpected: nothing was decided or changed");
        standard(responses, "503", "The database did not answer in time: nothing was decided, stored or changed; Retry-After says when to try again");
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        sorted.forEach((status, response) -> {
            responses.addApiResponse(status, response);
            int code = Integer.parseInt(status);
            if (code >= 400) {
                problem(components, status, response, examples.get(status));
            } else {
                success(response, examples.get(status));
            }
        });
        operation.setResponses(responses);
        if (hasBody && operation.getRequestBody().getContent() != null && examples.get("request") != null) {
            operation.getRequestBody().getContent().values().forEach(m -> {
                if (m.getExample() == null && (m.getExamples() == null || m.getExamples().isEmpty())) {
                    m.setExample(examples.get("request"));
                }
            });
        }
    }

    private static void standard(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    /** An operation's own example of a problem, or the status's generic one, once in components/examples. */
    private static void problem(io.swagger.v3.oas.models.Components components, String status, ApiResponse response, Object example) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM));
        if (example != null) {
            media.setExample(example);
        } else {
            String name = "problem-" + status;
            if (components.getExamples() == null || !components.getExamples().containsKey(name)) {
                Map<String, Object> generic = problemExample(Integer.parseInt(status));
                components.addExamples(name, new io.swagger.v3.oas.models.examples.Example().summary(String.valueOf(generic.get("type")))
                        .value(generic));
            }
            media.addExamples(String.valueOf(problemExample(Integer.parseInt(status)).get("type")).substring("urn:listguard:problem:".length()),
                    new io.swagger.v3.oas.models.examples.Example().$ref("#/components/examples/" + name));
        }
        response.setContent(new Content().addMediaType(PROBLEM_JSON, media));
        if (status.equals("429") || status.equals("503")) {
            response.addHeaderObject("Retry-After", new Header().description("the seconds to wait before trying again")
                    .schema(new IntegerSchema().example(RETRY_AFTER_SECONDS)));
        }
    }

    /** A JSON answer springdoc described as any media type ({@code *}{@code /*}) is application/json; the example goes on every media type. */
    private static void success(ApiResponse response, Object example) {
        Content content = response.getContent();
        if (content == null) {
            return;
        }
        MediaType any = content.remove("*/*");
        if (any != null) {
            content.addMediaType("application/json", any);
        }
        if (example != null) {
            content.values().forEach(m -> m.setExample(example));
        }
    }

    /** The problem a status's generic cause answers, with the texts the service writes (English). */
    static Map<String, Object> problemExample(int status) {
        return switch (status) {
            case 400 -> problem("invalid-request", 400, Messages.text(Messages.ENGLISH, "api.invalid.several", 2), "request.invalid", "/api/v1/evaluations",
                    Map.of("errors", List.of(error("campaign.channel", "json.notOneOf"), error("records[2].consents[0].givenOn", "json.date"))));
            case 401 -> problem("unauthorized", 401, Messages.text(Messages.ENGLISH, "api.unauthorized"), "api.unauthorized", null, Map.of());
            case 403 -> problem("forbidden", 403, Messages.text(Messages.ENGLISH, "api.forbidden", "POST", "/api/v1/policies/versions"),
                    "api.forbidden", null, Map.of());
            case 404 -> problem("not-found", 404, Messages.text(Messages.ENGLISH, "api.notFound.version", "v9"), "api.notFound.version",
                    "/api/v1/policies/versions/v9", Map.of());
            case 409 -> problem("policy-state", 409, Messages.text(Messages.ENGLISH, "api.policyState.generic"), "api.policyState.generic",
                    "/api/v1/policies/versions/v2/activate", Map.of());
            case 410 -> problem("identifiers-in-url", 410, Messages.text(Messages.ENGLISH, "api.suppressions.identifiersInUrl", "POST",
                    "/api/v1/suppressions/lookup"), "api.suppressions.identifiersInUrl", "/api/v1/suppressions", Map.of());
            case 413 -> problem("payload-too-large", 413, Messages.text(Messages.ENGLISH, "api.payloadTooLarge", "50 MB"), "api.payloadTooLarge",
                    "/api/v1/evaluations", Map.of("limit", 52428800));
            case 429 -> problem("too-many-requests", 429, Messages.text(Messages.ENGLISH, "api.throttled.requests", RETRY_AFTER_SECONDS),
                    "api.throttled.requests", null, Map.of());
            case 500 -> problem("internal-error", 500, Messages.text(Messages.ENGLISH, "api.internalError"), "api.internalError",
                    "/api/v1/evaluations", Map.of());
            case 503 -> problem("database-unavailable", 503, Messages.text(Messages.ENGLISH, "database.unavailable", RETRY_AFTER_SECONDS),
                    "database.unavailable", "/api/v1/evaluations", Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS));
            default -> {
                String code = Messages.has("api.http." + status + ".title") ? "api.http." + status : "api.http.other";
                Map<String, Object> spring = problem(httpName(status), status, Messages.text(Messages.ENGLISH, code + ".detail", status), code,
                        "/api/v1/evaluations", Map.of());
                spring.put("title", Messages.text(Messages.ENGLISH, code + ".title", status));
                yield spring;
            }
        };
    }

    private static String httpName(int status) {
        org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
        return known == null ? "error" : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> problem(String type, int status, String detail, String code, String instance, Map<String, Object> more) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:listguard:problem:" + type);
        problem.put("title", Messages.text(Messages.ENGLISH, "api.title." + type));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("code", code);
        problem.putAll(more);
        return problem;
    }

    private static Map<String, Object> error(String path, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("path", path);
        error.put("message", Messages.text(Messages.ENGLISH, code, "EMAIL_", "EMAIL, SMS, PHONE, POSTAL"));
        error.put("code", code);
        return error;
    }

    /**
     * The examples, by "METHOD path": "request" for the body, a status for an answer. A string value
     * "classpath:&lt;resource&gt;" stands for that JSON resource (docs/examples/, bundled at build time).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> readExamples() {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Map<String, Object>> examples;
        try (InputStream in = new ClassPathResource(EXAMPLES).getInputStream()) {
            examples = json.readValue(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI examples " + EXAMPLES + " are missing", e);
        }
        examples.values().forEach(byStatus -> resolve(byStatus, json));
        return examples;
    }

    /** Replaces, at any depth, a "classpath:&lt;resource&gt;" string by that JSON resource. */
    @SuppressWarnings("unchecked")
    private static void resolve(Map<String, Object> node, JsonMapper json) {
        for (String key : new ArrayList<>(node.keySet())) {
            Object value = node.get(key);
            if (value instanceof String s && s.startsWith("classpath:")) {
                try (InputStream in = new ClassPathResource(s.substring("classpath:".length())).getInputStream()) {
                    node.put(key, json.readValue(in, Object.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("the OpenAPI example " + s + " is missing", e);
                }
            } else if (value instanceof Map<?, ?> map) {
                resolve((Map<String, Object>) map, json);
            }
        }
    }
}
