package io.listguard.console;

import io.listguard.lifecycle.PolicyActivation;
import io.listguard.lifecycle.PolicyApprovals;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.lifecycle.ScheduledActivations;
import io.listguard.policy.DecisionTable;
import io.listguard.policy.DecisionTableReader;
import io.listguard.policy.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A policy version to file in the DPO's register: one printable page (A4, headers repeated, a page per workbook)
 * with the version's id, hash, author, approvals and activations, then every enabled rule of every workbook and DRL
 * file as a sentence in the reader's language, built from its row: where it is written (sheet and row), its
 * conditions as "label = value" with the labels of the workbook's own label row, what it does, its message, its
 * legal basis and its dates. Disabled rows are listed apart, without a sentence: they apply to nothing.
 */
@Controller
class PolicyPrint {

    /** One rule as printed: where it is written, the sentence, and what goes beside it. */
    record Rule(String where, int row, String sentence, String message, String legalRef, String ruleId, String confidence,
                String inForce) {
    }

    /** The rules of one table of a workbook sheet (or of one DRL file: sheet null), enabled and disabled apart. */
    record Part(String sheet, String table, List<Rule> rules, List<Rule> disabled) {
    }

    /** One file of the version with its digest and its parts. */
    record FilePart(String name, String sha256, boolean workbook, List<Part> parts) {

        int enabledRules() {
            return parts.stream().mapToInt(p -> p.rules().size()).sum();
        }
    }

    /** An activation of the version and the instant the next activation (of another version) ended it, or null. */
    record Period(PolicyActivation activation, Instant until) {
    }

    private static final Pattern CALL = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern DRL_RULE = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern DRL_META = Pattern.compile("^\\s*@([A-Za-z]+)\\s*\\(\\s*\"(.*)\"\\s*\\)\\s*$");
    private static final Pattern DRL_DISABLED = Pattern.compile("^\\s*enabled\\s+false\\b");
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final PolicyLifecycle lifecycle;
    private final PolicyApprovals approvals;
    private final ScheduledActivations schedules;
    private final MessageSource messages;

    PolicyPrint(PolicyLifecycle lifecycle, PolicyApprovals approvals, ScheduledActivations schedules, MessageSource messages) {
        this.lifecycle = lifecycle;
        this.approvals = approvals;
        this.schedules = schedules;
        this.messages = messages;
    }

    @GetMapping("/console/policies/versions/{id}/print")
    String print(@PathVariable String id, Model model) {
        PolicyVersion version = lifecycle.version(id);
        List<PolicyActivation> all = lifecycle.activations(); // newest first
        List<Period> periods = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).versionId().equals(id)) {
                periods.add(new Period(all.get(i), i == 0 ? null : all.get(i - 1).activatedAt()));
            }
        }
        List<PolicySource> sources = version.files().stream()
                .map(f -> new PolicySource(f.name(), lifecycle.file(id, f.name())))
                .filter(s -> s.kind() != PolicySource.Kind.SCENARIO).toList();
        List<FilePart> files = render(sources, messages, LocaleContextHolder.getLocale());
        version.files().forEach(stored -> files.replaceAll(f -> f.name().equals(stored.name())
                ? new FilePart(f.name(), stored.sha256(), f.workbook(), f.parts()) : f));
        model.addAttribute("version", version);
        model.addAttribute("active", !all.isEmpty() && all.get(0).versionId().equals(id));
        model.addAttribute("periods", periods);
        model.addAttribute("approvalStatus", approvals.status(id));
        model.addAttribute("schedules", schedules.list(id).stream().filter(s -> s.state() == ScheduledActivations.State.PENDING).toList());
        model.addAttribute("files", files);
        model.addAttribute("enabledRules", files.stream().mapToInt(FilePart::enabledRules).sum());
        model.addAttribute("printedAt", Instant.now());
        return "console/print";
    }

    /** Every rule of the workbooks and DRL files, in order, as sentences in the language of {@code locale}. */
    static List<FilePart> render(List<PolicySource> sources, MessageSource messages, Locale locale) {
        Texts texts = new Texts(messages, locale);
        List<FilePart> files = new ArrayList<>();
        for (PolicySource source : sources) {
            if (source.kind() == PolicySource.Kind.DECISION_TABLE) {
                List<DecisionTable> tables;
                try {
                    tables = DecisionTableReader.read(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<Part> parts = new ArrayList<>();
                for (DecisionTable table : tables) {
                    List<Rule> enabled = new ArrayList<>();
                    List<Rule> disabled = new ArrayList<>();
                    for (DecisionTable.DataRow row : table.rows()) {
                        (row.enabled(table.columns()) ? enabled : disabled).add(rule(table, row, texts));
                    }
                    parts.add(new Part(table.sheet(), table.tableName(), enabled, disabled));
                }
                files.add(new FilePart(source.name(), null, true, parts));
            } else if (source.kind() == PolicySource.Kind.DRL) {
                files.add(new FilePart(source.name(), null, false, List.of(drl(source, texts))));
            }
        }
        return files;
    }

    /** A workbook row as a sentence: its conditions (label = value), then what its actions do. */
    private static Rule rule(DecisionTable table, DecisionTable.DataRow row, Texts texts) {
        List<String> conditions = new ArrayList<>();
        List<String> declared = new ArrayList<>();
        String from = null;
        String until = null;
        String code = null;
        String severity = null;
        String exclude = null;
        String finding = null;
        String basis = null;
        String noConsentReason = null;
        String message = null;
        String messageFr = null;
        String legalRef = null;
        String legalRefFr = null;
        String ruleId = null;
        String confidence = null;
        for (DecisionTable.Column column : table.columns()) {
            Optional<String> cell = row.cell(column);
            if (cell.isEmpty() || cell.get().isBlank()) {
                continue;
            }
            String value = cell.get().strip();
            String template = column.templateText().strip();
            String name = call(template);
            switch (column.kindName()) {
                case "CONDITION" -> {
                    if (name.equals("endsOnOrAfter")) {
                        from = value;
                    } else if (name.equals("startsOnOrBefore")) {
                        until = value;
                    } else {
                        conditions.add(texts.get("print.pair", column.label(), value));
                    }
                }
                case "ACTION" -> {
                    if (template.startsWith("out.exclude(")) {
                        exclude = value;
                    } else if (template.startsWith("out.finding(")) {
                        finding = value;
                    } else if (template.startsWith("out.basis(")) {
                        basis = value;
                    } else {
                        declared.add(texts.get("print.pair", column.label(), value));
                    }
                }
                case "METADATA" -> {
                    switch (name) {
                        case "code" -> code = value;
                        case "severity" -> severity = value;
                        case "message" -> message = value;
                        case "messageFr" -> messageFr = value;
                        case "legalRef" -> legalRef = value;
                        case "legalRefFr" -> legalRefFr = value;
                        case "ruleId" -> ruleId = value;
                        case "confidence" -> confidence = value;
                        case "noConsentReason" -> noConsentReason = value;
                        default -> declared.add(texts.get("print.pair", column.label(), value));
                    }
                }
                default -> {
                    // ENABLED: read by DataRow.enabled; other kinds (PRIORITY...) say nothing to a reader
                }
            }
        }
        List<String> does = new ArrayList<>();
        if (basis != null) {
            does.add(noConsentReason == null ? texts.get("print.does.basis", basis) : texts.get("print.does.basisReason", basis, noConsentReason));
        }
        if (exclude != null) {
            does.add(yes(exclude) ? texts.get("print.does.exclude", orDash(code)) : texts.get("print.does.excludeNot", orDash(code)));
        }
        if (finding != null) {
            String level = severity == null ? "WARNING" : severity;
            does.add(yes(finding) ? texts.get("print.does.finding", orDash(code), texts.severity(level)) : texts.get("print.does.findingNot", orDash(code)));
        }
        if (!declared.isEmpty()) {
            does.add(texts.get("print.does.declares", String.join(texts.get("print.and"), declared)));
        }
        if (does.isEmpty()) {
            does.add(texts.get("print.does.nothing"));
        }
        String action = String.join(texts.get("print.then"), does);
        String sentence = conditions.isEmpty() ? texts.get("print.sentence.always", action)
                : texts.get("print.sentence.when", String.join(texts.get("print.and"), conditions), action);
        return new Rule(texts.get("print.where", table.sheet(), row.number()), row.number(), sentence,
                texts.french ? first(messageFr, message) : first(message, messageFr),
                texts.french ? first(legalRefFr, legalRef) : first(legalRef, legalRefFr),
                ruleId, confidence, texts.inForce(from, until));
    }

    /** The rules of a DRL file, each with its metadata (@ruleId, @code, @legalRef, @legalRefFr...). */
    private static Part drl(PolicySource source, Texts texts) {
        List<String> lines = new String(source.content(), StandardCharsets.UTF_8).lines().toList();
        List<Rule> enabled = new ArrayList<>();
        List<Rule> disabled = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher declaration = DRL_RULE.matcher(lines.get(i));
            if (!declaration.find()) {
                continue;
            }
            String name = declaration.group(1).replace("\\\"", "\"");
            java.util.Map<String, String> meta = new java.util.HashMap<>();
            boolean off = false;
            for (int j = i + 1; j < lines.size() && !lines.get(j).strip().startsWith("when") && !lines.get(j).strip().equals("end"); j++) {
                Matcher m = DRL_META.matcher(lines.get(j));
                if (m.matches()) {
                    meta.put(m.group(1), m.group(2).replace("\\\"", "\""));
                }
                off |= DRL_DISABLED.matcher(lines.get(j)).find();
            }
            String code = meta.get("code");
            String sentence = code == null ? texts.get("print.drl.sentence", name) : texts.get("print.drl.sentenceCode", name, code);
            Rule rule = new Rule(texts.get("print.where.drl", source.fileName(), name, i + 1), i + 1, sentence,
                    texts.french ? first(meta.get("messageFr"), meta.get("message")) : first(meta.get("message"), meta.get("messageFr")),
                    texts.french ? first(meta.get("legalRefFr"), meta.get("legalRef")) : first(meta.get("legalRef"), meta.get("legalRefFr")),
                    meta.get("ruleId"), meta.get("confidence"), texts.inForce(null, null));
            (off ? disabled : enabled).add(rule);
        }
        return new Part(null, null, enabled, disabled);
    }

    private static String call(String template) {
        Matcher m = CALL.matcher(template);
        return m.find() ? m.group(1) : "";
    }

    private static boolean yes(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        return v.equals("YES") || v.equals("OUI") || v.equals("TRUE");
    }

    private static String orDash(String code) {
        return code == null ? "—" : code;
    }

    private static String first(String preferred, String fallback) {
        return preferred != null && !preferred.isBlank() ? preferred : fallback;
    }

    /** The page's texts in one language. */
    private static final class Texts {

        final MessageSource messages;
        final Locale locale;
        final boolean french;

        Texts(MessageSource messages, Locale locale) {
            this.messages = messages;
            this.locale = locale;
            this.french = locale.getLanguage().equals("fr");
        }

        String get(String code, Object... args) {
            return messages.getMessage(code, args, locale);
        }

        String severity(String level) {
            return messages.getMessage("print.severity." + level.strip().toUpperCase(Locale.ROOT), null, level, locale);
        }

        String inForce(String from, String until) {
            if (from == null && until == null) {
                return get("print.inForce.always");
            }
            if (until == null) {
                return get("print.inForce.from", date(from));
            }
            return from == null ? get("print.inForce.until", date(until)) : get("print.inForce.between", date(from), date(until));
        }

        /** A date as the reader writes it: 22/06/2004 in French, 2004-06-22 in English; any other text as it is. */
        String date(String text) {
            try {
                LocalDate day = LocalDate.parse(text.strip());
                return french ? FRENCH_DATE.format(day) : day.toString();
            } catch (DateTimeParseException notIso) {
                return text;
            }
        }
    }
}
