package io.listguard.spark;

import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.domain.Messages;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.policy.BundledPolicies;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code java -jar listguard-spark.jar --master local[2] --campaign C.json --records IN --out DIR}, or the same jar
 * through {@code spark-submit}: the CLI's {@code evaluate} on Apache Spark (issue 17). The options are the CLI's
 * (but {@code --errors}, {@code --workers}: the output is a directory and Spark's cores are the workers), plus
 * {@code --master}, {@code --conf key=value} (any Spark setting), {@code --split-size MB}, the service's suppression
 * export ({@code --suppressions FILE --hash-key-file FILE}), a policy version exported from the service
 * ({@code --policy-export ZIP --policy-hash H}) and {@code --report-to URL --api-key-file FILE} to record the job in
 * the service's audit trail. Exit codes: 0 done, 1 an input refused (campaign, records file, policy), 2 bad usage.
 */
public final class SparkMain {

    private final PrintStream out;
    private final PrintStream err;
    private final Locale locale;

    SparkMain(PrintStream out, PrintStream err, Locale locale) {
        this.out = out;
        this.err = err;
        this.locale = locale;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        Locale locale = language(args);
        System.exit(new SparkMain(System.out, System.err, locale).run(args));
    }

    static Locale language(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--lang")) {
                return args[i + 1].toLowerCase(Locale.ROOT).startsWith("fr") ? Messages.FRENCH : Messages.ENGLISH;
            }
        }
        return Locale.getDefault().getLanguage().equals("fr") ? Messages.FRENCH : Messages.ENGLISH;
    }

    private String text(String code, Object... args) {
        return Messages.text(locale, code, args);
    }

    /** The options of one run. */
    static final class Options {
        Path campaign;
        String records;
        String output;
        Path rulesDir;
        Path policiesDir;
        String charset;
        String separator;
        String sheet;
        Path profile;
        String absent;
        int batchSize = 2_000;
        long splitBytes;
        String master;
        final Map<String, String> conf = new LinkedHashMap<>();
        Path suppressions;
        Path hashKeyFile;
        Path policyExport;
        String policyHash;
        String reportTo;
        Path apiKeyFile;
        String join = "auto";
    }

    /** Above this size (bytes, about three million hashes) an export is joined rather than shipped to every executor. */
    static final long BROADCAST_LIMIT = 256L << 20;

    int run(String[] args) throws IOException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(text("spark.usage"));
                return 0;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                err.println(text("cli.option.needsValue", args[i]));
                return 2;
            }
            try {
                switch (args[i]) {
                case "--campaign" -> o.campaign = Path.of(value);
                case "--records" -> o.records = value;
                case "--out" -> o.output = value;
                case "--rules-dir" -> o.rulesDir = Path.of(value);
                case "--policies-dir" -> o.policiesDir = Path.of(value);
                case "--charset" -> o.charset = value;
                case "--separator" -> o.separator = value;
                case "--sheet" -> o.sheet = value;
                case "--profile" -> o.profile = Path.of(value);
                case "--absent" -> o.absent = value;
                case "--batch-size" -> o.batchSize = Integer.parseInt(value);
                case "--split-size" -> o.splitBytes = bytes(value);
                case "--master" -> o.master = value;
                case "--conf" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        err.println(text("spark.option.conf", value));
                        return 2;
                    }
                    o.conf.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--suppressions" -> o.suppressions = Path.of(value);
                case "--hash-key-file" -> o.hashKeyFile = Path.of(value);
                case "--policy-export" -> o.policyExport = Path.of(value);
                case "--policy-hash" -> o.policyHash = value;
                case "--report-to" -> o.reportTo = value;
                case "--suppressions-join" -> {
                    if (!List.of("auto", "broadcast", "join").contains(value)) {
                        err.println(text("spark.option.join", value));
                        return 2;
                    }
                    o.join = value;
                }
                case "--api-key-file" -> o.apiKeyFile = Path.of(value);
                case "--lang" -> {
                    // read before: the language of every message
                }
                default -> {
                    err.println(text("cli.option.unknown", args[i]));
                    return 2;
                }
                }
            } catch (NumberFormatException e) {
                err.println(text("cli.option.wholeNumber", args[i], value));
                return 2;
            }
            i++;
        }
        if (o.campaign == null || o.records == null || o.output == null) {
            err.println(text("spark.usage"));
            return 2;
        }
        if (o.batchSize < 1) {
            err.println(text("cli.evaluate.atLeastOne"));
            return 2;
        }
        if ((o.rulesDir == null) != (o.policiesDir == null) || o.policyExport != null && o.rulesDir != null) {
            err.println(text("spark.policy.oneSource"));
            return 2;
        }
        if ((o.suppressions == null) != (o.hashKeyFile == null) || o.reportTo != null && o.apiKeyFile == null) {
            err.println(text("spark.option.pairs"));
            return 2;
        }
        return evaluate(o);
    }

    private int evaluate(Options o) throws IOException {
        JobSpec spec;
        try {
            spec = spec(o);
            spec.resolve();
        } catch (tools.jackson.core.JacksonException e) {
            err.println(text("cli.errorIn", o.campaign, e.getOriginalMessage()));
            return 1;
        } catch (NoSuchFileException e) {
            err.println(text("cli.errorIn", e.getFile(), text("cli.noSuchFile", e.getFile())));
            return 1;
        } catch (InvalidProfileException e) {
            err.println(text("cli.errorIn", o.profile, text("cli.evaluate.profileUnusable")));
            e.problems().forEach(p -> err.println(text("cli.errorIn", o.profile, p.path() + text("cli.colon") + p.message(locale))));
            return 1;
        } catch (UnknownCharsetException e) {
            err.println(text("cli.error", e.message(locale)));
            return 2;
        } catch (BulkFormatException e) {
            err.println(text("cli.errorIn", o.records, e.message(locale)));
            return 1;
        } catch (InvalidRequestException e) {
            e.violations().forEach(v -> err.println(text("cli.errorIn", o.campaign, v.located(locale))));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(text("cli.error", text(io.listguard.bulk.ReadOptions.UNKNOWN_SEPARATOR, o.separator)));
            return 2;
        }
        PolicySet policies;
        String versionId;
        try {
            if (o.policyExport != null) {
                policies = PolicySet.fromZip(Files.newInputStream(o.policyExport));
                if (o.policyHash != null && !o.policyHash.equals(policies.hash())) {
                    err.println(text("spark.policy.hashMismatch", o.policyExport, policies.hash(), o.policyHash));
                    return 1;
                }
            } else {
                policies = o.rulesDir == null ? BundledPolicies.load() : PolicySet.fromDirectories(o.rulesDir, o.policiesDir);
            }
            versionId = "local-" + policies.contentId();
        } catch (InvalidArgumentException e) {
            err.println(text("cli.error", e.message(locale)));
            return 1;
        } catch (IllegalArgumentException | NoSuchFileException e) {
            err.println(text("cli.errorIn", o.policyExport, e instanceof NoSuchFileException ? text("cli.noSuchFile", o.policyExport) : e.getMessage()));
            return 1;
        }
        if (o.policyHash != null && !o.policyHash.equals(policies.hash())) {
            err.println(text("spark.policy.hashMismatch", o.rulesDir != null ? o.rulesDir : "bundled", policies.hash(), o.policyHash));
            return 1;
        }
        PolicyBundle bundle = new PolicyBundle(policies, versionId);
        long compiling = System.nanoTime();
        Evaluator evaluator = bundle.evaluator();
        String millis = String.valueOf((System.nanoTime() - compiling) / 1_000_000);
        java.nio.file.Path cache = io.listguard.policy.CompiledPolicyCache.defaultDirectory(System.getenv());
        err.println(PolicyBundle.loadedFromCache() ? text("cli.cache.loaded", policies.hash(), millis, cache)
                : text("cli.cache.compiled", policies.hash(), millis, text("cli.cache.kept", cache)));
        // the export shipped to every executor while it is small, joined to the records beyond (--suppressions-join)
        BarredIdentifiers barred;
        SparkEvaluation.Join join;
        try {
            boolean joinList = o.suppressions != null && (o.join.equals("join") || o.join.equals("auto") && Files.size(o.suppressions) > BROADCAST_LIMIT);
            barred = o.suppressions == null || joinList ? BarredIdentifiers.NONE : BarredIdentifiers.read(o.suppressions, o.hashKeyFile);
            join = joinList ? new SparkEvaluation.Join(BarredIdentifiers.secret(o.hashKeyFile), o.suppressions.toUri().toString()) : null;
        } catch (IllegalArgumentException | IOException e) {
            // a key file that is not Base64, or an export that is not one (its line named), before any task
            err.println(text("spark.suppressions.unreadable", o.suppressions, o.hashKeyFile, e.getMessage()));
            return 1;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("listguard " + spec.header().campaign().id());
        if (o.master != null) {
            builder.master(o.master);
        } else if (System.getProperty("spark.master") == null) {
            builder.master("local[*]"); // java -jar without --master: this machine's cores
        }
        o.conf.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        SparkEvaluation.Outcome outcome;
        try {
            outcome = new SparkEvaluation(spark, evaluator, bundle, barred, join).run(spec);
        } catch (SparkEvaluation.OutputExistsException e) {
            err.println(text("spark.output.exists", e.path));
            return 1;
        } catch (BulkFormatException e) {
            err.println(text("cli.errorIn", o.records, e.message(locale)));
            return 1;
        } catch (InvalidRequestException e) {
            e.violations().forEach(v -> err.println(text("cli.error", v.path() + " " + v.message(locale))));
            return 1;
        } finally {
            spark.stop();
        }
        if (outcome.refused()) {
            err.println(text("cli.errorIn", o.records, outcome.refusal()));
            return 1;
        }
        print(spec, outcome);
        if (o.reportTo != null) {
            return AuditReport.post(o.reportTo, Files.readString(o.apiKeyFile, StandardCharsets.UTF_8).strip(), spec, outcome, err, locale) ? 0 : 1;
        }
        return 0;
    }

    /** A size in MB, or with a unit: 512k, 64m, 1g. */
    static long bytes(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1L << 20;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1);
        }
        long n = Long.parseLong(v);
        if (n < 1) {
            throw new NumberFormatException(value);
        }
        return n * unit;
    }

    private JobSpec spec(Options o) throws IOException {
        boolean parquet = o.records.toLowerCase(Locale.ROOT).endsWith(".parquet") || isParquetDirectory(o.records);
        RecordSource.Format format = parquet ? RecordSource.Format.NDJSON : RecordSource.formatOf(Path.of(o.records).getFileName().toString());
        String profile = o.profile == null ? null : Files.readString(o.profile, StandardCharsets.UTF_8);
        return new JobSpec(Files.readString(o.campaign, StandardCharsets.UTF_8), o.records, format, o.charset, o.separator, o.sheet, profile, o.absent,
                o.batchSize, locale, o.output, o.splitBytes, parquet);
    }

    private static boolean isParquetDirectory(String records) {
        Path path = Path.of(records);
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (var files = Files.list(path)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            return false;
        }
    }

    private void print(JobSpec spec, SparkEvaluation.Outcome outcome) {
        NumberFormat counts = NumberFormat.getIntegerInstance(locale);
        var totals = outcome.totals();
        out.println(text("cli.evaluate.decision", outcome.decision(), outcome.policyVersion().hash()));
        for (Finding f : outcome.findings()) {
            out.println(text("cli.evaluate.finding", f.severity(), f.code(), f.message().in(locale)));
        }
        out.println(text("cli.evaluate.totals", counts.format(totals.linesRead()), counts.format(totals.contactable()), counts.format(totals.excluded()),
                counts.format(totals.rejected())));
        outcome.runTotals().excludedBy().forEach((reason, count) -> out.println(text("cli.evaluate.excludedBy",
                String.format(Locale.ROOT, "%-32s", reason), counts.format(count))));
        outcome.warnings().forEach(w -> out.println(text("cli.warning", w.render(locale))));
        double seconds = Duration.between(outcome.startedAt(), outcome.finishedAt()).toMillis() / 1000.0;
        NumberFormat decimal = NumberFormat.getNumberInstance(locale);
        decimal.setMaximumFractionDigits(1);
        decimal.setMinimumFractionDigits(1);
        out.println(text("spark.done", counts.format(totals.linesRead()), decimal.format(seconds),
                counts.format(Math.round(totals.linesRead() / Math.max(0.001, seconds))), outcome.master(), outcome.pieces(), spec.out()));
    }
}
