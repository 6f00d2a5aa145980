package io.listguard.console;

import io.listguard.audit.Erasure;
import io.listguard.audit.SubjectRights;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.security.Callers;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Droits des personnes" (GDPR arts. 15 and 18) for auditors: a person found by email, phone and/or postal address
 * (posted in a form, never in a URL), everything held about them on a printable page, and the restriction of their
 * processing and its lift. The identifiers are hashed at once; the page only carries them back in its own forms.
 */
@Controller
class RightsPages {

    private final SubjectRights rights;
    private final Erasure erasure;

    RightsPages(SubjectRights rights, Erasure erasure) {
        this.rights = rights;
        this.erasure = erasure;
    }

    @GetMapping("/console/rights")
    String form(Model model) {
        model.addAttribute("active", rights.restrictions(true, 0, 100));
        return "console/rights";
    }

    @PostMapping("/console/rights")
    String find(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                @RequestParam(required = false) String address, Model model) {
        return show(email, phone, address, model);
    }

    @PostMapping("/console/rights/restrict")
    String restrict(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                    @RequestParam(required = false) String address, @RequestParam(required = false) String reason,
                    @RequestParam(required = false) String legalBasis, Principal caller, Model model) {
        try {
            rights.restrict(rights.subject(email, phone, address), reason, legalBasis, Callers.accountable(null, caller));
            model.addAttribute("done", "rights.restricted");
        } catch (InvalidArgumentException e) {
            model.addAttribute("actionProblem", true);
        }
        return show(email, phone, address, model);
    }

    @PostMapping("/console/rights/lift")
    String lift(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                @RequestParam(required = false) String address, @RequestParam long id, @RequestParam(required = false) String reason,
                Principal caller, Model model) {
        try {
            model.addAttribute("done", rights.lift(id, reason, Callers.accountable(null, caller)).isPresent() ? "rights.lifted" : "rights.notLifted");
        } catch (InvalidArgumentException e) {
            model.addAttribute("actionProblem", true);
        }
        if (Forms.blankToNull(email) == null && Forms.blankToNull(phone) == null && Forms.blankToNull(address) == null) {
            return form(model);
        }
        return show(email, phone, address, model);
    }

    /**
     * Erasure (GDPR art. 17), confirmed on the page: the person's rows and request fragments go, tombstones and the
     * erasure entry stay in the audit chain; when they objected, their identifiers go on the suppression list.
     */
    @PostMapping("/console/rights/erase")
    String erase(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                 @RequestParam(required = false) String address, @RequestParam(required = false) String legalBasis,
                 @RequestParam(defaultValue = "false") boolean objected, @RequestParam(defaultValue = "false") boolean confirm,
                 Principal caller, Model model) {
        if (!confirm) {
            model.addAttribute("eraseProblem", true);
            return show(email, phone, address, model);
        }
        try {
            Erasure.Report report = erasure.erase(new Erasure.Request(Forms.blankToNull(email), Forms.blankToNull(phone), Forms.blankToNull(address),
                    Forms.blankToNull(legalBasis), objected), Callers.accountable(null, caller));
            model.addAttribute("erased", report);
        } catch (IllegalArgumentException e) {
            model.addAttribute("eraseProblem", true);
        }
        return show(email, phone, address, model);
    }

    private String show(String email, String phone, String address, Model model) {
        model.addAttribute("active", rights.restrictions(true, 0, 100));
        SubjectRights.Subject subject;
        try {
            subject = rights.subject(Forms.blankToNull(email), Forms.blankToNull(phone), Forms.blankToNull(address));
        } catch (InvalidArgumentException e) {
            model.addAttribute("problem", true);
            return "console/rights";
        }
        SubjectRights.Export export = rights.export(subject);
        model.addAttribute("export", export);
        model.addAttribute("restricted", export.restrictions().stream().anyMatch(SubjectRights.Restriction::active));
        model.addAttribute("email", Forms.blankToNull(email));
        model.addAttribute("phone", Forms.blankToNull(phone));
        model.addAttribute("address", Forms.blankToNull(address));
        return "console/rights";
    }
}
