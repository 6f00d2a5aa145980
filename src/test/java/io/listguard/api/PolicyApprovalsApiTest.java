package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Four eyes through the API, with listguard.policy.approvals=1 and two editor keys: the author cannot activate
 * alone, cannot approve their own change, and neither can anyone else with the same key whatever name they type;
 * an approval with another key lets the candidate be activated; an approval never counts for other files; every
 * step is in the version's events; schedules are refused without approvals and can be cancelled once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "listguard.policy.approvals=1",
        "listguard.security.keys[0].name=test-admin", "listguard.security.keys[0].key=test-admin-key-0123456789",
        "listguard.security.keys[0].roles=ADMIN",
        "listguard.security.keys[1].name=test-editor", "listguard.security.keys[1].key=test-editor-key-0123456789",
        "listguard.security.keys[1].roles=POLICY_EDITOR",
        "listguard.security.keys[2].name=bob-editor", "listguard.security.keys[2].key=bob-editor-key-0123456789",
        "listguard.security.keys[2].roles=POLICY_EDITOR",
        "listguard.security.keys[3].name=test-auditor", "listguard.security.keys[3].key=test-auditor-key-0123456789",
        "listguard.security.keys[3].roles=AUDITOR"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class PolicyApprovalsApiTest {

    static final String BOB_KEY = "bob-editor-key-0123456789";

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    @Autowired
    JdbcClient jdbc;
    HttpJson alice;
    HttpJson bob;
    HttpJson auditor;

    @BeforeEach
    void setUp() {
        alice = new HttpJson(port, HttpJson.EDITOR_KEY);
        bob = new HttpJson(port, BOB_KEY);
        auditor = new HttpJson(port, HttpJson.AUDITOR_KEY);
    }

    private HttpJson.Response upload(HttpJson as, String price, boolean activate) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("p" + price)).set("list-quality.xlsx", "Prix", "D14", price);
        return as.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", copy.bytes("list-quality.xlsx")}),
                Map.of("author", "alice", "comment", "email price " + price, "activate", String.valueOf(activate),
                        "confirm", "true")); // a working copy records no base version: the person confirms the row it replaces
    }

    private String active() {
        return auditor.get("/api/v1/policies").json().get("id").asString();
    }

    private List<String> steps(String version) {
        JsonNode events = auditor.get("/api/v1/policies/versions/" + version + "/events").json();
        List<String> steps = new java.util.ArrayList<>();
        events.forEach(e -> steps.add(e.get("kind").asString() + " " + e.get("identityKind").asString() + " " + e.get("actor").asString()));
        return steps;
    }

    @Test
    void theAuthorCannotActivateAloneNorApproveTheirOwnChangeAndASecondPersonsApprovalLetsItGoLive() {
        // upload and activate at once: stored as a candidate, its activation refused for want of an approval
        HttpJson.Response direct = upload(alice, "120", true);
        assertThat(direct.status()).isEqualTo(409);
        assertThat(direct.contentType()).startsWith("application/problem+json");
        assertThat(direct.json().get("type").asString()).isEqualTo("urn:listguard:problem:approvals-required");
        assertThat(direct.json().get("approvalsRequired").asInt()).isEqualTo(1);
        assertThat(direct.json().get("approvalsGiven").asInt()).isZero();
        assertThat(direct.json().get("versionId").asString()).isEqualTo("v2");
        assertThat(active()).isEqualTo("v1");

        // activating it later, alone: refused again
        HttpJson.Response alone = alice.postJson("/api/v1/policies/versions/v2/activate", "{\"reason\":\"go\"}");
        assertThat(alone.status()).isEqualTo(409);
        assertThat(alone.json().get("approvalsGiven").asInt()).isZero();
        assertThat(active()).isEqualTo("v1");

        // approving one's own change: refused, with the key it was uploaded with, whatever name is typed
        HttpJson.Response own = alice.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"looks right\"}");
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.json().get("type").asString()).isEqualTo("urn:listguard:problem:approval-refused");
        assertThat(own.json().get("code").asString()).isEqualTo("approvals.sharedKey");
        HttpJson.Response sharedKey = alice.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"checked\",\"approver\":\"carol\"}");
        assertThat(sharedKey.status()).isEqualTo(409);
        assertThat(sharedKey.json().get("code").asString()).isEqualTo("approvals.sharedKey");
        assertThat(sharedKey.json().get("detail").asString()).contains("test-editor");
        // an approval needs a reason
        assertThat(bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\" \"}").status()).isEqualTo(400);
        assertThat(auditor.get("/api/v1/policies/versions/v2/approvals").json().get("approvalsGiven").asInt()).isZero();
        assertThat(alice.postJson("/api/v1/policies/versions/v2/activate", "{}").status()).isEqualTo(409);

        // a colleague with their own key approves: now it may be activated (by its author too)
        HttpJson.Response approved = bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"price band checked with the DPO\",\"approver\":\"Bob\"}");
        assertThat(approved.status()).isEqualTo(201);
        assertThat(approved.json().get("approvalsGiven").asInt()).isEqualTo(1);
        assertThat(approved.json().get("satisfied").asBoolean()).isTrue();
        JsonNode approval = approved.json().get("approvals").get(0);
        assertThat(approval.get("approver").asString()).isEqualTo("Bob (via bob-editor)");
        assertThat(approval.get("identityKind").asString()).isEqualTo("API_KEY");
        assertThat(approval.get("keyName").asString()).isEqualTo("bob-editor");
        assertThat(approval.get("reason").asString()).isEqualTo("price band checked with the DPO");
        // the same person twice is one approval
        assertThat(bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"again\"}").status()).isEqualTo(409);

        HttpJson.Response activated = alice.postJson("/api/v1/policies/versions/v2/activate?confirm=true", "{\"reason\":\"approved by Bob\"}");
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(active()).isEqualTo("v2");

        assertThat(steps("v2")).containsExactly(
                "UPLOADED API_KEY alice (via test-editor)",
                "ACTIVATION_REFUSED API_KEY alice (via test-editor)",
                "ACTIVATION_REFUSED API_KEY test-editor",
                "APPROVAL_REFUSED API_KEY test-editor",
                "APPROVAL_REFUSED API_KEY carol (via test-editor)",
                "ACTIVATION_REFUSED API_KEY test-editor",
                "APPROVED API_KEY Bob (via bob-editor)",
                "APPROVAL_REFUSED API_KEY bob-editor",
                "ACTIVATED API_KEY test-editor");
        JsonNode events = auditor.get("/api/v1/policies/versions/v2/events").json();
        assertThat(events.get(0).get("keyName").asString()).isEqualTo("test-editor");
        assertThat(events.get(0).get("contentHash").asString()).startsWith("sha256:");
        assertThat(auditor.get("/api/v1/policies/events").json().get(0).get("kind").asString()).isEqualTo("ACTIVATED");
    }

    @Test
    void anApprovalIsBoundToTheCandidatesFilesAndADifferentCandidateNeverInheritsIt() {
        assertThat(upload(alice, "120", false).status()).isEqualTo(201);
        assertThat(bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"ok\"}").status()).isEqualTo(201);
        // another candidate, with other files: no approval of its own
        assertThat(upload(alice, "110", false).status()).isEqualTo(201);
        assertThat(alice.get("/api/v1/policies/versions/v3/approvals").json().get("approvalsGiven").asInt()).isZero();
        assertThat(alice.postJson("/api/v1/policies/versions/v3/activate", "{}").status()).isEqualTo(409);

        // the approved candidate's files change (as a merge or a hand in the database would change them): the approval lapses
        String before = alice.get("/api/v1/policies/versions/v2/approvals").json().get("contentHash").asString();
        jdbc.sql("update policy_file set sha256 = ? where version_id = 'v2' and name = 'policies/list-quality.xlsx'").param("0".repeat(64)).update();
        JsonNode lapsed = alice.get("/api/v1/policies/versions/v2/approvals").json();
        assertThat(lapsed.get("contentHash").asString()).isNotEqualTo(before);
        assertThat(lapsed.get("approvalsGiven").asInt()).isZero();
        assertThat(lapsed.get("approvals").get(0).get("current").asBoolean()).isFalse();
        HttpJson.Response refused = alice.postJson("/api/v1/policies/versions/v2/activate", "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("approvalsGiven").asInt()).isZero();
        assertThat(active()).isEqualTo("v1");
    }

    @Test
    void aScheduleNeedsTheApprovalsAnInstantToComeAndAReasonAndIsCancelledOnce() {
        assertThat(upload(alice, "120", false).status()).isEqualTo(201);
        String at = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        HttpJson.Response unapproved = alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"" + at + "\",\"reason\":\"law of 1 July\"}");
        assertThat(unapproved.status()).isEqualTo(409);
        assertThat(unapproved.json().get("type").asString()).isEqualTo("urn:listguard:problem:approvals-required");
        assertThat(bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"ok\"}").status()).isEqualTo(201);
        assertThat(alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"2020-01-01T00:00:00Z\",\"reason\":\"late\"}").status()).isEqualTo(400);
        assertThat(alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"" + at + "\"}").status()).isEqualTo(400);

        // the candidate's workbook records no base: the row it replaces is confirmed when the activation is scheduled, not at the instant
        HttpJson.Response unconfirmed = alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"" + at + "\",\"reason\":\"law of 1 July\"}");
        assertThat(unconfirmed.status()).isEqualTo(409);
        assertThat(unconfirmed.json().get("type").asString()).isEqualTo("urn:listguard:problem:confirmation-required");
        HttpJson.Response scheduled = alice.postJson("/api/v1/policies/versions/v2/schedules",
                "{\"at\":\"" + at + "\",\"reason\":\"law of 1 July\",\"confirm\":true}");
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
        long id = scheduled.json().get("id").asLong();
        assertThat(scheduled.json().get("state").asString()).isEqualTo("PENDING");
        assertThat(Instant.parse(scheduled.json().get("activateAt").asString())).isEqualTo(Instant.parse(at));
        assertThat(alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"" + at + "\",\"reason\":\"twice\",\"confirm\":true}").status()).isEqualTo(409);
        assertThat(auditor.get("/api/v1/policies/schedules").json().get(0).get("id").asLong()).isEqualTo(id);

        assertThat(bob.postJson("/api/v1/policies/schedules/" + id + "/cancel", "{}").status()).isEqualTo(400);
        HttpJson.Response cancelled = bob.postJson("/api/v1/policies/schedules/" + id + "/cancel", "{\"reason\":\"the law is postponed\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("cancelReason").asString()).isEqualTo("the law is postponed");
        HttpJson.Response again = bob.postJson("/api/v1/policies/schedules/" + id + "/cancel", "{\"reason\":\"twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).isEqualTo("urn:listguard:problem:schedule-refused");
        assertThat(bob.postJson("/api/v1/policies/schedules/999/cancel", "{\"reason\":\"x\"}").status()).isEqualTo(404);
        assertThat(steps("v2")).contains("SCHEDULED API_KEY test-editor", "SCHEDULE_CANCELLED API_KEY bob-editor");
        assertThat(active()).isEqualTo("v1");
    }

    @Test
    void aWithdrawnCandidateLosesItsPendingScheduleAndCanNoLongerBeApprovedScheduledOrActivated() {
        assertThat(upload(alice, "120", false).status()).isEqualTo(201);
        assertThat(bob.postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"ok\"}").status()).isEqualTo(201);
        String at = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        HttpJson.Response scheduled = alice.postJson("/api/v1/policies/versions/v2/schedules",
                "{\"at\":\"" + at + "\",\"reason\":\"law of 1 July\",\"confirm\":true}");
        assertThat(scheduled.status()).isEqualTo(201);
        long id = scheduled.json().get("id").asLong();

        HttpJson.Response withdrawn = alice.postJson("/api/v1/policies/versions/v2/withdraw", "{\"reason\":\"the law was changed before it took effect\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);

        JsonNode schedule = auditor.get("/api/v1/policies/schedules").json().get(0);
        assertThat(schedule.get("id").asLong()).isEqualTo(id);
        assertThat(schedule.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(schedule.get("cancelReason").asString()).contains("the law was changed before it took effect");
        HttpJson.Response approval = new HttpJson(port, HttpJson.ADMIN_KEY).postJson("/api/v1/policies/versions/v2/approvals", "{\"reason\":\"late\"}");
        assertThat(approval.status()).isEqualTo(409);
        assertThat(approval.json().get("code").asString()).isEqualTo("approvals.withdrawn");
        assertThat(alice.postJson("/api/v1/policies/versions/v2/schedules", "{\"at\":\"" + at + "\",\"reason\":\"again\"}").status()).isEqualTo(409);
        assertThat(bob.postJson("/api/v1/policies/versions/v2/activate", "{\"reason\":\"go\"}").status()).isEqualTo(409);
        assertThat(steps("v2")).contains("WITHDRAWN API_KEY test-editor", "SCHEDULE_CANCELLED API_KEY test-editor");
        assertThat(active()).isEqualTo("v1");
    }

    @Test
    void aRebuiltCandidateCannotBeApprovedByWhoeverWroteItsSourceOrRebuiltIt() {
        assertThat(stampedUpload("D14", "120").status()).isEqualTo(201); // v2, Alice's, from a download of v1
        assertThat(stampedUpload("E15", "800").status()).isEqualTo(201); // v3, Alice's too, from v1
        assertThat(new HttpJson(port, HttpJson.ADMIN_KEY).postJson("/api/v1/policies/versions/v3/approvals", "{\"reason\":\"ok\"}").status()).isEqualTo(201);
        assertThat(bob.postJson("/api/v1/policies/versions/v3/activate", "{\"reason\":\"go\"}").status()).isEqualTo(200);
        // v2 is now built on an older version: Bob rebuilds it on v3, as v4
        HttpJson.Response rebuilt = bob.postMultipart("/api/v1/policies/versions/v2/rebuild", List.of(), Map.of("author", "bob"));
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(201);
        String v4 = rebuilt.json().get("version").get("id").asString();

        HttpJson.Response byAlice = alice.postJson("/api/v1/policies/versions/" + v4 + "/approvals", "{\"reason\":\"mine anyway\"}");
        assertThat(byAlice.status()).isEqualTo(409);
        assertThat(byAlice.json().get("code").asString()).isIn("approvals.sharedKey", "approvals.ownChange");
        HttpJson.Response byBob = bob.postJson("/api/v1/policies/versions/" + v4 + "/approvals", "{\"reason\":\"I only rebuilt it\"}");
        assertThat(byBob.status()).isEqualTo(409);
        assertThat(new HttpJson(port, HttpJson.ADMIN_KEY).postJson("/api/v1/policies/versions/" + v4 + "/approvals", "{\"reason\":\"reviewed\"}").status())
                .isEqualTo(201);
    }

    /** Alice's change to one cell of list-quality.xlsx as downloaded from v1 (stamped), stored as a candidate. */
    private HttpJson.Response stampedUpload(String cell, String value) {
        byte[] downloaded = alice.getBytes("/api/v1/policies/versions/v1/files/list-quality.xlsx");
        byte[] edited = WorkingCopy.editDownloaded(tmp.resolve("d" + cell), "list-quality.xlsx", downloaded, "Prix", cell, value);
        return alice.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", edited}),
                Map.of("author", "alice", "activate", "false"));
    }
}
