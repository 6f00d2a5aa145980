package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/legal-basis.md, the policy explained to a lawyer, matches the bundled policy as compiled: every rule id that
 * a workbook row or a DRL rule carries (its {@code ruleId} metadata, as {@link RuleOrigin}s give it) has an entry, a
 * heading {@code ### <id> — <title>}, that names the files and sheets encoding it and whose Status says whether it is
 * enabled; and every id the document lists is carried by some row or rule, unless its Status says "not encoded" and
 * why. The failure says which id, where it is encoded, and what to write where.
 */
class LegalBasisDocTest {

    static final Path DOC = Path.of("docs/legal-basis.md");
    private static final Pattern HEADING = Pattern.compile("^### (R\\d+[a-z]?|Q-[A-Z]+)\\b.*$");
    private static final Pattern STATUS = Pattern.compile("^- \\*\\*Status:\\*\\*\\s*(.*)$");

    /** One entry of the document: its id, the heading's line, its Status (lower case) and its whole text (spaces collapsed). */
    record Entry(String id, int line, String status, String text) {

        boolean notEncoded() {
            return status.startsWith("not encoded");
        }
    }

    @Test
    void everyRuleIdOfTheBundledPolicyIsExplainedAndEveryExplainedIdIsEncodedOrSaysWhyNot() throws IOException {
        List<String> problems = problems(carriedIds(BundledPolicy.evaluator().policy().origins().values()), entries(Files.readString(DOC)));
        assertThat(problems).as("docs/legal-basis.md against the bundled workbooks and rules/*.drl:\n  " + String.join("\n  ", problems))
                .isEmpty();
    }

    @Test
    void theCheckFindsAMissingIdAStaleNotEncodedAndAnUnencodedIdWithoutReason() {
        RuleOrigin encoded = new RuleOrigin("Records_14", "policies/record-rules.xlsx", "Enregistrements", 14, "B14", null, Map.of("ruleId", "R20"), true);
        RuleOrigin off = new RuleOrigin("Consent_17", "policies/record-rules.xlsx", "Consentement", 17, "B17", null, Map.of("ruleId", "R7"), false);
        RuleOrigin drl = new RuleOrigin("On the central suppression list", "rules/suppression.drl", null, null, null, 10, Map.of("ruleId", "R20"), true);
        RuleOrigin fresh = new RuleOrigin("Sector bans_16", "policies/campaign-obligations.xlsx", "Interdictions sectorielles", 16, "B16", null,
                Map.of("ruleId", "R23"), true);
        Map<String, List<RuleOrigin>> carried = carriedIds(List.of(encoded, off, drl, fresh));
        String doc = """
                ### R20 — Objection
                - **Status:** enabled
                - **Encoded in:** `policies/record-rules.xlsx`, sheet Enregistrements, row 14.
                ### R7 — One year
                - **Status:** enabled
                - **Encoded in:** `policies/record-rules.xlsx`, sheet Consentement, row 17.
                ### R23 — CPF
                - **Status:** not encoded — being added
                ### R8 — Nothing
                - **Status:** enabled
                ### R2 — Soft opt-in
                - **Status:** not encoded
                """;

        List<String> problems = problems(carried, entries(doc));

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("R20 ").contains("rules/suppression.drl")
                .contains("\"On the central suppression list\""));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("R7 ").contains("Status").contains("disabled"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("R23 ").contains("now encoded")
                .contains("policies/campaign-obligations.xlsx, sheet Interdictions sectorielles, row 16"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("R8 ").contains("no workbook row or DRL rule carries it")
                .contains("not encoded — <why>"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("R2 ").contains("say why"));
        assertThat(problems).hasSize(5);

        assertThat(problems(carriedIds(List.of(fresh)), entries(""))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("R23 ").contains("has no entry").contains("### R23 — "));
    }

    /** The rows and rules of the policy by the rule id they carry, in id order. */
    static Map<String, List<RuleOrigin>> carriedIds(Iterable<RuleOrigin> origins) {
        Map<String, List<RuleOrigin>> byId = new TreeMap<>();
        for (RuleOrigin origin : origins) {
            String id = origin.meta("ruleId");
            if (id != null && !id.isBlank()) {
                byId.computeIfAbsent(id.strip(), k -> new ArrayList<>()).add(origin);
            }
        }
        return byId;
    }

    /** The entries of the document, by id; an id listed twice is kept once (the first), and reported by {@link #problems}. */
    static Map<String, Entry> entries(String doc) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = doc.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher heading = HEADING.matcher(lines[i]);
            if (!heading.matches()) {
                continue;
            }
            StringBuilder text = new StringBuilder(lines[i]).append('\n');
            String status = null;
            for (int j = i + 1; j < lines.length && !lines[j].startsWith("### ") && !lines[j].startsWith("## "); j++) {
                text.append(lines[j]).append('\n');
                Matcher s = STATUS.matcher(lines[j]);
                if (status == null && s.matches()) {
                    status = s.group(1).strip().toLowerCase(Locale.ROOT);
                }
            }
            String id = heading.group(1);
            Entry entry = new Entry(id, i + 1, status, text.toString().replaceAll("\\s+", " "));
            if (entries.putIfAbsent(id, entry) != null) {
                entries.put(id + "#" + (i + 1), entry);
            }
        }
        return entries;
    }

    /** What does not match, one sentence per fault: the id first, then where it is encoded and what to write where. */
    static List<String> problems(Map<String, List<RuleOrigin>> carried, Map<String, Entry> entries) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<RuleOrigin>> id : carried.entrySet()) {
            List<RuleOrigin> rows = id.getValue();
            Entry entry = entries.get(id.getKey());
            long enabled = rows.stream().filter(RuleOrigin::enabled).count();
            String where = String.join("; ", rows.stream().map(o -> o.describe() + (o.enabled() ? "" : " (disabled)")).toList());
            if (entry == null) {
                problems.add(id.getKey() + " is carried by " + where + " but " + DOC + " has no entry: add a heading '### " + id.getKey()
                        + " — <title>' in the section of its area, with Text, Source (article, text, public URL), In force, Confidence, "
                        + "Status, Encoded in and Covered by, like the other entries");
                continue;
            }
            if (entry.status() == null) {
                problems.add(id.getKey() + " (line " + entry.line() + " of " + DOC + ") has no '- **Status:**' line: add one");
                continue;
            }
            if (entry.notEncoded()) {
                problems.add(id.getKey() + " is marked 'not encoded' (line " + entry.line() + " of " + DOC + ") but is now encoded in " + where
                        + ": set its Status to " + expectedStatus(enabled, rows.size()) + ", and its 'Encoded in' and 'Covered by' lines to these rows "
                        + "and their scenario and tests");
                continue;
            }
            String expected = expectedStatus(enabled, rows.size());
            if (!entry.status().startsWith(expected)) {
                problems.add(id.getKey() + " has the Status '" + entry.status() + "' (line " + entry.line() + " of " + DOC + ") but " + enabled
                        + " of its " + rows.size() + " rows are enabled (" + where + "): write '" + expected + "'"
                        + (enabled < rows.size() ? ", and say why the disabled rows are off" : ""));
            }
            for (RuleOrigin row : rows) {
                String named = row.fromSpreadsheet() ? "sheet " + row.sheet() : "\"" + row.ruleName() + "\"";
                if (!entry.text().contains(row.source()) || !entry.text().contains(named)) {
                    problems.add(id.getKey() + " is encoded in " + row.describe() + " but its entry (line " + entry.line() + " of " + DOC
                            + ") does not name it: add `" + row.source() + "`, " + named + " to its 'Encoded in' line");
                }
            }
        }
        for (Map.Entry<String, Entry> listed : entries.entrySet()) {
            Entry entry = listed.getValue();
            if (listed.getKey().contains("#") || carried.containsKey(entry.id())) {
                continue;
            }
            if (entry.status() == null || !entry.notEncoded()) {
                problems.add(entry.id() + " is listed at line " + entry.line() + " of " + DOC + " but no workbook row or DRL rule carries it: "
                        + "write its Status as 'not encoded — <why>' (and where it will be encoded), or remove the entry");
            } else if (entry.status().replaceFirst("^not encoded[\\s—–:-]*", "").length() < 10) {
                problems.add(entry.id() + " is marked 'not encoded' at line " + entry.line() + " of " + DOC + " without a reason: say why "
                        + "after the words 'not encoded — '");
            }
        }
        entries.keySet().stream().filter(k -> k.contains("#"))
                .forEach(k -> problems.add(k.substring(0, k.indexOf('#')) + " is listed twice in " + DOC + " (again at line "
                        + k.substring(k.indexOf('#') + 1) + "): keep one entry"));
        return problems;
    }

    private static String expectedStatus(long enabled, int rows) {
        return enabled == rows ? "enabled" : enabled == 0 ? "disabled" : "partly enabled";
    }
}
