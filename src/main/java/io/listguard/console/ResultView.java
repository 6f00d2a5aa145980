package io.listguard.console;

import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An evaluation's answer as a page shows it: the exclusion chart, one page of record verdicts (all, or only the
 * excluded), one page of the trace.
 *
 * @param bars          exclusions by reason, largest first, with each bar's share of the largest (for its length)
 * @param records       the verdicts of this page
 * @param recordPages   the number of verdict pages
 * @param trace         the trace entries of this page
 * @param tracePages    the number of trace pages
 */
record ResultView(EvaluationResult result, List<Bar> bars, List<RecordVerdict> records, int recordPage, int recordPages, long recordCount,
                  boolean excludedOnly, List<TraceEntry> trace, int tracePage, int tracePages) {

    /** One bar of the chart: a reason, how many records it excluded, and its length in percent of the longest bar. */
    record Bar(String reason, int count, int percentOfTotal, int length) {
    }

    static ResultView of(EvaluationResult result, int recordPage, int tracePage, int pageSize, boolean excludedOnly) {
        List<RecordVerdict> all = result.records() == null ? List.of() : result.records();
        List<RecordVerdict> shown = excludedOnly ? all.stream().filter(r -> !r.contactable()).toList() : all;
        List<TraceEntry> trace = result.trace() == null ? List.of() : result.trace();
        int recordPages = pages(shown.size(), pageSize);
        int tracePages = pages(trace.size(), pageSize);
        int rp = Math.max(0, Math.min(recordPage, recordPages - 1));
        int tp = Math.max(0, Math.min(tracePage, tracePages - 1));
        return new ResultView(result, bars(result), slice(shown, rp, pageSize), rp, recordPages, shown.size(), excludedOnly,
                slice(trace, tp, pageSize), tp, tracePages);
    }

    private static List<Bar> bars(EvaluationResult result) {
        return bars(result.summary());
    }

    /** Exclusions by reason, largest first, for the chart. */
    static List<Bar> bars(io.listguard.evaluation.Summary summary) {
        Map<String, Integer> by = summary.excludedBy();
        int total = Math.max(1, summary.total());
        int max = by.values().stream().max(Integer::compare).orElse(1);
        return by.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new Bar(e.getKey(), e.getValue(), Math.round(e.getValue() * 100f / total), Math.max(1, Math.round(e.getValue() * 100f / max))))
                .toList();
    }

    private static int pages(int size, int pageSize) {
        return Math.max(1, (size + pageSize - 1) / pageSize);
    }

    private static <T> List<T> slice(List<T> list, int page, int pageSize) {
        int from = Math.min(list.size(), page * pageSize);
        return list.subList(from, Math.min(list.size(), from + pageSize));
    }
}
