package io.listguard.console;

import io.listguard.lifecycle.PolicyApprovals;
import io.listguard.lifecycle.PolicyChangeRefusedException;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.ScheduledActivations;
import io.listguard.security.Actor;
import io.listguard.security.Callers;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Four eyes and scheduled activations in the console: approve a colleague's candidate (with a reason; optionally
 * activating it at once), schedule its activation at an instant (typed in the console's zone, Paris time by default), cancel a
 * schedule. A refused step is shown on the version's page, with the status of the refusal.
 */
@Controller
class ApprovalPages {

    private final PolicyApprovals approvals;
    private final ScheduledActivations schedules;
    private final PolicyLifecycle lifecycle;
    private final PolicyPages pages;
    private final ConsoleFormat fmt;
    private final org.springframework.context.MessageSource messages;

    ApprovalPages(PolicyApprovals approvals, ScheduledActivations schedules, PolicyLifecycle lifecycle, PolicyPages pages, ConsoleFormat fmt,
                  org.springframework.context.MessageSource messages) {
        this.fmt = fmt;
        this.messages = messages;
        this.approvals = approvals;
        this.schedules = schedules;
        this.lifecycle = lifecycle;
        this.pages = pages;
    }

    @PostMapping("/console/policies/versions/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(name = "reason", required = false) String reason,
                   @RequestParam(name = "activate", required = false) String activate,
                   @RequestParam(name = "confirm", defaultValue = "false") boolean confirm, Authentication caller, RedirectAttributes redirect,
                   Model model, HttpServletResponse response) {
        Actor approver = Actor.of(caller, Callers.accountable(null, caller));
        try {
            approvals.approve(id, approver, Forms.blankToNull(reason));
            if (activate != null) {
                // the activation's reason, stored with its code: the history shows it in each reader's language
                String why = io.listguard.lifecycle.StoredTexts.prefixed("policy.stored.approved", reason.strip());
                lifecycle.activate(id, approver.display(), why, confirm);
                redirect.addFlashAttribute("activated", id);
                return "redirect:/console/policies";
            }
        } catch (PolicyChangeRefusedException refused) {
            return refused(id, refused, model, response);
        } catch (io.listguard.lifecycle.ConfirmationRequiredException | io.listguard.lifecycle.PolicyConflictException
                 | io.listguard.lifecycle.PolicyStateException lineage) {
            return MergePages.refusedActivation(id, reason, lineage, model, response); // approved; the activation needs more
        }
        redirect.addFlashAttribute("approved", id);
        return "redirect:/console/policies/versions/" + id;
    }

    @PostMapping("/console/policies/versions/{id}/schedule")
    String schedule(@PathVariable String id, @RequestParam(name = "at") LocalDateTime at, @RequestParam(name = "reason", required = false) String reason,
                    @RequestParam(name = "confirm", defaultValue = "false") boolean confirm,
                    Authentication caller, RedirectAttributes redirect, Model model, HttpServletResponse response) {
        Instant instant = fmt.at(at); // typed in the console's zone (Paris time by default)
        try {
            schedules.schedule(id, instant, Actor.of(caller, Callers.accountable(null, caller)), Forms.blankToNull(reason), confirm);
        } catch (PolicyChangeRefusedException refused) {
            return refused(id, refused, model, response);
        } catch (io.listguard.lifecycle.ConfirmationRequiredException | io.listguard.lifecycle.PolicyConflictException
                 | io.listguard.lifecycle.PolicyStateException lineage) {
            return MergePages.refusedActivation(id, reason, lineage, model, response); // rows to confirm, or a stale base
        }
        redirect.addFlashAttribute("scheduled", instant);
        return "redirect:/console/policies/versions/" + id;
    }

    @PostMapping("/console/policies/schedules/{scheduleId}/cancel")
    String cancel(@PathVariable long scheduleId, @RequestParam(name = "reason", required = false) String reason, Authentication caller,
                  RedirectAttributes redirect, Model model, HttpServletResponse response) {
        ScheduledActivations.Schedule schedule = schedules.find(scheduleId)
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.schedule", scheduleId));
        try {
            schedules.cancel(scheduleId, Actor.of(caller, Callers.accountable(null, caller)), Forms.blankToNull(reason));
        } catch (PolicyChangeRefusedException refused) {
            return refused(schedule.versionId(), refused, model, response);
        }
        redirect.addFlashAttribute("cancelled", scheduleId);
        return "redirect:/console/policies/versions/" + schedule.versionId();
    }

    /** The version's page, saying what was refused and why, with the refusal's status (409, or 400 for a missing reason). */
    private String refused(String id, PolicyChangeRefusedException refused, Model model, HttpServletResponse response) {
        response.setStatus(refused.status());
        model.addAttribute("refusal", refused.message(LocaleContextHolder.getLocale()));
        return pages.version(id, model);
    }
}
