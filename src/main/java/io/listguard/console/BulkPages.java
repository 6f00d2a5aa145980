package io.listguard.console;

import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.RecordsFormat;
import io.listguard.bulk.profiles.MappingProfiles;
import io.listguard.bulk.jobs.BulkJob;
import io.listguard.bulk.jobs.BulkJobs;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.UnknownOfferCategoryException;
import io.listguard.security.ConsoleUser;
import io.listguard.security.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.listguard.domain.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk jobs from the browser: start one from an uploaded file, watch its progress live (the page polls a small
 * JSON view of the job), download its verdicts and errors. A key sees the jobs it started; auditors and admins all.
 */
@Controller
class BulkPages {

    private static final int RECENT = 20;

    private final BulkJobs jobs;
    private final JsonMapper json;
    private final MappingProfiles profiles;
    private final ConsoleFormat fmt;
    private final org.springframework.context.MessageSource messages;

    BulkPages(BulkJobs jobs, JsonMapper json, MappingProfiles profiles, ConsoleFormat fmt, org.springframework.context.MessageSource messages) {
        this.fmt = fmt;
        this.messages = messages;
        this.jobs = jobs;
        this.json = json;
        this.profiles = profiles;
    }

    @GetMapping("/console/bulk")
    String list(Authentication caller, Model model, @RequestParam(name = "profile", required = false) String profile) {
        if (!model.containsAttribute("profile")) {
            model.addAttribute("profile", profile); // picked on the preview page
        }
        return list(caller, model);
    }

    private String list(Authentication caller, Model model) {
        model.addAttribute("jobs", jobs.recent(seesAll(caller) ? null : caller.getName(), RECENT));
        if (!model.containsAttribute("header")) {
            model.addAttribute("header", example());
        }
        model.addAttribute("profiles", profiles.list(null));
        return "console/bulk";
    }

    @PostMapping("/console/bulk")
    String submit(@RequestParam("header") String headerText, @RequestParam("records") MultipartFile records,
                  @RequestParam(name = "profile", required = false) String profile, Authentication caller,
                  Model model, jakarta.servlet.http.HttpServletResponse response, java.util.Locale locale) {
        model.addAttribute("header", headerText);
        model.addAttribute("profile", profile);
        String problem = null;
        try {
            BulkHeader header = withProfile(json.readValue(headerText, BulkHeader.class), Forms.blankToNull(profile));
            if (header == null || header.campaign() == null || header.file() == null) {
                problem = messages.getMessage("problem.campaignAndFile", null, locale);
            } else if (records.isEmpty()) {
                problem = messages.getMessage("bulk.noFile", null, locale);
            } else {
                try (InputStream in = records.getInputStream()) {
                    BulkJob job = jobs.submit(header, records.getOriginalFilename() == null ? "records.csv" : records.getOriginalFilename(), in,
                            caller.getName());
                    return "redirect:/console/bulk/" + job.id();
                }
            }
        } catch (JacksonException e) {
            Violation v = JsonErrors.describe(e);
            problem = v.located(locale);
        } catch (InvalidRequestException e) {
            problem = String.join("; ", e.violations().stream().map(v -> v.located(locale)).toList());
        } catch (UnknownOfferCategoryException e) {
            problem = messages.getMessage("problem.offerCategory", new Object[] {e.offerCategory(), String.join(", ", e.known())}, locale);
        } catch (BulkFormatException | io.listguard.bulk.UnknownCharsetException e) {
            problem = BulkFormatException.message(e, locale); // the reader's language: French unless they chose English
        } catch (io.listguard.bulk.profiles.ProfileRefusedException e) {
            problem = e.text(locale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatus(400);
        model.addAttribute("problem", problem);
        return list(caller, model);
    }

    @GetMapping("/console/bulk/{id}")
    String job(@PathVariable String id, Authentication caller, Model model) {
        BulkJob job = visible(id, caller);
        model.addAttribute("job", job);
        if (job.state() == BulkJob.State.COMPLETED) {
            jobs.resultJson(id).ifPresent(text -> {
                BulkJobs.BulkResult result = json.readValue(text, BulkJobs.BulkResult.class);
                model.addAttribute("result", result);
                model.addAttribute("bars", ResultView.bars(result.summary()));
            });
        }
        return "console/job";
    }

    /** The job's progress for the page's live view (JSON, same fields as the API's job). */
    @GetMapping(path = "/console/bulk/{id}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    BulkJob progress(@PathVariable String id, Authentication caller) {
        return visible(id, caller);
    }

    /**
     * A job's verdicts or rejected lines, as the reader's spreadsheet opens them: the job's file (RFC 4180, comma,
     * English headers, as the API hands it out) rewritten row by row, in French with ";" after a byte order mark,
     * French headers and "oui"/"non", in English with "," and English headers. Codes (reasons, legal bases, rule
     * names) stay as they are.
     */
    @GetMapping("/console/bulk/{id}/files/{name}")
    ResponseEntity<StreamingResponseBody> file(@PathVariable String id, @PathVariable String name, Authentication caller, java.util.Locale requested) {
        if (!List.of("records.csv", "errors.csv").contains(name)) {
            throw new ConsoleAdvice.NotFoundException("notFound.jobFileName", name);
        }
        visible(id, caller);
        Path path = jobs.file(id, name).orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.jobFile", id, name));
        java.util.Locale locale = ConsoleFormat.language(requested); // read now: the body is written on another thread
        boolean verdicts = name.equals("records.csv");
        StreamingResponseBody body = out -> {
            try (CsvReader<CsvRecord> reader = CsvReader.builder().allowMissingFields(true).allowExtraFields(true).ofCsvRecord(path)) {
                ConsoleFormat.Csv csv = fmt.csv(out, locale);
                boolean header = true;
                boolean codes = false;
                for (CsvRecord row : reader) {
                    List<String> cells = new ArrayList<>(row.getFields());
                    if (!verdicts && header) {
                        codes = cells.size() > 2 && io.listguard.bulk.RejectReasons.COLUMN.equals(cells.get(2));
                    }
                    if (!verdicts && codes) {
                        // a reason in the reader's language from its codes, which the file keeps in a third column
                        if (!header && cells.size() > 2) {
                            cells.set(1, io.listguard.bulk.RejectReasons.render(cells.get(1), cells.get(2), locale));
                        }
                        cells = new ArrayList<>(cells.subList(0, Math.min(2, cells.size())));
                    }
                    if (header) {
                        String prefix = verdicts ? "formats.csv.verdicts." : "formats.csv.errors.";
                        cells.replaceAll(c -> Messages.has(prefix + c) ? Messages.text(locale, prefix + c) : c);
                        header = false;
                    } else if (verdicts && cells.size() > 2 && ("true".equals(cells.get(2)) || "false".equals(cells.get(2)))) {
                        cells.set(2, fmt.yesNo(Boolean.parseBoolean(cells.get(2)), locale));
                    }
                    csv.row(cells);
                }
                csv.flush();
            }
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-" + name + "\"")
                .body(body);
    }

    private BulkJob visible(String id, Authentication caller) {
        return jobs.find(id).filter(j -> seesAll(caller) || j.caller().equals(caller.getName()))
                .orElseThrow(() -> new ConsoleAdvice.NotFoundException("notFound.job", id));
    }

    private static boolean seesAll(Authentication caller) {
        return caller.getPrincipal() instanceof ConsoleUser user && (user.may(Role.AUDITOR));
    }

    /** The profile picked in the list, unless the JSON names one itself (format.profile). */
    private static BulkHeader withProfile(BulkHeader header, String profile) {
        if (header == null || profile == null || (header.format() != null && header.format().profile() != null)) {
            return header;
        }
        RecordsFormat f = header.format();
        return new BulkHeader(header.campaign(), header.file(),
                f == null ? new RecordsFormat(null, null, profile, null) : new RecordsFormat(f.charset(), f.separator(), profile, f.absent(), f.sheet()));
    }

    /** The example request without its records: the campaign and file of a bulk job. */
    private String example() {
        try (InputStream in = new ClassPathResource("bundled/examples/evaluation-request.json").getInputStream()) {
            var tree = (tools.jackson.databind.node.ObjectNode) json.readTree(in);
            tree.remove("records");
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
