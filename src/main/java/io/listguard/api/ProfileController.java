package io.listguard.api;

import io.listguard.bulk.RecordsFormat;
import io.listguard.bulk.RecordsPreview;
import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.profiles.ProfilePreviews;
import io.listguard.bulk.profiles.ProfileEvent;
import io.listguard.bulk.profiles.ProfileNotFoundException;
import io.listguard.bulk.profiles.StoredProfile;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.security.Actor;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

@Tag(name = "Mapping profiles", description = "How a provider's own files map onto listguard's record: stored, versioned, audited")
@RestController
@RequestMapping("/api/v1/profiles")
class ProfileController {

    private final MappingProfiles profiles;
    private final ProfilePreviews previews;
    private final JsonMapper json;

    ProfileController(MappingProfiles profiles, ProfilePreviews previews, JsonMapper json) {
        this.profiles = profiles;
        this.previews = previews;
        this.json = json;
    }

    /** How the preview's file is written, beside the profile: the same fields as a bulk request's format. */
    record PreviewFormat(String charset, String separator, String sheet) {
    }

    /** The profile a preview was read with: a stored one's name and version, an unsaved one's name, or none (listguard's header). */
    record PreviewProfile(ProfilePreviews.Source source, String name, Integer version) {
    }

    /** One line as mapped: its values by listguard column (blank ones left out) and every problem, at its column when it has one. */
    record PreviewLine(long line, Map<String, String> values, List<RecordsPreview.Problem> problems) {
    }

    /** A file problem with its text in the caller's language. */
    record PreviewFileProblem(String path, String code, List<String> args, String message) {
    }

    /** A preview as the API answers it. */
    record PreviewView(PreviewProfile profile, String charset, String separator, String sheet, List<String> columns, List<PreviewLine> lines,
                       boolean more, boolean refused, List<PreviewFileProblem> fileProblems, List<String> warnings) {
    }

    @Operation(summary = "The stored profiles, by provider then name", description = "?provider= lists one provider's profiles.")
    @GetMapping
    List<StoredProfile> list(@RequestParam(name = "provider", required = false) String provider) {
        return profiles.list(provider);
    }

    @Operation(summary = "Store a new profile (version 1)",
            description = "The body is the profile's JSON (name, provider, fields, consents...; docs/files.md). It is checked whole: "
                    + "every problem at once with its JSON path (400 invalid-profile). A name taken already is a 409.")
    @ApiResponse(responseCode = "201", description = "Stored; ETag is its version", headers = {@Header(name = "ETag", description = "the profile's version, e.g. \"3\"", schema = @Schema(type = "string")),
            @Header(name = "Location", description = "the profile", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "400", description = "invalid-profile: every problem with its path and message code")
    @ApiResponse(responseCode = "409", description = "profile-exists")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StoredProfile> create(@RequestBody byte[] body, Authentication caller) {
        StoredProfile stored = profiles.create(ProfileRequests.text(body), actor(caller));
        return ResponseEntity.created(URI.create("/api/v1/profiles/" + URLEncoder.encode(stored.name(), StandardCharsets.UTF_8)))
                .eTag(etag(stored)).body(stored);
    }

    @Operation(summary = "One profile, with its version as ETag")
    @ApiResponse(responseCode = "200", description = "The profile", headers = @Header(name = "ETag", description = "the profile's version, e.g. \"3\"", schema = @Schema(type = "string")))
    @GetMapping("/{name}")
    ResponseEntity<StoredProfile> get(@PathVariable String name) {
        StoredProfile stored = profiles.get(name).orElseThrow(() -> new ProfileNotFoundException(name));
        return ResponseEntity.ok().eTag(etag(stored)).body(stored);
    }

    @Operation(summary = "Replace a profile, on the version it was read at",
            description = "If-Match names the version the change was made on (the ETag of GET, e.g. \"3\"); without it 428. When the "
                    + "profile changed since, 409 stale-profile names the current version and who changed it. The name cannot change.")
    @ApiResponse(responseCode = "200", description = "Stored as the next version", headers = @Header(name = "ETag", description = "the profile's version, e.g. \"3\"", schema = @Schema(type = "string")))
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
    @ApiResponse(responseCode = "409", description = "stale-profile: If-Match names another version")
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

    @Operation(summary = "The first lines of a file as a profile maps them, with every problem, before any job",
            description = "Multipart: 'records' the file (CSV, optionally .gz, or an .xlsx workbook); either 'name', a stored profile, or 'profile', "
                    + "a profile's JSON not stored (to try an edit), or neither (listguard's own header); optionally 'format', JSON "
                    + "{\"charset\", \"separator\"} for a CSV file or {\"sheet\"} for a workbook, as in a bulk request. Answers the listguard columns, each line's values and problems (at their column), the problems "
                    + "that would refuse the file (a column the profile reads that the header lacks, bytes not valid in the charset anywhere "
                    + "in the file, the unsaved profile's own problems with their paths) and the warnings (columns no one reads). Nothing is "
                    + "evaluated or stored; the upload is not kept.")
    @ApiResponse(responseCode = "200", description = "The preview; 'refused' says whether a job would refuse the file")
    @PostMapping(path = "/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    PreviewView preview(@RequestPart("records") MultipartFile records,
                        @Parameter(description = "a stored profile's name") @RequestParam(name = "name", required = false) String name,
                        @Parameter(description = "a profile's JSON, not stored") @RequestPart(name = "profile", required = false) byte[] profile,
                        @Parameter(description = "{\"charset\": ..., \"separator\": ...} or {\"sheet\": ...}") @RequestPart(name = "format", required = false) byte[] format,
                        @Parameter(description = "how many lines, 1 to 200") @RequestParam(name = "lines", defaultValue = "20") int lines,
                        jakarta.servlet.http.HttpServletRequest request) {
        PreviewFormat declared = null;
        if (format != null && format.length > 0) {
            try {
                declared = json.readValue(ProfileRequests.text(format), PreviewFormat.class);
            } catch (tools.jackson.core.JacksonException e) {
                Violation v = io.listguard.domain.JsonErrors.describe(e);
                throw new InvalidRequestException(List.of(new Violation("format" + ("$".equals(v.path()) ? "" : "." + v.path()), v.message(), v.code(), v.args())));
            }
        }
        String fileName = BulkController.recordsName(records);
        ProfilePreviews.Preview preview = previews.preview(records::getInputStream, fileName, blankToNull(name),
                profile == null || profile.length == 0 ? null : ProfileRequests.text(profile),
                declared == null ? null : new RecordsFormat(declared.charset(), declared.separator(), null, null, declared.sheet()), lines);
        Locale locale = ApiLanguage.of(request);
        RecordsPreview.Result r = preview.result();
        List<PreviewLine> shown = r.lines().stream().map(l -> new PreviewLine(l.line(), values(r.columns(), l.values()),
                l.problems().stream().map(p -> p.in(locale)).toList())).toList();
        return new PreviewView(new PreviewProfile(preview.source(), preview.name(), preview.version()), r.charset(), r.separator(), r.sheet(), r.columns(),
                shown, r.more(), r.refused(),
                r.fileProblems().stream().map(p -> new PreviewFileProblem(p.path(), p.code(), p.args(), p.message(locale))).toList(), r.warnings(locale));
    }

    private static Map<String, String> values(List<String> columns, List<String> values) {
        if (values == null) {
            return null;
        }
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            if (values.get(i) != null && !values.get(i).isBlank()) {
                byColumn.put(columns.get(i), values.get(i));
            }
        }
        return byColumn;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String etag(StoredProfile stored) {
        return "\"" + stored.version() + "\"";
    }

    private static Actor actor(Authentication caller) {
        return Actor.of(caller, Callers.accountable(null, caller));
    }
}
