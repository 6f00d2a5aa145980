package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.listguard.client.ApiClient;
import io.listguard.client.ApiException;
import io.listguard.client.ApiResponse;
import io.listguard.client.api.BulkEvaluationsApi;
import io.listguard.client.api.EvaluationsApi;
import io.listguard.client.api.PolicyLifecycleApi;
import io.listguard.client.model.BulkJob;
import io.listguard.client.model.EvaluationRequest;
import io.listguard.client.model.EvaluationResult;
import io.listguard.client.model.Problem;
import io.listguard.client.model.VersionView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client generated from the committed docs/openapi.json (openapi-generator, java native, at generate-test-sources)
 * works against the running service: its requests are accepted, and every answer, success or problem, reads into its
 * models. Unknown properties fail the reading here, so that the document cannot omit a member the service sends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientTest {

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    ObjectMapper strict;

    @BeforeEach
    void setUp() {
        strict = ApiClient.createDefaultObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setObjectMapper(strict);
        if (key != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        }
        return client;
    }

    private EvaluationRequest sample() throws Exception {
        return strict.readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
    }

    @Test
    void anEvaluationOfTheSampleIsDecidedAndReadIntoTheModels() throws Exception {
        EvaluationResult result = new EvaluationsApi(client(HttpJson.EVALUATOR_KEY)).evaluate(sample(), null);
        assertThat(result.getDecision()).hasToString("APPROVED_WITH_EXCLUSIONS");
        assertThat(result.getPolicyVersion().getId()).isEqualTo("v1");
        assertThat(result.getSummary().getTotal()).isEqualTo(6);
        assertThat(result.getSummary().getContactable()).isEqualTo(1);
        assertThat(result.getRecords()).hasSize(6);
        assertThat(result.getRecords().get(0).getId()).isEqualTo("r-1");
        assertThat(result.getRecords().get(0).getContactable()).isTrue();
        assertThat(result.getFindings()).anySatisfy(f -> assertThat(f.getCode()).isEqualTo("PRICE_BELOW_MARKET"));
        assertThat(result.getTrace()).isNotEmpty();
    }

    @Test
    void thePolicyVersionsAreListed() throws Exception {
        List<VersionView> versions = new PolicyLifecycleApi(client(HttpJson.EDITOR_KEY)).versions();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).getId()).isEqualTo("v1");
        assertThat(versions.get(0).getActive()).isTrue();
        assertThat(versions.get(0).getFiles()).anySatisfy(f -> assertThat(f.getName()).isEqualTo("policies/consent-regime.xlsx"));
    }

    @Test
    void anUnknownOfferCategoryIsA422ProblemTheClientReads() throws Exception {
        EvaluationRequest request = sample();
        request.getCampaign().setOfferCategory("CRYPTO");
        ApiException refused = catchThrowableOfType(ApiException.class, () -> new EvaluationsApi(client(HttpJson.EVALUATOR_KEY)).evaluate(request, null));
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        Problem problem = strict.readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getType()).hasToString("urn:listguard:problem:unknown-offer-category");
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getCode()).isEqualTo("api.unknownOffer");
        assertThat(problem.getInstance()).isEqualTo("/api/v1/evaluations");
        assertThat(problem.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getPath()).isEqualTo("campaign.offerCategory");
            assertThat(e.getCode()).isEqualTo("api.unknownOffer.notOneOf");
            assertThat(e.getMessage()).contains("CHILDCARE");
        });
        assertThat(problem.getKnownOfferCategories()).contains("CHILDCARE");
    }

    @Test
    void aCallWithoutAKeyIsA401ProblemAndAnInvalidBodyA400WithItsPaths() throws Exception {
        ApiException anonymous = catchThrowableOfType(ApiException.class, () -> new PolicyLifecycleApi(client(null)).versions());
        assertThat(anonymous.getCode()).isEqualTo(401);
        Problem unauthorized = strict.readValue(anonymous.getResponseBody(), Problem.class);
        assertThat(unauthorized.getType()).hasToString("urn:listguard:problem:unauthorized");
        assertThat(unauthorized.getCode()).isEqualTo("api.unauthorized");

        EvaluationRequest invalid = sample();
        invalid.getCampaign().setId(null);
        invalid.getRecords().get(1).setKind(null);
        ApiException refused = catchThrowableOfType(ApiException.class, () -> new EvaluationsApi(client(HttpJson.EVALUATOR_KEY)).evaluate(invalid, null));
        assertThat(refused.getCode()).isEqualTo(400);
        Problem problem = strict.readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getType()).hasToString("urn:listguard:problem:invalid-request");
        assertThat(problem.getCode()).isEqualTo("request.invalid");
        assertThat(problem.getErrors()).extracting(e -> e.getPath()).containsExactly("campaign.id", "records[1].kind");
        assertThat(problem.getErrors()).allSatisfy(e -> assertThat(e.getCode()).isNotBlank());
    }

    @Test
    void aBulkSubmissionIs202WithTheJobsLocationAndTheJobCompletes() throws Exception {
        File request = tmp.resolve("request.json").toFile();
        Files.writeString(request.toPath(), HttpJson.bulkRequestPart().toString());
        BulkEvaluationsApi bulk = new BulkEvaluationsApi(client(HttpJson.EVALUATOR_KEY));
        ApiResponse<BulkJob> submitted = bulk.submitWithHttpInfo(new File("docs/examples/records.csv"), request);
        assertThat(submitted.getStatusCode()).isEqualTo(202);
        String id = submitted.getData().getId();
        assertThat(submitted.getHeaders().get("location")).containsExactly("/api/v1/jobs/" + id);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        BulkJob job = submitted.getData();
        while (!job.getState().toString().equals("COMPLETED") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            job = bulk.job(id);
        }
        assertThat(job.getState()).hasToString("COMPLETED");
        assertThat(bulk.result(id).getDecision()).hasToString("APPROVED_WITH_EXCLUSIONS");
    }
}
