package io.listguard.console;

import io.listguard.evaluation.EvaluationService;
import io.listguard.policy.CompiledPolicy;
import io.listguard.security.ConsoleUser;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in, the home page (what is active and where to go next) and the "not allowed" page. */
@Controller
class HomePages {

    private final EvaluationService evaluations;

    HomePages(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    @GetMapping("/console/login")
    String login(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof ConsoleUser ? "redirect:/console" : "console/login";
    }

    @GetMapping("/console")
    String home(Model model) {
        CompiledPolicy policy = evaluations.active().policy();
        model.addAttribute("policy", policy);
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
