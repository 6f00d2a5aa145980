package io.listguard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.bulk.ParsedLine;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.SyntheticFile;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.ProspectRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run totals merge as a monoid (associative, with an identity, in any order), so that a file evaluated in parts
 * (partitions of a batch engine, batches on every core) concludes as the file evaluated in one run.
 */
class RunTotalsTest {

    static final EvaluationRequest HEADER = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"));

    static List<ProspectRecord> records;

    @BeforeAll
    static void readASyntheticFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyntheticFile.write(out, 6_000, 11);
        records = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(out.toByteArray()), RecordSource.Format.CSV)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                if (!line.rejected()) {
                    records.add(line.record());
                }
            }
        }
    }

    static RecordVerdict ok(String id) {
        return new RecordVerdict(id, true, List.of(), List.of(LegalBasis.values()[0]));
    }

    static RecordVerdict excluded(String id, String... reasons) {
        return new RecordVerdict(id, false, List.of(reasons), List.of());
    }

    final RunTotals a = RunTotals.of(List.of(ok("1"), excluded("2", "NO_CONSENT"), excluded("3", "NO_CONSENT", "OPTED_OUT")));
    final RunTotals b = RunTotals.of(List.of(excluded("4", "SUPPRESSED"), ok("5"))).merge(RunTotals.rejectedLines(2));
    final RunTotals c = RunTotals.of(List.of(excluded("6", "OPTED_OUT"), excluded("7", "TARGETING_MISMATCH", "NO_CONSENT")));

    @Test
    void countsEachRecordOnceAndEachReasonOfIt() {
        assertThat(a.records()).isEqualTo(3);
        assertThat(a.contactable()).isEqualTo(1);
        assertThat(a.excluded()).as("a record excluded for two reasons counts once").isEqualTo(2);
        assertThat(a.excludedBy()).as("by reason, sorted").containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("NO_CONSENT", 2L, "OPTED_OUT", 1L)));
        assertThat(b.linesRead()).isEqualTo(4);
        assertThat(b.summary()).isEqualTo(new Summary(2, 1, 1, Map.of("SUPPRESSED", 1)));
    }

    @Test
    void mergeIsAssociativeCommutativeWithAnIdentity() {
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
        assertThat(c.merge(a).merge(b)).isEqualTo(a.merge(b).merge(c));
        assertThat(a.merge(RunTotals.EMPTY)).isEqualTo(a);
        assertThat(RunTotals.EMPTY.merge(a)).isEqualTo(a);
        RunTotals all = a.merge(b).merge(c);
        assertThat(all).isEqualTo(new RunTotals(7, 2, 2, Map.of("NO_CONSENT", 3L, "OPTED_OUT", 2L, "SUPPRESSED", 1L, "TARGETING_MISMATCH", 1L)));
        assertThat(all.summary()).isEqualTo(new Summary(7, 2, 5, Map.of("NO_CONSENT", 3, "OPTED_OUT", 2, "SUPPRESSED", 1, "TARGETING_MISMATCH", 1)));
        assertThat(all.linesRead()).isEqualTo(9);
    }

    @Test
    void impossibleTotalsAreRefused() {
        assertThatThrownBy(() -> new RunTotals(1, 2, 0, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunTotals(-1, 0, 0, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Evaluates some records in its own run, in batches, as a partition's worker would, and gives the part's totals. */
    static RunTotals partition(List<ProspectRecord> part, int batchSize) {
        EvaluationRun run = BundledPolicy.evaluator().start(HEADER, false);
        for (int from = 0; from < part.size(); from += batchSize) {
            run.evaluateBatch(part.subList(from, Math.min(part.size(), from + batchSize)), Set.of());
        }
        return run.totals();
    }

    @Test
    void aFileSplitInPartitionsAndMergedConcludesAsOneRun() {
        EvaluationRun whole = BundledPolicy.evaluator().start(HEADER, false);
        whole.evaluateBatch(records, Set.of());
        EvaluationRun.Outcome one = whole.finish();
        assertThat(one.summary().total()).isEqualTo(records.size());
        assertThat(one.summary().excludedBy()).as("a file with several reasons, so that merging them matters").hasSizeGreaterThan(2);

        int third = records.size() / 3;
        RunTotals p1 = partition(records.subList(0, third - 7), 500);
        RunTotals p2 = partition(records.subList(third - 7, 2 * third + 3), 333);
        RunTotals p3 = partition(records.subList(2 * third + 3, records.size()), 1_000);
        assertThat(p1.merge(p2).merge(p3)).isEqualTo(p3.merge(p1.merge(p2))).isEqualTo(whole.totals());

        // the driver: a run of the same campaign that evaluated nothing itself, the parts merged in another order
        EvaluationRun driver = BundledPolicy.evaluator().start(HEADER, false);
        driver.include(p3);
        driver.include(p1.merge(p2));
        EvaluationRun.Outcome merged = driver.finish();
        assertThat(merged.summary()).isEqualTo(one.summary());
        assertThat(merged.totals()).isEqualTo(one.totals());
        assertThat(merged.decision()).isEqualTo(one.decision());
        assertThat(merged.findings()).extracting(Finding::code).containsExactlyElementsOf(one.findings().stream().map(Finding::code).toList());

        // a part alone concludes over less: the merge is what makes the summary the file's
        EvaluationRun alone = BundledPolicy.evaluator().start(HEADER, false);
        alone.include(p2);
        assertThat(alone.finish().summary().total()).isLessThan(one.summary().total());
    }

    @Test
    void theSynchronousAnswerIsTheMergeOfItsBatches() {
        EvaluationRequest request = new EvaluationRequest(HEADER.campaign(), HEADER.file(), records.subList(0, 2_500));
        EvaluationResult result = BundledPolicy.evaluator().evaluate(request);
        assertThat(RunTotals.of(result.records()).summary()).isEqualTo(result.summary());
    }
}
