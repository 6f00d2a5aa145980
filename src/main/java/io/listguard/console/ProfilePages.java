package io.listguard.console;

import io.listguard.bulk.RecordsFormat;
import io.listguard.bulk.RecordsPreview;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileProblem;
import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.profiles.ProfileEvent;
import io.listguard.bulk.profiles.ProfilePreviews;
import io.listguard.bulk.profiles.ProfileRefusedException;
import io.listguard.bulk.profiles.StaleProfileException;
import io.listguard.bulk.profiles.StoredProfile;
import io.listguard.security.Actor;
import io.listguard.security.Callers;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mapping profiles from the browser (issue 12, item 2): the list by provider, a profile's JSON in an editor with
 * every problem of the last check beside it and a table of what it reads, its history with the JSON before and after
 * each change, and its deletion once confirmed. Changes go through the same service as the API: the same checks,
 * the same versions (an edit made on an older version is refused, naming who changed it) and the same audit.
 */
@Controller
class ProfilePages {

    /** A new profile starts from this: the two columns every file needs, and the opt-out. */
    static final String NEW_PROFILE = """
            {
              "name": "nouveau-profil",
              "provider": "Fournisseur",
              "description": "",
              "separator": ";",
              "charset": "windows-1252",
              "fields": {
                "id": {"column": "Réf"},
                "kind": {"value": "PERSON"},
                "email": {"column": "E-mail"},
                "opted_out": {"column": "Désinscrit", "values": {"X": "true", "": "false"}}
              },
              "consents": {
                "email": {"givenOn": {"column": "Date opt-in", "dateFormats": ["dd/MM/yyyy"]},
                          "proofRef": {"column": "Preuve"}}
              }
            }
            """;

    /** A row of the history, its JSON shown indented. */
    record HistoryRow(Instant at, ProfileEvent.Kind kind, int version, String actor, Actor.Kind identityKind, String keyName, String before,
                      String after) {
    }

    /** One listguard column the profile fills, and from what. */
    record FieldRow(String field, String source) {
    }

    /** The choice of the preview page that stands for the profile being edited, not stored (stored names are slugs). */
    static final String EDITED = "@edited";

    private final MappingProfiles profiles;
    private final ProfilePreviews previews;
    private final JsonMapper json;

    ProfilePages(MappingProfiles profiles, ProfilePreviews previews, JsonMapper json) {
        this.profiles = profiles;
        this.previews = previews;
        this.json = json;
    }

    @GetMapping("/console/profiles")
    String list(@RequestParam(name = "provider", required = false) String provider, @RequestParam(name = "deleted", required = false) String deleted,
                Model model) {
        List<StoredProfile> all = profiles.list(null);
        List<StoredProfile> shown = Forms.blankToNull(provider) == null ? all : profiles.list(provider);
        Map<String, List<StoredProfile>> byProvider = new LinkedHashMap<>();
        shown.forEach(p -> byProvider.computeIfAbsent(p.provider(), k -> new ArrayList<>()).add(p));
        model.addAttribute("profiles", shown);
        model.addAttribute("byProvider", byProvider);
        model.addAttribute("providers", all.stream().map(StoredProfile::provider).distinct().toList());
        model.addAttribute("provider", provider);
        model.addAttribute("deleted", deleted);
        return "console/profiles";
    }

    @GetMapping("/console/profiles/new")
    String create(Model model) {
        return editor(model, null, NEW_PROFILE, null, null);
    }

    @PostMapping("/console/profiles")
    String create(@RequestParam("profile") String text, Authentication caller, Model model, HttpServletResponse response, Locale locale) {
        try {
            StoredProfile stored = profiles.create(text, actor(caller));
            return "redirect:/console/profiles/" + encode(stored.name()) + "?saved";
        } catch (InvalidProfileException e) {
            response.setStatus(400);
            return editor(model, null, text, e.problems(), null);
        } catch (ProfileRefusedException e) {
            response.setStatus(409);
            return editor(model, null, text, null, e.text(locale));
        }
    }

    @GetMapping("/console/profiles/{name}")
    String profile(@PathVariable String name, @RequestParam(name = "saved", required = false) String saved, Model model) {
        if (profiles.get(name).isEmpty() && !profiles.history(name).isEmpty()) {
            // a deleted profile: its history stays readable, as the audit of how past files were read
            model.addAttribute("deletedName", name);
            model.addAttribute("saved", false);
            model.addAttribute("history", profiles.history(name).stream().map(this::row).toList());
            return "console/profile";
        }
        StoredProfile stored = stored(name);
        model.addAttribute("saved", saved != null);
        return editor(model, stored, pretty(stored.profile()), List.of(), null);
    }

    @PostMapping("/console/profiles/{name}/edit")
    String edit(@PathVariable String name, @RequestParam("profile") String text, @RequestParam("version") int version, Authentication caller,
                Model model, HttpServletResponse response, Locale locale) {
        try {
            profiles.update(name, text, version, actor(caller));
            return "redirect:/console/profiles/" + encode(name) + "?saved";
        } catch (InvalidProfileException e) {
            response.setStatus(400);
            model.addAttribute("version", version);
            return editor(model, stored(name), text, e.problems(), null);
        } catch (StaleProfileException e) {
            // the person's text stays in the editor, on the version they read: they compare it with the history below
            response.setStatus(409);
            model.addAttribute("version", version);
            return editor(model, stored(name), text, null, e.text(locale));
        }
    }

    @PostMapping("/console/profiles/{name}/delete")
    String delete(@PathVariable String name, @RequestParam("version") int version,
                  @RequestParam(name = "confirm", defaultValue = "false") boolean confirm, Authentication caller, Model model,
                  HttpServletResponse response, Locale locale) {
        StoredProfile stored = stored(name);
        if (!confirm) {
            response.setStatus(400);
            model.addAttribute("deleteUnconfirmed", true);
            return editor(model, stored, pretty(stored.profile()), List.of(), null);
        }
        try {
            profiles.delete(name, version, actor(caller));
            return "redirect:/console/profiles?deleted=" + encode(name);
        } catch (StaleProfileException e) {
            response.setStatus(409);
            return editor(model, stored(name), pretty(stored(name).profile()), List.of(), e.text(locale));
        }
    }

    @GetMapping("/console/profiles/preview")
    String previewForm(@RequestParam(name = "profile", required = false) String profile, Model model) {
        return previewPage(model, Forms.blankToNull(profile), null, null, null, RecordsPreview.DEFAULT_LINES);
    }

    /**
     * A preview: the file read with the chosen profile (a stored one, the unsaved text from the editor, or listguard's
     * header). Nothing is kept: the upload goes with the request.
     */
    @PostMapping("/console/profiles/preview")
    String preview(@RequestParam(name = "records", required = false) MultipartFile records,
                   @RequestParam(name = "choice", required = false) String choice, @RequestParam(name = "profile", required = false) String profileJson,
                   @RequestParam(name = "charset", required = false) String charset, @RequestParam(name = "separator", required = false) String separator,
                   @RequestParam(name = "sheet", required = false) String sheet,
                   @RequestParam(name = "lines", required = false) Integer lines, Model model, HttpServletResponse response, Locale locale) {
        String chosen = Forms.blankToNull(choice);
        int count = lines == null ? RecordsPreview.DEFAULT_LINES : lines;
        previewPage(model, chosen, profileJson, Forms.blankToNull(charset), Forms.blankToNull(separator), count);
        model.addAttribute("sheet", Forms.blankToNull(sheet));
        if (records == null || records.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("noFile", true);
            return "console/preview";
        }
        boolean edited = EDITED.equals(chosen);
        try {
            model.addAttribute("preview", previews.preview(records::getInputStream,
                    recordsName(records),
                    edited ? null : chosen, edited ? (Forms.blankToNull(profileJson) == null ? "" : profileJson) : null,
                    new RecordsFormat(Forms.blankToNull(charset), Forms.blankToNull(separator), null, null, Forms.blankToNull(sheet)), count));
        } catch (ProfileRefusedException e) {
            response.setStatus(400);
            model.addAttribute("problem", e.text(locale));
        } catch (io.listguard.bulk.UnknownCharsetException | io.listguard.bulk.BulkFormatException | IllegalArgumentException
                 | io.listguard.evaluation.InvalidRequestException e) {
            response.setStatus(400);
            model.addAttribute("problem", e instanceof io.listguard.evaluation.InvalidRequestException invalid
                    ? String.join("; ", invalid.violations().stream().map(v -> v.located(locale)).toList())
                    : io.listguard.bulk.BulkFormatException.message(e, locale));
        }
        return "console/preview";
    }

    /** The upload's file name, which tells its format; without one, its media type says whether it is a workbook (else CSV). */
    private static String recordsName(MultipartFile records) {
        String name = records.getOriginalFilename();
        if (name != null && !name.isBlank()) {
            return name;
        }
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".equalsIgnoreCase(String.valueOf(records.getContentType()))
                ? "records.xlsx" : "records.csv";
    }

    private String previewPage(Model model, String choice, String profileJson, String charset, String separator, int lines) {
        model.addAttribute("profiles", profiles.list(null));
        model.addAttribute("choice", choice);
        model.addAttribute("profileJson", profileJson);
        model.addAttribute("charset", charset);
        model.addAttribute("separator", separator);
        model.addAttribute("lines", lines);
        model.addAttribute("charsets", io.listguard.bulk.RecordCharsets.SUPPORTED.stream().map(java.nio.charset.Charset::name).toList());
        return "console/preview";
    }

    /** The editor page: the JSON, the problems of the last check (null: not checked yet), what it reads, its history. */
    private String editor(Model model, StoredProfile stored, String text, List<ProfileProblem> problems, String refusal) {
        model.addAttribute("stored", stored);
        if (!model.containsAttribute("version") && stored != null) {
            model.addAttribute("version", stored.version());
        }
        if (!model.containsAttribute("saved")) {
            model.addAttribute("saved", false);
        }
        model.addAttribute("profileJson", text);
        model.addAttribute("problems", problems);
        model.addAttribute("refusal", refusal);
        model.addAttribute("fields", stored == null ? List.of() : fields(stored.profile()));
        model.addAttribute("history", stored == null ? List.of() : profiles.history(stored.name()).stream().map(this::row).toList());
        return "console/profile";
    }

    private StoredProfile stored(String name) {
        return profiles.get(name).orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.profile", name));
    }

    private HistoryRow row(ProfileEvent e) {
        return new HistoryRow(e.at(), e.kind(), e.version(), e.actor(), e.identityKind(), e.keyName(), pretty(e.before()), pretty(e.after()));
    }

    /** The listguard columns a profile fills, each with its broker column(s), constant, value map, dates or phone repair. */
    static List<FieldRow> fields(MappingProfile profile) {
        List<FieldRow> rows = new ArrayList<>();
        if (profile.fields() != null) {
            profile.fields().forEach((field, m) -> rows.add(new FieldRow(field, source(m))));
        }
        if (profile.consents() != null) {
            profile.consents().forEach((channel, c) -> {
                if (c == null) {
                    return;
                }
                add(rows, "consents." + channel + ".given", c.given()); // the profile's own field name: a code
                add(rows, "consent_" + channel + "_given_on", c.givenOn());
                add(rows, "consent_" + channel + "_proof_ref", c.proofRef());
                add(rows, "consent_" + channel + "_renter_named", c.renterNamed());
                add(rows, "consent_" + channel + "_parental_consent", c.parentalConsent());
                add(rows, "consent_" + channel + "_collected_by", c.collectedBy());
                add(rows, "consent_" + channel + "_hop", c.hop());
            });
        }
        return rows;
    }

    private static void add(List<FieldRow> rows, String field, MappingProfile.FieldMapping m) {
        if (m != null) {
            rows.add(new FieldRow(field, source(m)));
        }
    }

    private static String source(MappingProfile.FieldMapping m) {
        if (m == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (m.value() != null) {
            b.append("= ").append(m.value());
        } else if (m.columns() != null) {
            b.append(String.join(" + ", m.columns().stream().map(c -> "« " + c + " »").toList()));
        } else if (m.column() != null) {
            b.append("« ").append(m.column()).append(" »");
        }
        if (m.split() != null) {
            b.append(" ✂ ").append(m.split().separator()).append(" #").append(m.split().part());
        }
        if (m.values() != null && !m.values().isEmpty()) {
            b.append(" · ").append(String.join(", ", m.values().entrySet().stream()
                    .map(e -> (e.getKey().isEmpty() ? "∅" : e.getKey()) + " → " + e.getValue()).toList()));
        }
        if (m.dateFormats() != null && !m.dateFormats().isEmpty()) {
            b.append(" · ").append(String.join(" | ", m.dateFormats()));
        }
        if (m.phone() != null) {
            b.append(" · ☎ ").append(m.phone());
        }
        return b.toString();
    }

    private String pretty(Object value) {
        return value == null ? null : json.writerWithDefaultPrettyPrinter().writeValueAsString(value instanceof JsonNode node ? node : value);
    }

    private static Actor actor(Authentication caller) {
        return Actor.of(caller, Callers.accountable(null, caller));
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
