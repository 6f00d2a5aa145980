package io.listguard.cli;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.ParsedLine;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.SyntheticFile;
import io.listguard.bulk.SyntheticWorkbook;
import io.listguard.bulk.VerdictFiles;
import io.listguard.policy.BundledPolicies;
import io.listguard.domain.Audience;
import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.Provider;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.domain.Sender;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.SuppressionList;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench}: measures, in one run on one seeded synthetic file, (a) the floor: parse and write with no rules,
 * (b) listguard's bulk evaluation on every core, (c) the naive way: one evaluation call per record, as a KIE Server
 * client would do; prints records/s, the ratios and the peak heap of each. {@code bench http --url URL} is a load
 * test of the synchronous endpoint: 100-record requests at a fixed rate, throughput and p50/p99 latency.
 */
final class BenchCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final CliTexts t;

    BenchCommand(PrintStream out, PrintStream err, CliTexts texts) {
        this.out = out;
        this.err = err;
        this.t = texts;
    }

    int run(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("http")) {
            return http(args);
        }
        long records = 1_000_000;
        long naiveRecords = 100_000;
        long seed = 42;
        int workers = Runtime.getRuntime().availableProcessors();
        Path file = null;
        RecordSource.Format format = RecordSource.Format.CSV;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                err.println(t.text("cli.option.needsValue", args[i]));
                return 2;
            }
            try {
                switch (args[i]) {
                    case "--records" -> records = Long.parseLong(args[i + 1]);
                    case "--naive-records" -> naiveRecords = Long.parseLong(args[i + 1]);
                    case "--seed" -> seed = Long.parseLong(args[i + 1]);
                    case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                    case "--file" -> file = Path.of(args[i + 1]);
                    case "--format" -> format = RecordSource.Format.valueOf(args[i + 1].toUpperCase(java.util.Locale.ROOT));
                    default -> {
                        err.println(t.text("cli.usage.bench"));
                        return 2;
                    }
                }
            } catch (NumberFormatException e) {
                err.println(t.text("cli.option.wholeNumber", args[i], args[i + 1]));
                return 2;
            } catch (IllegalArgumentException e) {
                err.println(t.text("cli.usage.bench"));
                return 2;
            }
        }
        Path dir = Files.createTempDirectory("listguard-bench");
        Path input = file != null ? file : dir.resolve(format == RecordSource.Format.XLSX ? "prospects.xlsx" : "prospects.csv");
        if (file == null) {
            try (OutputStream o = Files.newOutputStream(input)) {
                // the same rows as an Excel workbook: typed cells, text in the shared strings
                long malformed = format == RecordSource.Format.XLSX ? SyntheticWorkbook.write(o, records, seed) : SyntheticFile.write(o, records, seed);
                out.println(t.text("cli.bench.generated", t.count(records), t.count(malformed), String.valueOf(seed), input, t.count(Files.size(input))));
            }
        } else {
            format = RecordSource.formatOf(file.getFileName().toString());
        }
        PolicySet policies = BundledPolicies.load();
        Evaluator evaluator = new Evaluator(new PolicyCompiler(BenchCommand.class.getClassLoader()).compile(policies, "bench"));
        Campaign campaign = new Campaign("BENCH", Audience.CONSUMER, Channel.EMAIL, "CHILDCARE", LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 20), new Sender("Acme", true), OptOutMechanism.LINK, true, null);
        RentedFile rented = new RentedFile("F-BENCH", new Provider("DataCo", List.of("SNCD"), LocalDate.of(2027, 6, 30)), 300.0, "EUR", null);
        out.println(t.text("cli.bench.machine", t.count(Runtime.getRuntime().availableProcessors()), t.count(Runtime.getRuntime().maxMemory() >> 20),
                System.getProperty("java.vm.name"), System.getProperty("java.version")));

        // warm-up: JIT and rule constraints (Drools jits constraints after 20 evaluations)
        bulk(evaluator, campaign, rented, input, format, dir, workers, Math.min(records, 300_000));

        resetPeaks();
        long t0 = System.nanoTime();
        long floorLines = floor(input, format, dir.resolve("floor.csv"));
        double floorSeconds = (System.nanoTime() - t0) / 1e9;
        long floorHeap = peakHeap();

        resetPeaks();
        t0 = System.nanoTime();
        BulkEvaluation.Result result = bulk(evaluator, campaign, rented, input, format, dir, workers, Long.MAX_VALUE);
        double bulkSeconds = (System.nanoTime() - t0) / 1e9;
        long bulkHeap = peakHeap();

        resetPeaks();
        t0 = System.nanoTime();
        long naiveCount = naive(evaluator, campaign, rented, input, format, naiveRecords);
        double naiveSeconds = (System.nanoTime() - t0) / 1e9;
        long naiveHeap = peakHeap();

        double floorRate = floorLines / floorSeconds;
        double bulkRate = result.totals().linesRead() / bulkSeconds;
        double naiveRate = naiveCount / naiveSeconds;
        out.println(row(t.text("cli.bench.measure"), t.text("cli.bench.recordsPerSecond"), t.text("cli.bench.seconds"), t.text("cli.bench.peakHeap")));
        out.println(row(t.text("cli.bench.floor"), t.decimal(floorRate, 0), t.decimal(floorSeconds, 2), t.count(floorHeap >> 20)));
        out.println(row(t.text("cli.bench.bulk", t.count(workers)), t.decimal(bulkRate, 0), t.decimal(bulkSeconds, 2), t.count(bulkHeap >> 20)));
        out.println(row(t.text("cli.bench.naive", t.count(naiveCount)), t.decimal(naiveRate, 0), t.decimal(naiveSeconds, 2), t.count(naiveHeap >> 20)));
        out.println(t.text("cli.bench.ratios", t.decimal(bulkRate / floorRate, 2), t.decimal(naiveRate / bulkRate, 3), t.decimal(bulkRate / naiveRate, 1)));
        var totals = result.totals();
        out.println(t.text("cli.bench.totals", t.count(totals.linesRead()), t.count(totals.contactable()), t.count(totals.excluded()),
                t.count(totals.rejected()), t.text(totals.addsUp() ? "cli.bench.addsUp" : "cli.bench.doesNotAddUp"), result.decision()));
        return 0;
    }

    private static BulkEvaluation.Result bulk(Evaluator evaluator, Campaign campaign, RentedFile file, Path input, RecordSource.Format format, Path dir,
                                              int workers, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(input);
             RecordSource source = limited(RecordSource.open(in, format, ReadOptions.DEFAULT), limit);
             OutputStream v = Files.newOutputStream(dir.resolve("verdicts.csv"));
             OutputStream e = Files.newOutputStream(dir.resolve("errors.csv"));
             VerdictFiles files = new VerdictFiles(v, e)) {
            return new BulkEvaluation(evaluator, SuppressionList.NONE, 2_000, workers).run(campaign, file, source, files, files, (a, b, c) -> { });
        }
    }

    /** Parse every line and write a verdict for it, with no rules: what any tool must pay. */
    private static long floor(Path input, RecordSource.Format format, Path output) throws IOException {
        long lines = 0;
        try (InputStream in = Files.newInputStream(input);
             RecordSource source = RecordSource.open(in, format, ReadOptions.DEFAULT);
             OutputStream v = Files.newOutputStream(output);
             OutputStream e = OutputStream.nullOutputStream();
             VerdictFiles files = new VerdictFiles(v, e)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                lines++;
                if (line.rejected()) {
                    files.write(line.line(), line.error());
                } else {
                    files.write(line.line(), new RecordVerdict(line.record().id(), true, List.of(), List.of()), List.of());
                }
            }
        }
        return lines;
    }

    /** One evaluation call (campaign, record and summary sessions) per record, on one thread. */
    private static long naive(Evaluator evaluator, Campaign campaign, RentedFile file, Path input, RecordSource.Format format, long limit)
            throws IOException {
        long count = 0;
        try (InputStream in = Files.newInputStream(input); RecordSource source = RecordSource.open(in, format, ReadOptions.DEFAULT)) {
            ParsedLine line;
            while (count < limit && (line = source.next()) != null) {
                if (line.rejected()) {
                    continue;
                }
                List<ProspectRecord> one = List.of(line.record());
                evaluator.evaluate(new EvaluationRequest(campaign, file, one));
                count++;
            }
        }
        return count;
    }

    private static RecordSource limited(RecordSource source, long limit) {
        if (limit == Long.MAX_VALUE) {
            return source;
        }
        return new RecordSource(null) {
            long n;

            @Override
            public ParsedLine next() {
                return n++ < limit ? source.next() : null;
            }

            @Override
            protected ParsedLine parse(String text) {
                throw new UnsupportedOperationException("reads through the limited source");
            }

            @Override
            public List<io.listguard.domain.CodedText> warningTexts() {
                return source.warningTexts();
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    /** The highest heap in use seen by a sampler every 20 ms (pool peaks would add up peaks of different moments). */
    private static final java.util.concurrent.atomic.AtomicLong PEAK = new java.util.concurrent.atomic.AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void resetPeaks() {
        System.gc();
        PEAK.set(0);
    }

    private static long peakHeap() {
        return PEAK.get();
    }

    /** Load test of POST /api/v1/evaluations: 100-record requests at a fixed rate, open loop. */
    private int http(String[] args) throws IOException {
        String url = "http://localhost:8080";
        int rate = 200;
        int seconds = 30;
        int recordsPerRequest = 100;
        String key = System.getenv("LISTGUARD_API_KEY");
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--records" -> recordsPerRequest = Integer.parseInt(args[i + 1]);
                case "--key" -> key = args[i + 1];
                default -> {
                    err.println(t.text("cli.usage.benchHttp"));
                    return 2;
                }
            }
        }
        if (key == null) {
            err.println(t.text("cli.bench.needsKey"));
            return 2;
        }
        String bearer = key;
        String body = requestBody(recordsPerRequest);
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        URI target = URI.create(url + "/api/v1/evaluations?detail=summary");
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long total = (long) rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        // warm-up
        for (int i = 0; i < 200; i++) {
            client.sendAsync(HttpRequest.newBuilder(target).header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).join();
        }
        long started = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            if (sent.getAndIncrement() >= total) {
                return;
            }
            long t = System.nanoTime();
            pending.add(client.sendAsync(HttpRequest.newBuilder(target).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        if (r.statusCode() == 200) {
                            latencies.add(System.nanoTime() - t);
                        } else {
                            failures.incrementAndGet();
                        }
                    }).exceptionally(e -> {
                        failures.incrementAndGet();
                        return null;
                    }));
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        try {
            while (sent.get() < total) {
                Thread.sleep(100);
            }
            ticker.shutdown();
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println(t.text("cli.bench.interrupted", t.describe(e)));
            return 1;
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        out.println(t.text("cli.bench.http", t.count(total), t.count(recordsPerRequest), t.count(rate), t.count(seconds), t.count(sorted.size()),
                t.count(failures.get()), t.decimal(sorted.size() / elapsed, 0), t.decimal(sorted.size() * recordsPerRequest / elapsed, 0)));
        if (!sorted.isEmpty()) {
            out.println(t.text("cli.bench.latency", t.decimal(pct(sorted, 50), 1), t.decimal(pct(sorted, 90), 1), t.decimal(pct(sorted, 99), 1),
                    t.decimal(sorted.get(sorted.size() - 1) / 1e6, 1)));
        }
        return failures.get() == 0 ? 0 : 1;
    }

    /** A line of the results table: the measure, left-aligned, then three right-aligned columns. */
    private static String row(String measure, String rate, String seconds, String heap) {
        return String.format(java.util.Locale.ROOT, "%-46s %12s %10s %14s", measure, rate, seconds, heap);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static String requestBody(int records) {
        StringBuilder b = new StringBuilder("{\"campaign\":{\"id\":\"LOAD\",\"audience\":\"CONSUMER\",\"channel\":\"EMAIL\",\"offerCategory\":\"CHILDCARE\","
                + "\"startDate\":\"2026-12-01\",\"endDate\":\"2026-12-20\",\"sender\":{\"name\":\"Acme\",\"identified\":true},\"optOut\":\"LINK\","
                + "\"sourceDisclosed\":true},\"file\":{\"id\":\"F-LOAD\",\"provider\":{\"name\":\"DataCo\",\"certifications\":[\"SNCD\"],"
                + "\"certifiedUntil\":\"2027-06-30\"},\"pricePerThousand\":300.0},\"records\":[");
        for (int i = 0; i < records; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"r-").append(i).append("\",\"kind\":\"PERSON\",\"email\":\"p").append(i).append("@example.org\",")
                    .append("\"segments\":[\"").append(i % 7 == 0 ? "RETIRED" : "FAMILY_WITH_CHILDREN").append("\"],")
                    .append("\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-03-01\",\"proofRef\":\"form#").append(i)
                    .append("\",\"renterNamed\":").append(i % 11 != 0).append("}],\"optedOut\":").append(i % 23 == 0)
                    .append(",\"lastActivityOn\":\"2026-03-01\"}");
        }
        return b.append("]}").toString();
    }
}
