package io.listguard.console;

import io.listguard.lifecycle.CandidateLineage;
import io.listguard.lifecycle.ConfirmationRequiredException;
import io.listguard.lifecycle.PolicyConflictException;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyRejectedException;
import io.listguard.lifecycle.PolicyStateException;
import io.listguard.lifecycle.PolicyUploads;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.lifecycle.SameContentException;
import io.listguard.policy.PolicySource;
import io.listguard.security.Callers;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Issue 11 in the console: a change that would lose someone's work is shown as a page listing each conflicting
 * cell with its three texts (base, active, upload), or the rows to confirm; an upload identical to a stored
 * version names it; a change can be checked without storing it; a candidate can be withdrawn; and the files of a
 * refused upload are kept in the session, to be sent again with only the corrected file replaced.
 */
@Controller
class MergePages {

    private final PolicyLifecycle lifecycle;

    MergePages(PolicyLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Checks the change as an upload would, and stores nothing: the report, and what it changes relative to the active version. */
    @PostMapping("/console/policies/validate")
    String validateOnly(@RequestParam(name = "files", required = false) List<MultipartFile> files,
                        @RequestParam(name = "reuse", defaultValue = "false") boolean reuse,
                        Model model, HttpServletResponse response, HttpSession session) {
        List<PolicySource> sources = chosen(files, reuse, session);
        model.addAttribute("uploaded", sources.stream().map(PolicySource::name).toList());
        try {
            PolicyLifecycle.Review review = lifecycle.review(sources, null);
            model.addAttribute("validatedOnly", true);
            model.addAttribute("report", review.report());
            model.addAttribute("review", review.candidate());
            model.addAttribute("activeId", review.candidate().activeVersion());
            if (!review.report().valid()) {
                keep(sources, model, session);
            }
            return "console/report";
        } catch (PolicyRejectedException rejected) {
            keep(sources, model, session);
            response.setStatus(422);
            model.addAttribute("rejection", rejected.report()); // said in the reader's words by report.html
            model.addAttribute("report", rejected.report());
            return "console/report";
        } catch (RuntimeException refused) {
            return refusedUpload(refused, sources, model, response, session);
        }
    }

    @PostMapping("/console/policies/versions/{id}/withdraw")
    String withdraw(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason, Principal caller,
                    RedirectAttributes redirect, Model model, HttpServletResponse response) {
        try {
            lifecycle.withdraw(id, Callers.accountable(null, caller), Forms.blankToNull(reason));
        } catch (PolicyStateException refused) {
            return refusedActivation(id, reason, refused, model, response);
        }
        redirect.addFlashAttribute("withdrawnNow", id);
        return "redirect:/console/policies/versions/" + id;
    }

    /** Rebuilds a candidate made on an older version on the active version, as a new candidate (a three-way merge). */
    @PostMapping("/console/policies/versions/{id}/rebuild")
    String rebuild(@PathVariable String id, Principal caller, Model model, HttpServletResponse response) {
        try {
            PolicyLifecycle.Publication publication = lifecycle.rebuild(id, Callers.accountable(null, caller), null);
            model.addAttribute("rebuiltFrom", id);
            model.addAttribute("candidate", publication.version());
            model.addAttribute("review", publication.candidate());
            model.addAttribute("report", publication.report());
            model.addAttribute("activeId", publication.candidate().activeVersion());
            return "console/report";
        } catch (PolicyRejectedException rejected) {
            response.setStatus(422);
            model.addAttribute("rejection", rejected.report()); // said in the reader's words by report.html
            model.addAttribute("report", rejected.report());
            return "console/report";
        } catch (PolicyConflictException | SameContentException | PolicyStateException refused) {
            if (refused instanceof PolicyConflictException || refused instanceof SameContentException) {
                model.addAttribute("versionId", id);
                return refusedUpload(refused, List.of(), model, response, null);
            }
            return refusedActivation(id, null, refused, model, response);
        }
    }

    /** The files to send: those chosen now, over the kept files of the refused upload when the person sends those again. */
    static List<PolicySource> chosen(List<MultipartFile> files, boolean reuse, HttpSession session) {
        List<MultipartFile> parts = files == null ? List.of() : files.stream()
                .filter(f -> !(f.isEmpty() && (f.getOriginalFilename() == null || f.getOriginalFilename().isBlank()))).toList();
        if (!reuse) {
            return PolicyUploads.sources(parts);
        }
        List<PolicySource> sources = KeptUpload.withReplacements(session, parts.isEmpty() ? List.of() : PolicyUploads.sources(parts));
        if (sources.isEmpty()) {
            throw new ConsoleAdvice.BadRequestException("error.noUpload");
        }
        return sources;
    }

    /** Keeps a refused upload's files in the session and lists them on the page (with a form to send them again). */
    static void keep(List<PolicySource> sources, Model model, HttpSession session) {
        if (sources.isEmpty() || session == null) {
            return; // nothing was uploaded (the watched folders' proposal)
        }
        boolean kept = KeptUpload.keep(session, sources);
        model.addAttribute("kept", kept ? KeptUpload.names(session) : List.of());
        model.addAttribute("keptTooLarge", !kept);
    }

    /** An upload refused as a conflict or as the content of a stored version; anything else goes to the error pages. */
    static String refusedUpload(RuntimeException refused, List<PolicySource> sources, Model model, HttpServletResponse response,
                                HttpSession session) {
        if (refused instanceof PolicyConflictException conflict) {
            keep(sources, model, session);
            response.setStatus(409);
            model.addAttribute("conflict", conflict);
            return "console/merge";
        }
        if (refused instanceof SameContentException same) {
            keep(sources, model, session);
            response.setStatus(409);
            model.addAttribute("sameAs", same.existingVersion());
            return "console/merge";
        }
        throw refused;
    }

    /** An activation refused: it would undo changes made since the candidate's base, it needs a confirmation, or the version is withdrawn. */
    static String refusedActivation(String id, String reason, RuntimeException refused, Model model, HttpServletResponse response) {
        response.setStatus(409);
        model.addAttribute("versionId", id);
        model.addAttribute("reason", reason);
        if (refused instanceof PolicyConflictException conflict) {
            model.addAttribute("conflict", conflict);
        } else if (refused instanceof ConfirmationRequiredException confirm) {
            model.addAttribute("confirmation", confirm);
        } else if (refused instanceof PolicyStateException state) {
            model.addAttribute("stateProblem", state.message(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        } else {
            throw refused;
        }
        return "console/merge";
    }

    /** The ids of the withdrawn versions among those listed. */
    static Set<String> withdrawn(PolicyLifecycle lifecycle, List<PolicyVersion> versions) {
        return versions.stream().map(v -> lifecycle.lineage(v.id())).filter(CandidateLineage::withdrawn)
                .map(CandidateLineage::versionId).collect(Collectors.toSet());
    }
}
