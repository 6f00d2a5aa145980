package io.listguard.console;

import io.listguard.audit.AuditExport;
import io.listguard.audit.AuditQuery;
import io.listguard.audit.AuditTrail;
import io.listguard.domain.Decision;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.suppression.Suppressions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.listguard.domain.Messages;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Past evaluations for auditors: a search and its export, an evaluation with its findings, verdicts and trace, one
 * record's explanation, and the evaluations that included a person (a data subject's request).
 */
@Controller
class EvaluationPages {

    private final AuditTrail trail;
    private final AuditExport export;
    private final io.listguard.audit.SubjectRights rights;
    private final Suppressions suppressions;
    private final ConsoleProperties properties;
    private final ConsoleFormat fmt;

    EvaluationPages(AuditTrail trail, AuditExport export, io.listguard.audit.SubjectRights rights, Suppressions suppressions, ConsoleProperties properties,
                    ConsoleFormat fmt) {
        this.fmt = fmt;
        this.trail = trail;
        this.export = export;
        this.rights = rights;
        this.suppressions = suppressions;
        this.properties = properties;
    }

    @GetMapping("/console/evaluations")
    String search(@RequestParam(required = false) String campaignId, @RequestParam(required = false) String fileId,
                  @RequestParam(required = false) Decision decision, @RequestParam(required = false) String code,
                  @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        AuditQuery query = query(campaignId, fileId, decision, code, from, to);
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

    /** The columns of the console's CSV export of a search (their headers are formats.csv.evaluations.*). */
    static final List<String> EXPORT_COLUMNS = List.of("id", "evaluatedAt", "caller", "campaignId", "fileId", "policyVersion", "policyHash",
            "decision", "total", "contactable", "excluded", "codes");

    /**
     * The search as CSV or JSON lines, streamed. JSON lines are the API's export; CSV is written for the reader's
     * spreadsheet: in French separated by ";" after a byte order mark, with French headers and times in the console's
     * zone (the API's CSV stays as it is, comma-separated with ISO instants).
     */
    @GetMapping("/console/evaluations/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String campaignId,
                                                 @RequestParam(required = false) String fileId, @RequestParam(required = false) Decision decision,
                                                 @RequestParam(required = false) String code, @RequestParam(required = false) LocalDate from,
                                                 @RequestParam(required = false) LocalDate to, Locale requested) {
        AuditExport.Format chosen = AuditExport.Format.of(format);
        AuditQuery query = query(campaignId, fileId, decision, code, from, to);
        Locale locale = ConsoleFormat.language(requested); // read now: the body is written on another thread
        StreamingResponseBody body = chosen == AuditExport.Format.CSV ? out -> {
            ConsoleFormat.Csv csv = fmt.csv(out, locale);
            List<String> header = new ArrayList<>(ConsoleFormat.header(locale, "formats.csv.evaluations.", EXPORT_COLUMNS));
            header.set(1, Messages.text(locale, "formats.csv.evaluations.evaluatedAt", fmt.zoneName(locale)));
            csv.row(header);
            trail.stream(query, e -> csv.row(e.id(), fmt.time(e.evaluatedAt(), locale), e.caller(), e.campaignId(), e.fileId(), e.policyVersionId(),
                    e.policyHash(), e.decision(), String.valueOf(e.total()), String.valueOf(e.contactable()), String.valueOf(e.excluded()),
                    String.join("|", e.codes())));
            csv.flush();
        } : out -> export.write(query, chosen, out);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(chosen.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + chosen.fileName() + "\"").body(body);
    }

    /**
     * A data subject's request: every evaluation that included an email address or a phone number, and whether it (or a
     * postal address, which the audit trail does not index) is on the central suppression list. Posted, so that
     * the identifier stays out of URLs, browser history and access logs; it is hashed at once and kept nowhere.
     */
    @PostMapping("/console/evaluations/lookup")
    String lookup(@RequestParam(required = false) String email, @RequestParam(required = false) String phone,
                  @RequestParam(required = false) String address, Model model) {
        String e = Forms.blankToNull(email);
        String p = Forms.blankToNull(phone);
        String a = Forms.blankToNull(address);
        if ((e != null ? 1 : 0) + (p != null ? 1 : 0) + (a != null ? 1 : 0) != 1) {
            model.addAttribute("problem", true);
        } else if (a != null) {
            // the audit trail does not index postal addresses: only the suppression list (R20) is searched by them
            model.addAttribute("kind", "address");
            model.addAttribute("suppression", suppressions.find(Suppressions.Kind.ADDRESS, a).orElse(null));
        } else {
            // the first page of the person's rows (the data-subject rights page, /console/rights, shows them all)
            model.addAttribute("appearances", rights.lookup(rights.subject(e, p, null), 0, io.listguard.audit.SubjectRights.MAX_PAGE_SIZE).items());
            model.addAttribute("kind", e != null ? "email" : "phone");
            // and whether the person's objection is on the central suppression list (R20)
            model.addAttribute("suppression", suppressions.find(e != null ? Suppressions.Kind.EMAIL : Suppressions.Kind.PHONE, e != null ? e : p).orElse(null));
        }
        return "console/lookup";
    }

    @GetMapping("/console/evaluations/{id}")
    String evaluation(@PathVariable String id, @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "0") int tracePage,
                      @RequestParam(defaultValue = "false") boolean excludedOnly, Model model) {
        EvaluationResult result = trail.find(id)
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.evaluation", id));
        model.addAttribute("view", ResultView.of(result, page, tracePage, properties.pageSize(), excludedOnly));
        return "console/evaluation";
    }

    @GetMapping("/console/evaluations/{id}/records/{recordId}")
    String record(@PathVariable String id, @PathVariable String recordId, Model model) {
        model.addAttribute("explanation", trail.explain(id, recordId)
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.record", recordId, id)));
        return "console/record";
    }

    private AuditQuery query(String campaignId, String fileId, Decision decision, String code, LocalDate from, LocalDate to) {
        return new AuditQuery(Forms.blankToNull(campaignId), Forms.blankToNull(fileId), decision == null ? null : decision.name(),
                Forms.blankToNull(code),
                from == null ? null : fmt.startOf(from),
                to == null ? null : fmt.startOf(to.plusDays(1))); // days of the console's zone; "to" is inclusive on the form
    }

}
