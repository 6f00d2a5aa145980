package io.listguard.console;

import io.listguard.audit.AuditQuery;
import io.listguard.audit.AuditTrail;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.lifecycle.PolicyActivation;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.policy.CompiledPolicy;
import io.listguard.security.ConsoleUser;
import io.listguard.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in, the home page (what is active and where to go next) and the "not allowed" page. */
@Controller
class HomePages {

    private static final int RECENT = 5;

    private final ActivePolicy activePolicy;
    private final PolicyLifecycle lifecycle;
    private final AuditTrail trail;

    HomePages(ActivePolicy activePolicy, PolicyLifecycle lifecycle, AuditTrail trail) {
        this.activePolicy = activePolicy;
        this.lifecycle = lifecycle;
        this.trail = trail;
    }

    @GetMapping("/console/login")
    String login(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser ? "redirect:/console" : "console/login";
    }

    /** What is active, and what waits for the person: candidate versions to review, the latest evaluations to audit. */
    @GetMapping("/console")
    String home(Authentication authentication, Model model) {
        CompiledPolicy policy = activePolicy.current().policy();
        model.addAttribute("policy", policy);
        ConsoleUser user = (ConsoleUser) authentication.getPrincipal();
        if (user.may(Role.POLICY_EDITOR)) {
            // versions stored after the active one and never activated: candidates uploaded and not yet decided on
            var activated = lifecycle.activations().stream().map(PolicyActivation::versionId).collect(java.util.stream.Collectors.toSet());
            var active = lifecycle.version(policy.versionId());
            model.addAttribute("candidates", lifecycle.versions().stream()
                    .filter(v -> v.seq() > active.seq() && !activated.contains(v.id())).toList());
        }
        if (user.may(Role.AUDITOR)) {
            model.addAttribute("recent", trail.search(new AuditQuery(null, null, null, null, null, null), 0, RECENT).items());
        }
        return "console/home";
    }

    /** Where Spring Security forwards a refused request, whatever its method. */
    @org.springframework.web.bind.annotation.RequestMapping("/console/denied")
    String denied(Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        return "console/error";
    }
}
