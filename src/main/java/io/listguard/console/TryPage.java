package io.listguard.console;

import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.ParsedLine;
import io.listguard.bulk.RecordSource;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.Violation;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.TooManyRecordsException;
import io.listguard.evaluation.UnknownOfferCategoryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Try it": evaluate a campaign and a small file by hand, as a compliance officer checks a policy change. The
 * request is pasted as JSON; a CSV file, when given, supplies the records (in the bulk CSV format). The evaluation
 * is a real one, audited like any other; the answer is shown whole.
 */
@Controller
class TryPage {

    /** Try-it answers are shown whole on one page; files past this size belong to bulk jobs. */
    static final int MAX_SHOWN = 1000;

    private final EvaluationService evaluations;
    private final JsonMapper json;
    private final org.springframework.context.MessageSource messages;

    TryPage(EvaluationService evaluations, JsonMapper json, org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.evaluations = evaluations;
        this.json = json;
    }

    @GetMapping("/console/try")
    String form(Model model) {
        model.addAttribute("request", example("bundled/examples/evaluation-request.json"));
        model.addAttribute("csvExample", example("bundled/examples/records.csv"));
        return "console/try";
    }

    @PostMapping("/console/try")
    String evaluate(@RequestParam("request") String requestText, @RequestParam(name = "records", required = false) MultipartFile records,
                    Principal caller, Model model, jakarta.servlet.http.HttpServletResponse response, java.util.Locale locale) {
        model.addAttribute("request", requestText);
        model.addAttribute("csvExample", example("bundled/examples/records.csv"));
        List<Violation> problems = new ArrayList<>();
        EvaluationRequest request = parse(requestText, problems, locale);
        if (request != null && records != null && !records.isEmpty()) {
            List<String> warnings = new ArrayList<>();
            request = new EvaluationRequest(request.campaign(), request.file(), csvRecords(records, problems, warnings, locale));
            model.addAttribute("warnings", warnings);
        }
        if (request != null && problems.isEmpty()) {
            try {
                EvaluationResult result = evaluations.evaluate(request, caller.getName());
                model.addAttribute("view", ResultView.of(result, 0, 0, MAX_SHOWN, false));
                model.addAttribute("maxShown", MAX_SHOWN);
                return "console/try";
            } catch (InvalidRequestException e) {
                problems.addAll(e.violations());
            } catch (UnknownOfferCategoryException e) {
                problems.add(new Violation("campaign.offerCategory", messages.getMessage("problem.offerCategory",
                        new Object[] {e.offerCategory(), String.join(", ", e.known())}, locale)));
            } catch (TooManyRecordsException e) {
                problems.add(new Violation("records", messages.getMessage("try.tooMany", new Object[] {e.received(), e.limit()}, locale)));
            }
        }
        response.setStatus(400);
        model.addAttribute("problems", problems);
        return "console/try";
    }

    private EvaluationRequest parse(String text, List<Violation> problems, java.util.Locale locale) {
        try {
            EvaluationRequest request = json.readValue(text, EvaluationRequest.class);
            if (request == null || request.campaign() == null || request.file() == null) {
                problems.add(new Violation("$", messages.getMessage("problem.campaignAndFile", null, locale)));
                return null;
            }
            return request;
        } catch (JacksonException e) {
            problems.add(JsonErrors.describe(e));
            return null;
        }
    }

    /** The valid lines of the CSV; each rejected line is a problem naming its line number (nothing is evaluated then). */
    private List<ProspectRecord> csvRecords(MultipartFile file, List<Violation> problems, List<String> warnings, java.util.Locale locale) {
        List<ProspectRecord> records = new ArrayList<>();
        try (InputStream in = file.getInputStream(); RecordSource source = RecordSource.open(in, RecordSource.Format.CSV)) {
            for (ParsedLine line = source.next(); line != null; line = source.next()) {
                if (line.rejected()) {
                    problems.add(new Violation(messages.getMessage("try.recordsLine", new Object[] {String.valueOf(line.line())}, locale), line.error(locale)));
                } else {
                    records.add(line.record());
                }
            }
            warnings.addAll(source.warnings(locale));
        } catch (BulkFormatException e) {
            problems.add(new Violation("records", e.message(locale)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static String example(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
