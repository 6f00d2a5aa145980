package io.listguard.api;

import io.listguard.lifecycle.CandidateLineage;
import io.listguard.lifecycle.CandidateMerging;
import io.listguard.lifecycle.PolicyActivation;
import io.listguard.lifecycle.RevertedRow;
import io.listguard.lifecycle.PolicyDirectoryWatcher;
import io.listguard.lifecycle.VersionNotFoundException;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyUploads;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.lifecycle.ValidationReport;
import io.listguard.policy.PolicyDiff;
import io.listguard.policy.PolicySource;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@Tag(name = "Policy lifecycle", description = "Validate, upload, activate, roll back and compare policy versions")
@RestController
@RequestMapping("/api/v1/policies")
class PolicyLifecycleController {

    /**
     * A version as listed: its metadata, whether it is the cluster's active version ({@code active}, the database's)
     * and whether this instance evaluates under it ({@code running}); they differ for the few seconds an instance
     * takes to follow an activation made elsewhere.
     */
    record VersionView(String id, String hash, String author, String comment, java.time.Instant createdAt, boolean active, boolean running,
                       List<PolicyVersion.StoredFile> files, String baseVersion, CandidateLineage.Withdrawal withdrawal) {
    }

    /** The answer to an accepted upload: the new active version and what its checks said. */
    record Published(VersionView version, ValidationReport report, CandidateView candidate) {
    }

    /**
     * What a candidate changes relative to the ACTIVE version (issue 11): the version it was built on, the files
     * merged three-way from an older download, the rows of the active version that files without a recorded base
     * would change or delete (to confirm at activation), and the cell-by-cell diff from the active version.
     */
    record CandidateView(String activeVersion, String baseVersion, List<String> mergedFiles, List<RevertedRow> reverts,
                         PolicyDiff.Result changesFromActive) {

        static CandidateView of(CandidateMerging.Candidate c) {
            return c == null ? null : new CandidateView(c.activeVersion(), c.baseVersion(), c.mergedFiles(), c.reverts(), c.changesFromActive());
        }
    }

    /** A validation that stores nothing: the report (its fields at the top level, as before) and what the candidate changes. */
    record CandidateCheck(@com.fasterxml.jackson.annotation.JsonUnwrapped ValidationReport report, CandidateView candidate) {
    }

    /** Why a candidate is withdrawn. */
    record WithdrawalRequest(String actor, String reason) {
    }

    /** Why a version is activated again. */
    record ActivationRequest(String actor, String reason) {
    }

    private final PolicyLifecycle lifecycle;
    private final org.springframework.beans.factory.ObjectProvider<PolicyDirectoryWatcher> watcher;

    PolicyLifecycleController(PolicyLifecycle lifecycle, org.springframework.beans.factory.ObjectProvider<PolicyDirectoryWatcher> watcher) {
        this.lifecycle = lifecycle;
        this.watcher = watcher;
    }

    @Operation(summary = "The change detected in the watched policy directories, validated (listguard.policy.watch=true)",
            description = "404 when the directories are not watched or nothing changed since the last acceptance.")
    @ApiResponse(responseCode = "200", description = "The change, validated")
    @ApiResponse(responseCode = "404", description = "The directories are not watched, or nothing changed since the last acceptance")
    @GetMapping("/proposal")
    PolicyDirectoryWatcher.Proposal proposal() {
        return watched().proposal().orElseThrow(() -> VersionNotFoundException.coded("api.notFound.proposal"));
    }

    @Operation(summary = "Accept the watched directories' content as a new version (same checks as an upload)")
    @ApiResponse(responseCode = "201", description = "Stored and active", headers = @Header(name = "Location", description = "the new version", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "The directories are not watched, or nothing changed since the last acceptance")
    @ApiResponse(responseCode = "409", description = "confirmation-required, policy-conflict or same-content")
    @ApiResponse(responseCode = "422", description = "Rejected: the report says why; the active version is unchanged")
    @PostMapping("/proposal/accept")
    ResponseEntity<VersionView> acceptProposal(@RequestParam("author") String author,
                                               @RequestParam(name = "comment", required = false) String comment,
                                               @Parameter(description = "true confirms the rows of the active version the folders replace")
                                               @RequestParam(name = "confirm", defaultValue = "false") boolean confirm) {
        PolicyVersion version = watched().accept(author, comment, confirm);  // author checked by the same rules as uploads
        return ResponseEntity.created(URI.create("/api/v1/policies/versions/" + version.id())).body(view(version, activeId()));
    }

    private PolicyDirectoryWatcher watched() {
        PolicyDirectoryWatcher w = watcher.getIfAvailable();
        if (w == null) {
            throw VersionNotFoundException.coded("api.notFound.notWatched");
        }
        return w;
    }

    @Operation(summary = "Validate changed policy files without activating them",
            description = "The uploaded workbooks, DRL files or scenarios replace the files of the same name in the active "
                    + "version; the others are carried over. Answers every problem at its file, sheet and cell, overlap and gap "
                    + "warnings, the scenario results and the rows no scenario exercised.")
    @PostMapping(path = "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    CandidateCheck validate(@RequestPart("files") List<MultipartFile> files,
                            @Parameter(description = "the version the files were downloaded from, when they do not record it")
                            @RequestParam(name = "base", required = false) String base) {
        PolicyLifecycle.Review review = lifecycle.review(PolicyUploads.sources(files), base);
        return new CandidateCheck(review.report(), CandidateView.of(review.candidate()));
    }

    @Operation(summary = "Upload changed policy files as a new version and activate it",
            description = "Validates and runs the scenarios first; on any failure nothing changes (422 with the report).")
    @ApiResponse(responseCode = "201", description = "Stored (and active unless activate=false)", headers = @Header(name = "Location", description = "the new version", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "confirmation-required, policy-conflict or same-content")
    @ApiResponse(responseCode = "422", description = "Rejected: the report says why; the active version is unchanged")
    @PostMapping(path = "/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Published> publish(@RequestPart("files") List<MultipartFile> files,
                                      @Parameter(description = "who makes the change") @RequestParam("author") String author,
                                      @Parameter(description = "why") @RequestParam(name = "comment", required = false) String comment,
                                      @Parameter(description = "false stores a candidate without activating it (to replay it first)")
                                      @RequestParam(name = "activate", defaultValue = "true") boolean activate,
                                      @Parameter(description = "with activate=true: confirms the rows listed as reverted by files without a recorded base")
                                      @RequestParam(name = "confirm", defaultValue = "false") boolean confirm,
                                      @Parameter(description = "the version the files were downloaded from, when they do not record it")
                                      @RequestParam(name = "base", required = false) String base,
                                      @Parameter(hidden = true) java.security.Principal caller) {
        if (author.isBlank()) {
            throw new io.listguard.domain.InvalidArgumentException("api.policies.author");
        }
        PolicyLifecycle.Publication publication = lifecycle.publish(PolicyUploads.sources(files), Callers.accountable(author, caller), comment, activate,
                confirm, base);
        PolicyVersion version = publication.version();
        return ResponseEntity.created(URI.create("/api/v1/policies/versions/" + version.id()))
                .body(new Published(view(version, activeId()), publication.report(),
                        CandidateView.of(publication.candidate())));
    }

    @Operation(summary = "Every stored version, newest first")
    @GetMapping("/versions")
    List<VersionView> versions() {
        String active = activeId();
        return lifecycle.versions().stream().map(v -> view(v, active)).toList();
    }

    @Operation(summary = "One version with its files")
    @GetMapping("/versions/{id}")
    VersionView version(@PathVariable String id) {
        return view(lifecycle.version(id), activeId());
    }

    @Operation(summary = "The activations, newest first: who activated which version, when and why")
    @GetMapping("/activations")
    List<PolicyActivation> activations() {
        return lifecycle.activations();
    }

    @Operation(summary = "Download a file of a version, e.g. a workbook to edit",
            description = "Name the file as listed (policies/consent-regime.xlsx) or by its file name alone (consent-regime.xlsx). "
                    + "A workbook records the version it comes from (custom property listguard.baseVersion), so that its upload "
                    + "is merged with the changes others made since.")
    @ApiResponse(responseCode = "200", description = "The file, as an attachment", content = {
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "text/plain", schema = @Schema(type = "string")),
            @Content(mediaType = "application/json", schema = @Schema(type = "string"))})
    @GetMapping("/versions/{id}/files/{*name}")
    ResponseEntity<byte[]> file(@PathVariable String id, @PathVariable String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        String canonical = path.contains("/") ? path : PolicySource.canonicalName(path);
        byte[] content = lifecycle.download(id, canonical);
        String fileName = canonical.substring(canonical.lastIndexOf('/') + 1);
        MediaType type = fileName.endsWith(".xlsx")
                ? MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                : fileName.endsWith(".json") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build().toString())
                .body(content);
    }

    /** The header that gives an exported version's hash. */
    static final String POLICY_HASH_HEADER = "X-Listguard-Policy-Hash";

    @Operation(summary = "Download a stored version whole, as a zip of its rule files",
            description = "Its DRL files (rules/*.drl) and workbooks (policies/*.xlsx) at their relative paths, as a policy is read from "
                    + "directories, for a job that evaluates outside the service (the Spark job, issue 17): "
                    + "io.listguard.policy.PolicySet.fromZip reads it, and its hash() equals the header " + POLICY_HASH_HEADER
                    + ", the hash the job then names in POST /api/v1/evaluations/external. Scenarios are not included: they test "
                    + "the policy and are not part of its hash.")
    @ApiResponse(responseCode = "200", description = "The zip", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/zip"),
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = POLICY_HASH_HEADER, description = "the version's hash, sha256:…"))
    @ApiResponse(responseCode = "404", description = "No such version")
    @GetMapping(path = "/versions/{id}/export", produces = "application/zip")
    ResponseEntity<byte[]> export(@PathVariable String id) throws java.io.IOException {
        PolicyVersion version = lifecycle.version(id);
        io.listguard.policy.PolicySet set = lifecycle.policySet(id);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        set.writeZip(zip);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(POLICY_HASH_HEADER, version.hash())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("policy-" + id + ".zip").build().toString())
                .body(zip.toByteArray());
    }

    @Operation(summary = "Activate a stored version again (roll back or forward)",
            description = "Compiles it (unless still cached) and runs its own scenarios before swapping it in.")
    @ApiResponse(responseCode = "200", description = "Active")
    @ApiResponse(responseCode = "409", description = "approvals-required, confirmation-required, policy-conflict, policy-state or activation-superseded")
    @ApiResponse(responseCode = "422", description = "Rejected: its checks or scenarios failed; the active version is unchanged")
    @PostMapping("/versions/{id}/activate")
    VersionView activate(@PathVariable String id, @RequestBody(required = false) ActivationRequest request,
                         @Parameter(description = "confirms the rows a candidate without a recorded base replaces")
                         @RequestParam(name = "confirm", defaultValue = "false") boolean confirm,
                         @Parameter(hidden = true) java.security.Principal caller) {
        String actor = Callers.accountable(request == null ? null : request.actor(), caller);
        PolicyVersion version = lifecycle.activate(id, actor, request == null ? null : request.reason(), confirm);
        return view(version, activeId());
    }

    @Operation(summary = "Withdraw a candidate, with a reason: it stays listed, and can no longer be activated",
            description = "409 for the active version or a version already withdrawn.")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "409", description = "policy-state: the active version, or a version already withdrawn")
    @PostMapping("/versions/{id}/withdraw")
    VersionView withdraw(@PathVariable String id, @RequestBody WithdrawalRequest request,
                         @Parameter(hidden = true) java.security.Principal caller) {
        String actor = Callers.accountable(request.actor(), caller);
        lifecycle.withdraw(id, actor, request.reason());
        return view(lifecycle.version(id), activeId());
    }

    @Operation(summary = "Rebuild a candidate made on an older version on the active version, as a new candidate",
            description = "Its changes since its base are merged three-way into the active version; 409 with the conflicting cells "
                    + "when a cell was changed on both sides.")
    @ApiResponse(responseCode = "201", description = "The new candidate, not active", headers = @Header(name = "Location", description = "the new version", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "policy-conflict (the cells changed on both sides) or policy-state")
    @PostMapping("/versions/{id}/rebuild")
    ResponseEntity<Published> rebuild(@PathVariable String id, @RequestParam("author") String author,
                                      @RequestParam(name = "comment", required = false) String comment,
                                      @Parameter(hidden = true) java.security.Principal caller) {
        PolicyLifecycle.Publication publication = lifecycle.rebuild(id, Callers.accountable(author, caller), comment);
        PolicyVersion version = publication.version();
        return ResponseEntity.created(URI.create("/api/v1/policies/versions/" + version.id()))
                .body(new Published(view(version, activeId()), publication.report(), CandidateView.of(publication.candidate())));
    }

    @Operation(summary = "What changed between two versions, cell by cell",
            description = "Per file and table: rows added, removed and changed with each changed cell's address and old and new text; DRL lines.")
    @GetMapping("/versions/{a}/diff/{b}")
    PolicyDiff.Result diff(@PathVariable String a, @PathVariable String b) {
        return lifecycle.diff(a, b);
    }

    private String activeId() {
        return lifecycle.state().activeVersion();
    }

    private VersionView view(PolicyVersion v, String activeId) {
        CandidateLineage lineage = lifecycle.lineage(v.id());
        return new VersionView(v.id(), v.hash(), v.author(), v.comment(), v.createdAt(), v.id().equals(activeId), v.id().equals(lifecycle.running()),
                v.files(), lineage.baseVersion(), lineage.withdrawal());
    }
}
