package io.listguard.console;

import io.listguard.audit.AuditQuery;
import io.listguard.audit.AuditTrail;
import io.listguard.audit.ReplayReport;
import io.listguard.audit.ReplayService;
import io.listguard.lifecycle.PolicyActivation;
import io.listguard.lifecycle.PolicyDirectoryWatcher;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyRejectedException;
import io.listguard.lifecycle.PolicyUploads;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.policy.PolicySource;
import io.listguard.policy.SheetView;
import io.listguard.security.Callers;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Policies for compliance staff: the active version and its history, workbooks to download, changed workbooks to
 * upload (validated, stored as a candidate, replayed over recent evaluations), activation and rollback, the diff
 * of two versions, and any rule shown in its workbook row as that version wrote it.
 */
@Controller
@EnableConfigurationProperties(ConsoleProperties.class)
class PolicyPages {

    private final PolicyLifecycle lifecycle;
    private final AuditTrail trail;
    private final ReplayService replay;
    private final ConsoleProperties properties;
    private final ObjectProvider<PolicyDirectoryWatcher> watcher;
    private final ConsoleFormat fmt;

    PolicyPages(PolicyLifecycle lifecycle, AuditTrail trail, ReplayService replay, ConsoleProperties properties,
                ObjectProvider<PolicyDirectoryWatcher> watcher, ConsoleFormat fmt) {
        this.fmt = fmt;
        this.lifecycle = lifecycle;
        this.trail = trail;
        this.replay = replay;
        this.properties = properties;
        this.watcher = watcher;
    }

    @GetMapping("/console/policies")
    String policies(Model model) {
        List<PolicyVersion> versions = lifecycle.versions();
        String active = activeId();
        model.addAttribute("versions", versions);
        model.addAttribute("activeId", active);
        model.addAttribute("withdrawn", MergePages.withdrawn(lifecycle, versions));
        model.addAttribute("active", versions.stream().filter(v -> v.id().equals(active)).findFirst().orElse(null));
        model.addAttribute("activations", lifecycle.activations());
        PolicyDirectoryWatcher watched = watcher.getIfAvailable();
        model.addAttribute("proposal", watched == null ? null : watched.proposal().orElse(null));
        return "console/policies";
    }

    /** Accepts the change detected in the watched policy directories (listguard.policy.watch=true): same checks as an upload. */
    @PostMapping("/console/policies/proposal/accept")
    String acceptProposal(@RequestParam(name = "comment", required = false) String comment,
                          @RequestParam(name = "confirm", defaultValue = "false") boolean confirm, Principal caller, RedirectAttributes redirect,
                          Model model, jakarta.servlet.http.HttpServletResponse response) {
        PolicyDirectoryWatcher watched = watcher.getIfAvailable();
        if (watched == null) {
            throw new ConsoleAdvice.NotFoundException("notFound.watch");
        }
        try {
            PolicyVersion version = watched.accept(Callers.accountable(null, caller), Forms.blankToNull(comment), confirm);
            redirect.addFlashAttribute("activated", version.id());
            return "redirect:/console/policies";
        } catch (PolicyRejectedException rejected) {
            return refused(rejected, model, response);
        } catch (io.listguard.lifecycle.ApprovalsRequiredException missing) {
            // four eyes: stored as a candidate; its page says how many approvals it needs
            response.setStatus(409);
            model.addAttribute("refusal", missing.message(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return version(missing.versionId(), model);
        } catch (io.listguard.lifecycle.ConfirmationRequiredException | io.listguard.lifecycle.PolicyStateException toConfirm) {
            // the rows the folders replace, listed with a form that accepts the same proposal again, confirmed
            model.addAttribute("proposalAccept", true);
            return MergePages.refusedActivation(null, comment, toConfirm, model, response);
        } catch (RuntimeException refused) {
            return MergePages.refusedUpload(refused, List.of(), model, response, null);
        }
    }

    @GetMapping("/console/policies/versions/{id}")
    String version(@PathVariable String id, Model model) {
        PolicyVersion version = lifecycle.version(id);
        model.addAttribute("version", version);
        // each workbook's sheets, to read the policy as that version wrote it without opening Excel
        Map<String, List<String>> sheets = new LinkedHashMap<>();
        version.files().stream().map(PolicyVersion.StoredFile::name).filter(n -> n.endsWith(".xlsx"))
                .forEach(n -> sheets.put(n, SheetView.sheetNames(lifecycle.file(id, n))));
        model.addAttribute("sheets", sheets);
        model.addAttribute("activeId", activeId());
        model.addAttribute("lineage", lifecycle.lineage(id));
        model.addAttribute("activations", lifecycle.activations().stream().filter(a -> a.versionId().equals(id)).toList());
        LocalDate today = fmt.today();
        model.addAttribute("replayFrom", today.minusDays(properties.replayDays()));
        model.addAttribute("replayTo", today.plusDays(1));
        return "console/version";
    }

    @GetMapping("/console/policies/versions/{id}/files/{*name}")
    ResponseEntity<byte[]> download(@PathVariable String id, @PathVariable String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        byte[] content = lifecycle.download(id, path.contains("/") ? path : PolicySource.canonicalName(path));
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        MediaType type = fileName.endsWith(".xlsx") ? MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                : MediaType.APPLICATION_OCTET_STREAM;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                .body(content);
    }

    /**
     * Validates the changed files against the active version and, when valid, stores them as a candidate (not
     * active) and replays the last days of evaluations under it: the person sees the impact before activating.
     */
    @PostMapping("/console/policies/upload")
    String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files,
                  @RequestParam(name = "comment", required = false) String comment,
                  @RequestParam(name = "reuse", defaultValue = "false") boolean reuse,
                  Principal caller, Model model, jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.http.HttpSession session) {
        List<PolicySource> sources = MergePages.chosen(files, reuse, session);
        model.addAttribute("uploaded", sources.stream().map(PolicySource::name).toList());
        try {
            PolicyLifecycle.Publication publication = lifecycle.publish(sources, Callers.accountable(null, caller), Forms.blankToNull(comment), false);
            KeptUpload.forget(session);
            model.addAttribute("candidate", publication.version());
            model.addAttribute("review", publication.candidate());
            model.addAttribute("report", publication.report());
            Instant to = Instant.now();
            Instant from = replayStart(to);
            model.addAttribute("replay", replay.replay(publication.version().id(), from, to).in(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            model.addAttribute("replayDays", properties.replayDays());
            model.addAttribute("replayFrom", from);
            model.addAttribute("replayLimit", properties.replayLimit());
            model.addAttribute("activeId", activeId());
            return "console/report";
        } catch (PolicyRejectedException rejected) {
            MergePages.keep(sources, model, session);
            return refused(rejected, model, response);
        } catch (RuntimeException refused) {
            return MergePages.refusedUpload(refused, sources, model, response, session);
        }
    }

    @PostMapping("/console/policies/versions/{id}/activate")
    String activate(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                    @RequestParam(name = "confirm", defaultValue = "false") boolean confirm, Principal caller,
                    RedirectAttributes redirect, Model model, jakarta.servlet.http.HttpServletResponse response) {
        try {
            lifecycle.activate(id, Callers.accountable(null, caller), Forms.blankToNull(reason), confirm);
        } catch (PolicyRejectedException rejected) {
            return refused(rejected, model, response);
        } catch (io.listguard.lifecycle.ApprovalsRequiredException missing) {
            // four eyes: the version's page says how many approvals it still needs
            response.setStatus(409);
            model.addAttribute("refusal", missing.message(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
            return version(id, model);
        } catch (RuntimeException refused) {
            return MergePages.refusedActivation(id, reason, refused, model, response);
        }
        redirect.addFlashAttribute("activated", id);
        return "redirect:/console/policies";
    }

    @PostMapping("/console/policies/versions/{id}/replay")
    String replay(@PathVariable String id, @RequestParam LocalDate from, @RequestParam LocalDate to, Model model) {
        if (!to.isAfter(from)) {
            throw new ConsoleAdvice.BadRequestException("error.period");
        }
        ReplayReport report = replay.replay(id, fmt.startOf(from), fmt.startOf(to)).in(org.springframework.context.i18n.LocaleContextHolder.getLocale());
        version(id, model);
        model.addAttribute("replayFrom", from);
        model.addAttribute("replayTo", to);
        model.addAttribute("replay", report);
        return "console/version";
    }

    @GetMapping("/console/policies/diff")
    String diff(@RequestParam(required = false) String a, @RequestParam(required = false) String b, Model model) {
        List<PolicyVersion> versions = lifecycle.versions();
        String active = activeId();
        // by default: the active version against the newest other one (a candidate just uploaded, or the previous one)
        String to = b != null ? b : versions.stream().map(PolicyVersion::id).filter(v -> !v.equals(active)).findFirst().orElse(active);
        String from = a != null ? a : active;
        model.addAttribute("versions", versions);
        model.addAttribute("a", from);
        model.addAttribute("b", to);
        model.addAttribute("diff", lifecycle.diff(from, to));
        return "console/diff";
    }

    /** A rule where it is written, in the version that ran: a workbook row among its sheet, or a DRL line. */
    @GetMapping("/console/policies/versions/{id}/source")
    String source(@PathVariable String id, @RequestParam String file, @RequestParam(required = false) String sheet,
                  @RequestParam(required = false) Integer row, @RequestParam(required = false) Integer line,
                  @RequestParam(required = false) String rule, Model model) {
        PolicyVersion version = lifecycle.version(id);
        byte[] content = lifecycle.file(id, file);
        model.addAttribute("version", version);
        model.addAttribute("file", file);
        model.addAttribute("fileName", file.substring(file.lastIndexOf('/') + 1));
        model.addAttribute("rule", rule);
        if (sheet != null) {
            SheetView.Grid grid = SheetView.read(content, sheet);
            if (row != null && !grid.hasRow(row)) {
                throw new ConsoleAdvice.NotFoundException("notFound.row", file, String.valueOf(row), sheet, id);
            }
            model.addAttribute("grid", grid);
            model.addAttribute("row", row);
        } else {
            List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
            model.addAttribute("lines", lines);
            model.addAttribute("line", line != null || rule == null ? line : declarationLine(lines, rule));
        }
        return "console/source";
    }

    /** The last replay-days, or less when they hold more than replay-limit evaluations: then from the oldest of the newest ones. */
    private Instant replayStart(Instant to) {
        Instant from = to.minus(properties.replayDays(), ChronoUnit.DAYS);
        AuditTrail.Page newest = trail.search(new AuditQuery(null, null, null, null, from, to), 0, properties.replayLimit());
        return newest.total() > properties.replayLimit() ? newest.items().get(newest.items().size() - 1).evaluatedAt() : from;
    }

    /** The 1-based line declaring a DRL rule, or null. */
    private static Integer declarationLine(List<String> lines, String rule) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("rule \"" + rule + "\"")) {
                return i + 1;
            }
        }
        return null;
    }

    private String activeId() {
        List<PolicyActivation> activations = lifecycle.activations();
        return activations.isEmpty() ? null : activations.get(0).versionId();
    }

    /** A refused change: nothing was stored or activated; the report says why, at each cell. */
    private static String refused(PolicyRejectedException rejected, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(422);
        model.addAttribute("rejection", rejected.report()); // said in the reader's words by report.html
        model.addAttribute("report", rejected.report());
        return "console/report";
    }
}
