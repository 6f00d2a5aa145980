package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.policy.BundledPolicies;
import io.listguard.policy.DecisionTable;
import io.listguard.policy.DecisionTableReader;
import io.listguard.policy.PolicySource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Issue 16 item 6, a policy you can file: the printable page of a version lists every enabled rule of its workbooks
 * and DRL files, in the reader's language, with the labels of each workbook's own label row, and its hash.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PolicyPrintTest {

    /** The English labels of the bundled workbooks' label rows (row 13) as they were in English. */
    private static final Set<String> ENGLISH_LABELS = Set.of(
            "Attempts per person per 30 days above",
            "Bloctel scrub older than (days) on the campaign's last day",
            "Call attempts in the last 30 days, at least",
            "Caller number declared",
            "Caller number masked",
            "Caller number outside these prefixes",
            "Calling windows declared",
            "Calls on a national public holiday",
            "Calls on a public holiday (national or local)",
            "Calls on any of these days",
            "Calls on local days other than",
            "Calls on public holidays",
            "Calls outside the slots only people who agreed",
            "Calls outside these local hours",
            "Calls within these hours",
            "Campaign calls only on these days (its own zone)",
            "Campaign plans at most (attempts per person per 30 days)",
            "Campaign's windows inside these hours (its own zone)",
            "Certification ends before the campaign does",
            "Channel(s)",
            "Confidence",
            "Consent given only after the campaign's first day",
            "Consent older than (months) on the campaign's last day",
            "Consent passed on more than (hops)",
            "Consent recorded for the channel",
            "Contract claimed, renter not stated as its party",
            "Contract in progress related to the offer",
            "Count at most",
            "Currency",
            "Date the file was received known",
            "Day (MM-DD or EASTER+N)",
            "Départements (blank: all of France)",
            "Every calling day is a local public holiday",
            "Except offer categories",
            "Exclude the record",
            "Exclusion code when consent is missing",
            "File holds personal data",
            "In force from (YYYY-MM-DD)",
            "In force until (YYYY-MM-DD)",
            "Individual proof recorded",
            "Label",
            "Legal basis",
            "Legal reference",
            "Legal source",
            "Measure",
            "No contact from the person for more than (years)",
            "Number on Bloctel",
            "Objected during a call",
            "Offer categories",
            "Offer category",
            "Offer related to the person's job",
            "On the liste orange",
            "Opt-out mechanism(s)",
            "Parent consented too",
            "Past and planned attempts in 30 days above",
            "Person agreed to calls outside the slots",
            "Person objected",
            "Person younger than (years) when consenting",
            "Person's segment",
            "Persons not informed within (months) of receipt",
            "Price per thousand above",
            "Price per thousand below",
            "Provider holds none of these certifications",
            "Provider offers as proof",
            "Public holidays declared",
            "Raise finding",
            "Record kind(s)",
            "Refused a call less than (days) before the campaign",
            "Related job functions",
            "Renter named when the person consented",
            "Rule",
            "Sender identified",
            "Severity",
            "Share of records above (%)",
            "Source of the data disclosed",
            "Valid email address",
            "Valid mobile number",
            "Valid phone number",
            "Valid postal address",
            "When the legal basis is");

    private static final Pattern DATA_RULE = Pattern.compile("data-rule=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    PolicyLifecycle lifecycle;
    @Autowired
    MessageSource messages;
    ConsoleSession admin;

    @BeforeEach
    void signIn() {
        admin = ConsoleSession.signIn(port, "Alice", ConsolePagesTest.ADMIN);
    }

    @Test
    void theBundledVersionPrintsEveryEnabledRowWithItsLabelsLegalBasisAndHash() throws Exception {
        PolicyVersion v1 = lifecycle.version("v1");
        assertThat(admin.get("/console/policies/versions/v1").body()).contains("/console/policies/versions/v1/print");
        ConsoleSession.Page page = admin.get("/console/policies/versions/v1/print?lang=fr");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("<html lang=\"fr\">").contains("id=\"print-hash\">" + v1.hash() + "<")
                .contains("id=\"print-author\">" + esc(v1.author()) + "<")
                .contains("Les lignes désactivées").contains("ligne");

        // every enabled row of every bundled workbook, counted from the model, and nothing else from the workbooks
        List<String> expected = new ArrayList<>();
        int disabled = 0;
        for (PolicySource source : BundledPolicies.load().sources()) {
            if (source.kind() != PolicySource.Kind.DECISION_TABLE) {
                continue;
            }
            for (DecisionTable table : DecisionTableReader.read(source)) {
                boolean french = table.columns().stream().noneMatch(c -> ENGLISH_LABELS.contains(c.label()));
                for (DecisionTable.DataRow row : table.rows()) {
                    if (!row.enabled(table.columns())) {
                        disabled++;
                        continue;
                    }
                    expected.add(source.name() + "#" + table.sheet() + "#" + row.number());
                    String section = section(body, source.name() + "#" + table.sheet() + "#" + row.number());
                    assertThat(section).contains(esc(table.sheet() + ", ligne " + row.number()));
                    for (DecisionTable.Column column : table.columns()) {
                        String value = row.cell(column).map(String::strip).orElse("");
                        String template = column.templateText();
                        if (column.kindName().equals("CONDITION") && !value.isEmpty()
                                && !template.contains("endsOnOrAfter") && !template.contains("startsOnOrBefore")) {
                            assertThat(section).as(source.name() + " " + row.address(column)).contains(esc(column.label() + " = " + value));
                        }
                    }
                    String legal = legal(table, row);
                    if (legal != null) {
                        assertThat(section).contains(esc(legal));
                    }
                    if (french) { // a French-labelled workbook: none of the English labels
                        for (String english : ENGLISH_LABELS) {
                            assertThat(section).doesNotContain(esc(english + " = "));
                        }
                    }
                }
            }
        }
        assertThat(disabled).as("the bundled workbooks have disabled rows, listed apart").isPositive();
        List<String> printed = new ArrayList<>();
        Matcher m = DATA_RULE.matcher(body);
        while (m.find()) {
            printed.add(HtmlUtils.htmlUnescape(m.group(1)));
        }
        List<String> printedWorkbookRows = printed.stream().filter(r -> r.startsWith("policies/")).toList();
        assertThat(printedWorkbookRows).containsExactlyInAnyOrderElementsOf(expected);
        long drlRules = BundledPolicies.load().sources().stream().filter(s -> s.kind() == PolicySource.Kind.DRL)
                .mapToLong(s -> new String(s.content(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("rule \"")).count()).sum();
        assertThat(printed.stream().filter(r -> r.startsWith("rules/")).count()).isEqualTo(drlRules);
        assertThat(body).contains("id=\"print-count\">Règles en vigueur : " + printed.size() + "<");

        ConsoleSession.Page english = admin.get("/console/policies/versions/v1/print?lang=en");
        assertThat(english.body()).contains("<html lang=\"en\">").contains(", row ").contains(v1.hash()).doesNotContain(", ligne ");
        admin.get("/console?lang=fr");
    }

    @Test
    void aFrenchLabelledWorkbookPrintsItsOwnLabelsAndItsFrenchLegalReference() throws Exception {
        PolicySource original = BundledPolicies.load().source("policies/record-rules.xlsx").orElseThrow();
        PolicySource relabelled = frenchLabels(original);
        List<PolicyPrint.FilePart> files = PolicyPrint.render(List.of(relabelled), messages, Locale.FRENCH);
        String printed = files.toString();
        List<DecisionTable> tables = DecisionTableReader.read(relabelled);
        int enabled = 0;
        for (DecisionTable table : tables) {
            for (DecisionTable.Column column : table.columns()) {
                assertThat(column.label()).startsWith("Libellé ");
            }
            enabled += (int) table.rows().stream().filter(r -> r.enabled(table.columns())).count();
        }
        assertThat(files.get(0).enabledRules()).isEqualTo(enabled);
        for (String english : ENGLISH_LABELS) {
            assertThat(printed).doesNotContain(english + " = ");
        }
        assertThat(printed).contains("Libellé H = OUI").contains("l’enregistrement est exclu, motif OPTED_OUT")
                .contains("Référence française de la ligne 14").doesNotContain("GDPR art. 21(2)-(3): an objection to direct marketing is absolute");
        // in English the English reference stays
        assertThat(PolicyPrint.render(List.of(relabelled), messages, Locale.ENGLISH).toString())
                .contains("GDPR art. 21(2)-(3): an objection to direct marketing is absolute").contains("the record is excluded, reason OPTED_OUT");
    }

    /** The workbook with every label of its label rows in "French", and a legalRefFr column on its first sheet's table. */
    private static PolicySource frenchLabels(PolicySource source) throws Exception {
        List<DecisionTable> tables = DecisionTableReader.read(source);
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(source.content()))) {
            for (DecisionTable table : tables) {
                Sheet sheet = workbook.getSheet(table.sheet());
                int labelRow = Integer.parseInt(table.tableCell().replaceAll("[A-Z]", "")) + 3; // 0-based row of the labels
                Row labels = sheet.getRow(labelRow);
                for (DecisionTable.Column column : table.columns()) {
                    labels.getCell(column.index()).setCellValue("Libellé " + column.letter());
                }
            }
            DecisionTable first = tables.get(0);
            int tableRow = Integer.parseInt(first.tableCell().replaceAll("[A-Z]", "")) - 1;
            int extra = first.columns().get(first.columns().size() - 1).index() + 1;
            Sheet sheet = workbook.getSheet(first.sheet());
            sheet.getRow(tableRow + 1).createCell(extra).setCellValue("METADATA");
            sheet.getRow(tableRow + 3).createCell(extra).setCellValue("legalRefFr(\"$param\")");
            sheet.getRow(tableRow + 4).createCell(extra).setCellValue("Libellé " + org.apache.poi.ss.util.CellReference.convertNumToColString(extra));
            for (DecisionTable.DataRow row : first.rows()) {
                sheet.getRow(row.number() - 1).createCell(extra).setCellValue("Référence française de la ligne " + row.number());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return new PolicySource(source.name(), out.toByteArray());
        }
    }

    /** The French legal reference of a row when it has one, else the English. */
    private static String legal(DecisionTable table, DecisionTable.DataRow row) {
        String english = null;
        for (DecisionTable.Column column : table.columns()) {
            String value = row.cell(column).map(String::strip).orElse(null);
            if (value != null && column.templateText().strip().startsWith("legalRefFr(")) {
                return value;
            }
            if (value != null && column.templateText().strip().startsWith("legalRef(")) {
                english = value;
            }
        }
        return english;
    }

    /** As Thymeleaf escapes text in UTF-8: only the markup characters. */
    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    /** The printed row of a rule, from its data-rule attribute to the end of its table row. */
    private static String section(String body, String rule) {
        int start = body.indexOf("data-rule=\"" + esc(rule) + "\"");
        assertThat(start).as("printed row " + rule).isNotNegative();
        return body.substring(start, body.indexOf("</tr>", start));
    }
}
