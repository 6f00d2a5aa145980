package io.listguard.console;

import io.listguard.audit.AuditQuery;
import io.listguard.audit.AuditTrail;
import io.listguard.domain.Decision;
import io.listguard.evaluation.EvaluationResult;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Past evaluations for auditors: a search, an evaluation with its findings, verdicts and trace, one record's explanation. */
@Controller
class EvaluationPages {

    private final AuditTrail trail;
    private final ConsoleProperties properties;

    EvaluationPages(AuditTrail trail, ConsoleProperties properties) {
        this.trail = trail;
        this.properties = properties;
    }

    @GetMapping("/console/evaluations")
    String search(@RequestParam(required = false) String campaignId, @RequestParam(required = false) String fileId,
                  @RequestParam(required = false) Decision decision, @RequestParam(required = false) String code,
                  @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        AuditQuery query = new AuditQuery(blankToNull(campaignId), blankToNull(fileId), decision == null ? null : decision.name(),
                blankToNull(code), from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC),
                to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)); // "to" is inclusive on the form
        AuditTrail.Page found = trail.search(query, Math.max(0, page), properties.pageSize());
        model.addAttribute("found", found);
        model.addAttribute("pages", Math.max(1, (found.total() + found.size() - 1) / found.size()));
        model.addAttribute("decisions", Decision.values());
        model.addAttribute("campaignId", campaignId);
        model.addAttribute("fileId", fileId);
        model.addAttribute("decision", decision);
        model.addAttribute("code", code);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "console/evaluations";
    }

    @GetMapping("/console/evaluations/{id}")
    String evaluation(@PathVariable String id, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "0") int tracePage,
                      @RequestParam(defaultValue = "false") boolean excludedOnly, Model model) {
        EvaluationResult result = trail.find(id)
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("no evaluation " + id + " (never made, or purged after the retention period)"));
        model.addAttribute("view", ResultView.of(result, page, tracePage, properties.pageSize(), excludedOnly));
        return "console/evaluation";
    }

    @GetMapping("/console/evaluations/{id}/records/{recordId}")
    String record(@PathVariable String id, @PathVariable String recordId, Model model) {
        model.addAttribute("explanation", trail.explain(id, recordId)
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("no record " + recordId + " in evaluation " + id)));
        return "console/record";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
