package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.domain.Audience;
import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A whole file through the bulk path: nothing lost, input order kept, and the same verdicts as the synchronous API. */
class BulkEvaluationTest {

    static final EvaluationRequest HEADER = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"));
    static final long RECORDS = 20_000;

    static byte[] file;
    static long malformed;
    static Run big;

    /** The files a run wrote, and what its sinks were told, in the order they were told. */
    record Run(BulkEvaluation.Result result, byte[] verdicts, byte[] errors, List<Long> verdictLines, List<RecordVerdict> verdictList,
               List<Long> rejectLines, List<long[]> progress) {

        List<String> verdictRows() {
            return rows(verdicts, VerdictFiles.VERDICT_HEADER);
        }

        List<String> errorRows() {
            return rows(errors, VerdictFiles.ERROR_HEADER);
        }

        private static List<String> rows(byte[] bytes, String header) {
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            assertThat(lines.get(0)).isEqualTo(header);
            return lines.subList(1, lines.size());
        }
    }

    static Run run(byte[] input, int batchSize, int workers) {
        return run(input, batchSize, workers, HEADER.campaign(), HEADER.file());
    }

    static Run run(byte[] input, int batchSize, int workers, Campaign campaign, RentedFile rented) {
        ByteArrayOutputStream verdicts = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<Long> verdictLines = new ArrayList<>();
        List<RecordVerdict> verdictList = new ArrayList<>();
        List<Long> rejectLines = new ArrayList<>();
        List<long[]> progress = new ArrayList<>();
        BulkEvaluation.Result result;
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(input), RecordSource.Format.CSV);
             VerdictFiles files = new VerdictFiles(verdicts, errors)) {
            result = new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, batchSize, workers).run(campaign, rented, source,
                    (line, verdict, rules) -> {
                        verdictLines.add(line);
                        verdictList.add(verdict);
                        files.write(line, verdict, rules);
                    },
                    (line, reason) -> {
                        rejectLines.add(line);
                        files.write(line, reason);
                    },
                    (read, evaluated, rejected) -> progress.add(new long[] {read, evaluated, rejected}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Run(result, verdicts.toByteArray(), errors.toByteArray(), verdictLines, verdictList, rejectLines, progress);
    }

    static byte[] synthetic(long records, long seed, long[] malformedOut) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            malformedOut[0] = SyntheticFile.write(out, records, seed);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void evaluateTheBigFile() {
        long[] bad = new long[1];
        file = synthetic(RECORDS, 7, bad);
        malformed = bad[0];
        big = run(file, 500, 2);
    }

    /** Splits one CSV row written by {@link VerdictFiles} (double quotes around fields holding a comma). */
    static List<String> fields(String row) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    static List<Long> lineNumbers(List<String> rows) {
        return rows.stream().map(r -> Long.parseLong(r.substring(0, r.indexOf(',')))).toList();
    }

    @Test
    void verdictsAndRejectionsComeOutInInputOrderWhateverTheWorkers() {
        List<Long> verdictLines = lineNumbers(big.verdictRows());
        List<Long> errorLines = lineNumbers(big.errorRows());

        assertThat(verdictLines).isSorted().doesNotHaveDuplicates().isEqualTo(big.verdictLines());
        assertThat(errorLines).isSorted().doesNotHaveDuplicates().isEqualTo(big.rejectLines());
        // the record on line n of the synthetic file is p(n-1): the verdict of each line is that line's record's
        assertThat(big.verdictRows()).allSatisfy(row -> {
            List<String> f = fields(row);
            assertThat(f.get(1)).isEqualTo("p" + (Long.parseLong(f.get(0)) - 1));
        });
    }

    @Test
    void everyInputLineIsInExactlyOneOfTheTwoFiles() {
        List<Long> verdictLines = lineNumbers(big.verdictRows());
        List<Long> errorLines = lineNumbers(big.errorRows());
        Set<Long> all = new HashSet<>(verdictLines);
        all.addAll(errorLines);

        assertThat(verdictLines.size() + errorLines.size()).isEqualTo(RECORDS);
        assertThat(all).as("no line in both files, none missing")
                .isEqualTo(LongStream.rangeClosed(2, RECORDS + 1).boxed().collect(Collectors.toSet()));
    }

    @Test
    void totalsAddUpToTheLinesOfTheFile() {
        BulkEvaluation.Totals t = big.result().totals();
        long fileLines = new String(file, StandardCharsets.UTF_8).lines().count();

        assertThat(t.linesRead()).isEqualTo(fileLines - 1).isEqualTo(RECORDS);
        assertThat(t.linesRead()).isEqualTo(t.contactable() + t.excluded() + t.rejected());
        assertThat(t.addsUp()).isTrue();
        assertThat(t.rejected()).isEqualTo(malformed).isPositive();
        assertThat(big.errorRows()).hasSize((int) malformed);
        assertThat(t.evaluated()).isEqualTo(big.verdictRows().size()).isEqualTo(t.contactable() + t.excluded());
        assertThat(t.contactable()).isPositive().isEqualTo(big.verdictList().stream().filter(RecordVerdict::contactable).count());
        assertThat(t.excluded()).isPositive();
        assertThat(big.result().summary().total()).isEqualTo(t.evaluated());
        assertThat(big.result().summary().contactable()).isEqualTo(t.contactable());
        assertThat(big.result().decision()).isNotNull();
        assertThat(big.result().warnings()).isEmpty();
        assertThat(big.result().finishedAt()).isAfterOrEqualTo(big.result().startedAt());
    }

    @Test
    void progressIsToldAfterEveryBatchAndEndsAtTheTotals() {
        BulkEvaluation.Totals t = big.result().totals();

        assertThat(big.progress()).isNotEmpty();
        long[] last = big.progress().get(big.progress().size() - 1);
        assertThat(last).containsExactly(t.linesRead(), t.evaluated(), t.rejected());
        for (int i = 1; i < big.progress().size(); i++) {
            assertThat(big.progress().get(i)[1]).isGreaterThan(big.progress().get(i - 1)[1]);
        }
    }

    @Test
    void rejectedLinesSayWhy() {
        assertThat(big.errorRows()).allSatisfy(row -> assertThat(fields(row)).hasSize(2));
        assertThat(big.errorRows().stream().map(r -> fields(r).get(1)).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "birth_date: ’1980-02-30’ is not a valid date (YYYY-MM-DD)",
                "6 columns where the header has 21",
                "kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
    }

    @Test
    void verdictsAreTheSameAsTheSynchronousEvaluationOfTheSameRecords() throws IOException {
        long[] bad = new long[1];
        byte[] small = synthetic(3_000, 11, bad);
        List<ProspectRecord> valid = validRecords(small);
        List<RecordVerdict> sync = new ArrayList<>();
        for (int from = 0; from < valid.size(); from += 1_000) {
            EvaluationResult result = BundledPolicy.evaluator().evaluate(
                    new EvaluationRequest(HEADER.campaign(), HEADER.file(), valid.subList(from, Math.min(valid.size(), from + 1_000))));
            sync.addAll(result.records());
        }

        Run bulk = run(small, 128, 3);

        assertThat(valid).hasSize((int) (3_000 - bad[0]));
        assertThat(bulk.verdictList()).hasSameSizeAs(sync);
        assertThat(bulk.verdictList()).extracting(RecordVerdict::id).containsExactlyElementsOf(valid.stream().map(ProspectRecord::id).toList());
        assertThat(bulk.verdictList()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(sync);
        assertThat(sync).anyMatch(RecordVerdict::contactable).anyMatch(v -> !v.contactable());
        // the verdicts file says the same as the verdicts
        List<String> rows = bulk.verdictRows();
        for (int i = 0; i < rows.size(); i++) {
            List<String> f = fields(rows.get(i));
            RecordVerdict v = sync.get(i);
            assertThat(f.subList(1, 5)).as(rows.get(i)).containsExactly(v.id(), Boolean.toString(v.contactable()), String.join("|", v.reasons()),
                    v.legalBases().stream().map(Enum::name).collect(Collectors.joining("|")));
        }
    }

    @Test
    void theSummaryAndDecisionAreThoseOfTheSynchronousEvaluationOfTheWholeFile() throws IOException {
        long[] bad = new long[1];
        byte[] small = synthetic(2_500, 5, bad);
        List<ProspectRecord> valid = validRecords(small);
        EvaluationResult sync = BundledPolicy.evaluator().evaluate(new EvaluationRequest(HEADER.campaign(), HEADER.file(), valid));

        Run bulk = run(small, 300, 2);

        assertThat(bulk.result().decision()).isEqualTo(sync.decision());
        assertThat(bulk.result().summary()).isEqualTo(sync.summary());
        assertThat(bulk.result().findings()).extracting("code").containsExactlyElementsOf(sync.findings().stream().map(f -> f.code()).toList());
    }

    private static final Pattern SHEET_ROW = Pattern.compile("[a-z-]+\\.xlsx:[\\p{L} ]+:\\d+");

    @Test
    void decidingRulesNameTheSpreadsheetRows() {
        List<List<String>> rules = big.verdictRows().stream().map(r -> fields(r).get(5)).filter(s -> !s.isEmpty())
                .map(s -> List.of(s.split("\\|"))).toList();

        assertThat(rules).isNotEmpty();
        assertThat(rules.stream().flatMap(List::stream)).anyMatch(r -> r.matches("consent-regime\\.xlsx:Régime:\\d+"));
        assertThat(rules.stream().flatMap(List::stream)).allSatisfy(r -> assertThat(r).satisfiesAnyOf(
                x -> assertThat(x).matches(SHEET_ROW),
                x -> assertThat(x).matches("[a-z-]+\\.drl:.+")));
        // every excluded record names at least one rule that decided it
        assertThat(big.verdictRows()).filteredOn(r -> fields(r).get(2).equals("false"))
                .allSatisfy(r -> assertThat(fields(r).get(5)).as(r).isNotEmpty());
    }

    @Test
    void oneWorkerAndThreeWorkersWriteByteIdenticalFiles() {
        long[] bad = new long[1];
        byte[] input = synthetic(6_000, 13, bad);

        Run one = run(input, 100, 1);
        Run three = run(input, 100, 3);

        assertThat(three.verdicts()).isEqualTo(one.verdicts());
        assertThat(three.errors()).isEqualTo(one.errors());
        assertThat(three.result().totals()).isEqualTo(one.result().totals());
        assertThat(one.verdictRows()).hasSize((int) (6_000 - bad[0]));
    }

    @Test
    void theBigFileWithTwoWorkersMatchesOneWorkerByteForByte() {
        Run one = run(file, 500, 1);

        assertThat(big.verdicts()).isEqualTo(one.verdicts());
        assertThat(big.errors()).isEqualTo(one.errors());
    }

    @Test
    void aFileWithOnlyAHeaderGivesEmptyFilesAndZeroTotals() {
        Run empty = run((SyntheticFile.HEADER + "\n").getBytes(StandardCharsets.UTF_8), 500, 2);

        assertThat(empty.verdictRows()).isEmpty();
        assertThat(empty.errorRows()).isEmpty();
        assertThat(empty.result().totals()).isEqualTo(new BulkEvaluation.Totals(0, 0, 0, 0, 0));
    }

    @Test
    void anUnknownColumnIsOneWarningOfTheResult() {
        String csv = "id,kind,email,opted_out,consent_email_given_on,shoe_size\n" + "r-1,PERSON,a@example.org,no,2026-03-01,42\n"
                + "r-2,PERSON,b@example.org,no,,43\n";

        Run run = run(csv.getBytes(StandardCharsets.UTF_8), 1, 2);

        assertThat(run.result().warnings()).containsExactly("unknown column ’shoe_size’ is ignored");
        assertThat(run.result().totals().evaluated()).isEqualTo(2);
    }

    @Test
    void anInvalidCampaignIsRefusedBeforeAnyLineIsRead() {
        Campaign c = HEADER.campaign();
        Campaign noChannel = new Campaign(c.id(), c.audience(), null, c.offerCategory(), c.startDate(), c.endDate(), c.sender(), c.optOut(),
                c.sourceDisclosed(), c.calling());
        RecordSource untouchable = new RecordSource(null) {
            @Override
            public ParsedLine next() {
                throw new AssertionError("a line was read");
            }

            @Override
            protected ParsedLine parse(String text) {
                throw new AssertionError("a line was read");
            }

            @Override
            public List<String> warnings() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
        List<Object> written = new ArrayList<>();
        BulkEvaluation bulk = new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 500, 2);

        assertThatThrownBy(() -> bulk.run(noChannel, HEADER.file(), untouchable, (l, v, r) -> written.add(v), (l, r) -> written.add(r),
                (a, b, d) -> written.add(a)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("campaign.channel")));
        assertThatThrownBy(() -> bulk.run(c, null, untouchable, (l, v, r) -> written.add(v), (l, r) -> written.add(r), (a, b, d) -> written.add(a)))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("file")));
        assertThat(written).isEmpty();
    }

    /** The records of a CSV file that parse, in order. */
    private static List<ProspectRecord> validRecords(byte[] csv) throws IOException {
        List<ProspectRecord> valid = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(csv), RecordSource.Format.CSV)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                if (!line.rejected()) {
                    valid.add(line.record());
                }
            }
        }
        return valid;
    }
}
