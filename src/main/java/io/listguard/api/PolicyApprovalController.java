package io.listguard.api;

import io.listguard.lifecycle.PolicyApprovals;
import io.listguard.lifecycle.PolicyEvent;
import io.listguard.lifecycle.PolicyEvents;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.ScheduledActivations;
import io.listguard.security.Actor;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Policy approvals and schedules", description = "Four eyes (listguard.policy.approvals), scheduled activations, and every step of a change")
@RestController
@RequestMapping("/api/v1/policies")
class PolicyApprovalController {

    /** An approval: why, and optionally who (the name typed with the key) and whether to activate at once. */
    record ApprovalRequest(String reason, String approver, Boolean activate, Boolean confirm) {
    }

    /** A scheduled activation: when, and why. */
    record ScheduleRequest(Instant at, String reason, Boolean confirm) {
    }

    /** Why a schedule is cancelled. */
    record CancelRequest(String reason, String actor) {
    }

    private final PolicyApprovals approvals;
    private final ScheduledActivations schedules;
    private final PolicyEvents events;
    private final PolicyLifecycle lifecycle;

    PolicyApprovalController(PolicyApprovals approvals, ScheduledActivations schedules, PolicyEvents events, PolicyLifecycle lifecycle) {
        this.approvals = approvals;
        this.schedules = schedules;
        this.events = events;
        this.lifecycle = lifecycle;
    }

    @Operation(summary = "Where a candidate stands: approvals required, approvals given, each approval with its kind of identity")
    @GetMapping("/versions/{id}/approvals")
    PolicyApprovals.Status approvals(@PathVariable String id) {
        return approvals.status(id);
    }

    @Operation(summary = "Approve a candidate (not your own, not with the key it was uploaded with)",
            description = "The approval is bound to the candidate's files. With activate=true, the candidate is activated too once it has "
                    + "the approvals it needs (409 approvals-required otherwise).")
    @ApiResponse(responseCode = "201", description = "Approved: the candidate's approval status", headers = @Header(name = "Location", description = "the candidate's approvals", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "Refused (approval-refused): own change, same key, already approved, already active")
    @PostMapping("/versions/{id}/approvals")
    ResponseEntity<PolicyApprovals.Status> approve(@PathVariable String id, @RequestBody ApprovalRequest request,
                                                   @Parameter(hidden = true) Principal caller) {
        Actor approver = actor(request.approver(), caller);
        PolicyApprovals.Status status = approvals.approve(id, approver, request.reason());
        if (Boolean.TRUE.equals(request.activate())) {
            lifecycle.activate(id, approver.display(), io.listguard.lifecycle.StoredTexts.prefixed("policy.stored.approved", request.reason().strip()), Boolean.TRUE.equals(request.confirm()));
        }
        return ResponseEntity.created(URI.create("/api/v1/policies/versions/" + id + "/approvals")).body(status);
    }

    @Operation(summary = "Every step of a version's changes, oldest first: upload, approvals, refusals, activations, schedules")
    @GetMapping("/versions/{id}/events")
    List<PolicyEvent> versionEvents(@PathVariable String id) {
        lifecycle.version(id);
        return events.of(id);
    }

    @Operation(summary = "The latest steps of every policy change, newest first")
    @GetMapping("/events")
    List<PolicyEvent> events(@RequestParam(name = "limit", defaultValue = "100") int limit) {
        return events.recent(Math.max(1, Math.min(limit, 1000)));
    }

    @Operation(summary = "Schedule a candidate's activation at an instant (where approvals are required, it must have them)")
    @ApiResponse(responseCode = "201", description = "Scheduled", headers = @Header(name = "Location", description = "the list of scheduled activations", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "approvals-required, or already scheduled")
    @PostMapping("/versions/{id}/schedules")
    ResponseEntity<ScheduledActivations.Schedule> schedule(@PathVariable String id, @RequestBody ScheduleRequest request,
                                                           @Parameter(hidden = true) Principal caller) {
        ScheduledActivations.Schedule schedule = schedules.schedule(id, request.at(), actor(null, caller), request.reason(),
                Boolean.TRUE.equals(request.confirm()));
        return ResponseEntity.created(URI.create("/api/v1/policies/schedules")).body(schedule);
    }

    @Operation(summary = "Every scheduled activation, the latest first (pending, carried out, failed, cancelled)")
    @GetMapping("/schedules")
    List<ScheduledActivations.Schedule> schedules(@RequestParam(name = "version", required = false) String version) {
        return schedules.list(version);
    }

    @Operation(operationId = "cancelSchedule", summary = "Cancel a pending scheduled activation, with a reason")
    @PostMapping("/schedules/{id}/cancel")
    ScheduledActivations.Schedule cancel(@PathVariable long id, @RequestBody CancelRequest request, @Parameter(hidden = true) Principal caller) {
        return schedules.cancel(id, actor(request.actor(), caller), request.reason());
    }

    private static Actor actor(String given, Principal caller) {
        return Actor.of((Authentication) caller, Callers.accountable(given, caller));
    }
}
