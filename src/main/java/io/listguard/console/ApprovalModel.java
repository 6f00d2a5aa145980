package io.listguard.console;

import io.listguard.lifecycle.PolicyApprovals;
import io.listguard.lifecycle.PolicyEvents;
import io.listguard.lifecycle.ScheduledActivations;
import io.listguard.security.OidcConsoleLogin;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the policy pages show of four eyes and schedules, kept apart from {@link PolicyPages}: how many approvals a
 * candidate needs; on a version's page its approvals, schedules and every step of its changes; on the policies
 * page the pending schedules; on the sign-in page the OpenID Connect providers to sign in with.
 */
@ControllerAdvice(assignableTypes = {PolicyPages.class, ApprovalPages.class, HomePages.class})
class ApprovalModel {

    private static final Pattern VERSION_PAGE = Pattern.compile("^/console/policies/versions/([^/]+)(/activate|/replay|/approve|/schedule)?$");

    private final PolicyApprovals approvals;
    private final ScheduledActivations schedules;
    private final PolicyEvents events;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    ApprovalModel(PolicyApprovals approvals, ScheduledActivations schedules, PolicyEvents events,
                  ObjectProvider<ClientRegistrationRepository> registrations) {
        this.approvals = approvals;
        this.schedules = schedules;
        this.events = events;
        this.registrations = registrations;
    }

    @ModelAttribute
    void describe(HttpServletRequest request, Model model) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        model.addAttribute("approvalsRequired", approvals.required());
        if (path.equals("/console/login")) {
            ClientRegistrationRepository repository = registrations.getIfAvailable();
            model.addAttribute("oidcProviders", repository == null ? List.of() : OidcConsoleLogin.providers(repository));
            return;
        }
        if (path.equals("/console/policies")) {
            model.addAttribute("pendingSchedules", schedules.list(null).stream().filter(s -> s.state() == ScheduledActivations.State.PENDING).toList());
            return;
        }
        Matcher version = VERSION_PAGE.matcher(path);
        if (version.matches()) {
            String id = version.group(1);
            try {
                model.addAttribute("approvalStatus", approvals.status(id));
            } catch (io.listguard.lifecycle.VersionNotFoundException e) {
                return; // the page itself says it does not exist
            }
            model.addAttribute("schedules", schedules.list(id));
            model.addAttribute("events", events.of(id));
        }
    }
}
