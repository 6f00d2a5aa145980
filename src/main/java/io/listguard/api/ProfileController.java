package io.listguard.api;

import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.profiles.ProfileEvent;
import io.listguard.bulk.profiles.ProfileNotFoundException;
import io.listguard.bulk.profiles.StoredProfile;
import io.listguard.security.Actor;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Mapping profiles", description = "How a provider's own files map onto listguard's record: stored, versioned, audited")
@RestController
@RequestMapping("/api/v1/profiles")
class ProfileController {

    private final MappingProfiles profiles;

    ProfileController(MappingProfiles profiles) {
        this.profiles = profiles;
    }

    @Operation(summary = "The stored profiles, by provider then name", description = "?provider= lists one provider's profiles.")
    @GetMapping
    List<StoredProfile> list(@RequestParam(name = "provider", required = false) String provider) {
        return profiles.list(provider);
    }

    @Operation(summary = "Store a new profile (version 1)",
            description = "The body is the profile's JSON (name, provider, fields, consents...; docs/files.md). It is checked whole: "
                    + "every problem at once with its JSON path (400 invalid-profile). A name taken already is a 409.")
    @ApiResponse(responseCode = "201", description = "Stored; ETag is its version")
    @ApiResponse(responseCode = "400", description = "invalid-profile: every problem with its path and message code")
    @ApiResponse(responseCode = "409", description = "profile-exists")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StoredProfile> create(@RequestBody byte[] body, Authentication caller) {
        StoredProfile stored = profiles.create(ProfileRequests.text(body), actor(caller));
        return ResponseEntity.created(URI.create("/api/v1/profiles/" + URLEncoder.encode(stored.name(), StandardCharsets.UTF_8)))
                .eTag(etag(stored)).body(stored);
    }

    @Operation(summary = "One profile, with its version as ETag")
    @GetMapping("/{name}")
    ResponseEntity<StoredProfile> get(@PathVariable String name) {
        StoredProfile stored = profiles.get(name).orElseThrow(() -> new ProfileNotFoundException(name));
        return ResponseEntity.ok().eTag(etag(stored)).body(stored);
    }

    @Operation(summary = "Replace a profile, on the version it was read at",
            description = "If-Match names the version the change was made on (the ETag of GET, e.g. \"3\"); without it 428. When the "
                    + "profile changed since, 409 stale-profile names the current version and who changed it. The name cannot change.")
    @ApiResponse(responseCode = "200", description = "Stored as the next version")
    @ApiResponse(responseCode = "409", description = "stale-profile: currentVersion, updatedBy, updatedAt")
    @ApiResponse(responseCode = "428", description = "version-required: no If-Match")
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StoredProfile> update(@PathVariable String name, @RequestBody byte[] body,
                                         @Parameter(description = "the version the change was made on, e.g. \"3\"")
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, Authentication caller) {
        Integer version = ProfileRequests.version(ifMatch);
        if (version == null) {
            throw new ProfileRequests.VersionRequiredException(name);
        }
        StoredProfile stored = profiles.update(name, ProfileRequests.text(body), version, actor(caller));
        return ResponseEntity.ok().eTag(etag(stored)).body(stored);
    }

    @Operation(summary = "Delete a profile (its history stays)", description = "With If-Match, only if it is still at that version (else 409).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, Authentication caller) {
        profiles.delete(name, ProfileRequests.version(ifMatch), actor(caller));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Every change of a profile, oldest first: who, when, what, and the JSON before and after",
            description = "Also for a deleted profile; 404 for a name never used.")
    @GetMapping("/{name}/history")
    List<ProfileEvent> history(@PathVariable String name) {
        List<ProfileEvent> events = profiles.history(name);
        if (events.isEmpty()) {
            throw new ProfileNotFoundException(name);
        }
        return events;
    }

    private static String etag(StoredProfile stored) {
        return "\"" + stored.version() + "\"";
    }

    private static Actor actor(Authentication caller) {
        return Actor.of(caller, Callers.accountable(null, caller));
    }
}
