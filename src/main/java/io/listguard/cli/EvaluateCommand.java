package io.listguard.cli;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.CountingInputStream;
import io.listguard.bulk.FileEvidence;
import io.listguard.bulk.RecordCharsets;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileReader;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.bulk.VerdictFiles;
import io.listguard.policy.BundledPolicies;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.SuppressionList;
import io.listguard.policy.PolicySet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluate --campaign campaign.json --records prospects.csv --out verdicts.csv}: a whole file evaluated on
 * this machine, with a progress bar (records, records/s, time left), the summary at the end, and the same verdict
 * and error files as the service's bulk jobs (the same {@link BulkEvaluation} code path). No database: the
 * central suppression list is the service's.
 */
final class EvaluateCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final CliTexts t;

    EvaluateCommand(PrintStream out, PrintStream err, CliTexts texts) {
        this.out = out;
        this.err = err;
        this.t = texts;
    }

    int run(String[] args) throws IOException {
        Path campaign = null;
        Path records = null;
        Path output = null;
        Path errors = null;
        Path rulesDir = null;
        Path policiesDir = null;
        String charsetName = null;
        String separatorName = null;
        String sheetName = null;
        Path profileFile = null;
        String absentNames = null;
        int workers = Runtime.getRuntime().availableProcessors();
        int batchSize = 2_000;
        Path cacheDir = null;
        boolean noCache = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-cache")) {
                noCache = true;
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                err.println(t.text("cli.option.needsValue", args[i]));
                return 2;
            }
            try {
                switch (args[i]) {
                case "--campaign" -> campaign = Path.of(value);
                case "--records" -> records = Path.of(value);
                case "--out" -> output = Path.of(value);
                case "--errors" -> errors = Path.of(value);
                case "--rules-dir" -> rulesDir = Path.of(value);
                case "--policies-dir" -> policiesDir = Path.of(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--charset" -> charsetName = value;
                case "--separator" -> separatorName = value;
                case "--sheet" -> sheetName = value;
                case "--profile" -> profileFile = Path.of(value);
                case "--absent" -> absentNames = value;
                case "--cache-dir" -> cacheDir = Path.of(value);
                default -> {
                    err.println(t.text("cli.option.unknown", args[i]));
                    return 2;
                }
                }
            } catch (NumberFormatException e) {
                err.println(t.text("cli.option.wholeNumber", args[i], value));
                return 2;
            }
            i++;
        }
        if (noCache && cacheDir != null) {
            err.println(t.text("cli.cache.exclusive"));
            return 2;
        }
        if (workers < 1 || batchSize < 1) {
            err.println(t.text("cli.evaluate.atLeastOne"));
            return 2;
        }
        if (campaign == null || records == null || output == null) {
            err.println(t.text("cli.usage.evaluate"));
            return 2;
        }
        if (errors == null) {
            errors = output.resolveSibling(output.getFileName().toString().replaceFirst("\\.csv$", "") + ".errors.csv");
        }
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        BulkHeader header;
        try {
            header = json.readValue(Files.readString(campaign), BulkHeader.class);
        } catch (tools.jackson.core.JacksonException e) {
            err.println(t.text("cli.errorIn", campaign, t.describe(e)));
            return 1;
        }
        Character separator;
        java.nio.charset.Charset charset;
        try {
            separator = ReadOptions.separatorNamed(separatorName);
            charset = charsetName == null ? null : RecordCharsets.resolve(charsetName);
        } catch (UnknownCharsetException e) {
            err.println(t.text("cli.error", e.message(t.locale())));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(t.text("cli.error", t.text(ReadOptions.UNKNOWN_SEPARATOR, separatorName)));
            return 2;
        }
        MappingProfile profile = null;
        if (profileFile != null) {
            try {
                profile = ProfileReader.read(Files.readString(profileFile, StandardCharsets.UTF_8));
            } catch (InvalidProfileException e) {
                err.println(t.text("cli.errorIn", profileFile, t.text("cli.evaluate.profileUnusable")));
                for (var problem : e.problems()) {
                    err.println(t.text("cli.errorIn", profileFile, problem.path() + t.text("cli.colon") + problem.message(t.locale())));
                }
                return 1;
            } catch (java.nio.file.NoSuchFileException e) {
                err.println(t.text("cli.errorIn", profileFile, t.text("cli.noSuchFile", profileFile)));
                return 1;
            }
        } else if (header.profileName() != null) {
            err.println(t.text("cli.errorIn", campaign, t.text("profile.cli.storedName", header.profileName())));
            return 1;
        }
        RecordSource.Format format;
        try {
            format = RecordSource.formatOf(records.getFileName().toString());
        } catch (BulkFormatException e) {
            err.println(t.text("cli.errorIn", records, e.message(t.locale())));
            return 1;
        }
        // an option that does not apply to the file is bad usage, as the service refuses it in a request's format
        if (format == RecordSource.Format.XLSX && (charsetName != null || separatorName != null)) {
            err.println(t.text("cli.error", charsetName != null ? t.text(BulkHeader.XLSX_CHARSET, "--charset", charsetName)
                    : t.text(BulkHeader.XLSX_SEPARATOR, "--separator", separatorName)));
            return 2;
        }
        if (format != RecordSource.Format.XLSX && sheetName != null) {
            err.println(t.text("cli.error", t.text(BulkHeader.SHEET_NOT_XLSX, "--sheet", sheetName)));
            return 2;
        }
        ReadOptions options;
        try {
            // each option on the command line wins over the campaign file's "format", which wins over the profile
            ReadOptions declared = header.readOptions(profile, format);
            options = new ReadOptions(charset != null ? charset : declared.charset(), separator != null ? separator : declared.separator(), profile,
                    sheetName != null ? sheetName : declared.sheet(), null);
        } catch (UnknownCharsetException e) {
            err.println(t.text("cli.error", e.message(t.locale())));
            return 2;
        } catch (InvalidRequestException e) {
            for (var v : e.violations()) {
                err.println(t.text("cli.errorIn", campaign, v.located(t.locale())));
            }
            return 1;
        }
        java.util.Set<io.listguard.rules.Evidence> absent;
        try {
            // --absent wins over the campaign file's "format": {"absent": [...]}, as --charset does
            absent = absentNames != null ? io.listguard.evaluation.AbsentEvidence.named(java.util.List.of(absentNames.split(",", -1)), "--absent")
                    : header.absentEvidence();
        } catch (io.listguard.evaluation.InvalidRequestException e) {
            e.violations().forEach(v -> err.println(t.text("cli.error", v.path() + " " + v.message(t.locale()))));
            return absentNames != null ? 2 : 1; // bad usage, or a campaign file that is wrong
        }
        try (InputStream whole = Files.newInputStream(records)) {
            // the header first (its columns, through the profile), then the whole file read as the service does at
            // upload: a file not valid in its charset, or a CSV quoted field with a lone CR, gets no verdict file at all
            // (a workbook's precheck opens it, header first, itself)
            if (format == RecordSource.Format.XLSX) {
                RecordSource.precheck(whole, format, options);
            } else {
                try (InputStream head = Files.newInputStream(records); RecordSource ignored = RecordSource.open(head, format, options)) {
                    RecordSource.precheck(whole, format, options);
                }
            }
        } catch (BulkFormatException e) {
            err.println(t.text("cli.errorIn", records, e.message(t.locale())));
            return 1;
        }
        PolicySet policies = rulesDir == null ? BundledPolicies.load() : PolicySet.fromDirectories(rulesDir, policiesDir);
        // a policy compiled before (same files, same build) is loaded from the cache in a fraction of the compile time
        Path cacheDirectory = CacheOptions.directory(cacheDir, noCache, System.getenv());
        long compiling = System.nanoTime();
        var compiled = CacheOptions.compiler(EvaluateCommand.class, cacheDirectory).compile(policies, "local-" + policies.contentId());
        String compileMillis = String.valueOf((System.nanoTime() - compiling) / 1_000_000);
        err.println(compiled.fromCache() ? t.text("cli.cache.loaded", policies.hash(), compileMillis, cacheDirectory)
                : t.text("cli.cache.compiled", policies.hash(), compileMillis,
                        cacheDirectory == null ? "" : t.text("cli.cache.kept", cacheDirectory)));
        Evaluator evaluator = new Evaluator(compiled);
        try (InputStream in = Files.newInputStream(records); RecordSource source = RecordSource.open(in, format, options)) {
            // the evaluation starts (the campaign and file checked where every evaluation's are), and the header must hold
            // the evidence the campaign's rules need (issue 12, item 3), before any verdict file exists
            FileEvidence.check(evaluator, header.campaign(), header.file(), absent, source);
        } catch (BulkFormatException e) {
            err.println(t.text("cli.errorIn", records, e.message(t.locale())));
            return 1;
        } catch (InvalidRequestException e) {
            e.violations().forEach(v -> err.println(t.text("cli.error", v.path() + " " + v.message(t.locale()))));
            return 1;
        }
        long size = Files.size(records);
        Progress progress = new Progress(err, size, t);
        BulkEvaluation.Result result;
        try {
            result = evaluate(records, format, options, evaluator, header, absent, output, errors, progress, workers, batchSize);
        } catch (BulkFormatException e) {
            // a workbook's sheet damaged past its header stops the reading: no verdict file is left, as a job leaves none
            progress.done();
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
            err.println(t.text("cli.errorIn", records, e.message(t.locale())));
            return 1;
        }
        progress.done();
        var totals = result.totals();
        out.println(t.text("cli.evaluate.decision", result.decision(), result.policyVersion().hash()));
        for (Finding f : result.findings()) {
            // the finding's text: the findings' own language comes with issue 16's policy texts (Finding.message)
            out.println(t.text("cli.evaluate.finding", f.severity(), f.code(), f.message().in(t.locale())));
        }
        out.println(t.text("cli.evaluate.totals", t.count(totals.linesRead()), t.count(totals.contactable()), t.count(totals.excluded()),
                t.count(totals.rejected())) + (totals.addsUp() ? "" : t.text("cli.evaluate.doesNotAddUp")));
        result.summary().excludedBy().forEach((reason, count) -> out.println(t.text("cli.evaluate.excludedBy",
                String.format(java.util.Locale.ROOT, "%-32s", reason), t.count(count))));
        (progress.source != null ? progress.source.warnings(t.locale()) : result.warnings()).forEach(w -> out.println(t.text("cli.warning", w)));
        Duration took = Duration.between(result.startedAt(), result.finishedAt());
        double seconds = took.toMillis() / 1000.0;
        out.println(t.text("cli.evaluate.done", t.count(totals.linesRead()), t.decimal(seconds, 1),
                t.decimal(totals.linesRead() / Math.max(0.001, seconds), 0), output, errors));
        return 0;
    }

    /** The evaluation proper: the verdict and error files written as the records are read. */
    private static BulkEvaluation.Result evaluate(Path records, RecordSource.Format format, ReadOptions options, Evaluator evaluator, BulkHeader header,
                                                  java.util.Set<io.listguard.rules.Evidence> absent, Path output, Path errors, Progress progress,
                                                  int workers, int batchSize) throws IOException {
        try (InputStream raw = Files.newInputStream(records);
             CountingInputStream counting = new CountingInputStream(raw);
             RecordSource source = RecordSource.open(counting, format, options);
             OutputStream verdictOut = Files.newOutputStream(output);
             OutputStream errorOut = Files.newOutputStream(errors);
             VerdictFiles files = new VerdictFiles(verdictOut, errorOut, progress.t.locale())) { // reasons in --lang
            progress.counting = counting;
            progress.source = source;
            return new BulkEvaluation(evaluator, SuppressionList.NONE, batchSize, workers)
                    .run(header.campaign(), header.file(), absent, source, files, files, progress, DecisionRecorder.Recording.NONE);
        }
    }

    /** A one-line progress bar on the terminal: records, records/s and time left (from the bytes read). */
    private static final class Progress implements BulkEvaluation.Progress {
        private final PrintStream err;
        private final CliTexts t;
        private final long size;
        private final long started = System.nanoTime();
        private long lastPrint;
        CountingInputStream counting;
        /** An XLSX sheet knows better than the bytes counted (the workbook is copied before any row is read). */
        RecordSource source;

        Progress(PrintStream err, long size, CliTexts texts) {
            this.err = err;
            this.t = texts;
            this.size = Math.max(1, size);
        }

        @Override
        public void update(long linesRead, long evaluated, long rejected) {
            long now = System.nanoTime();
            if (now - lastPrint < 200_000_000L) {
                return;
            }
            lastPrint = now;
            double seconds = (now - started) / 1e9;
            double fraction = source != null && source.fractionRead() >= 0 ? source.fractionRead()
                    : counting == null ? 0 : Math.min(1.0, counting.count() / (double) size);
            long left = fraction > 0 ? Math.round(seconds / fraction - seconds) : -1;
            int bar = (int) Math.round(fraction * 30);
            err.print("\r[" + "#".repeat(bar) + ".".repeat(30 - bar) + "] " + t.text("cli.evaluate.progress",
                    String.format(java.util.Locale.ROOT, "%3.0f", fraction * 100), t.count(evaluated + rejected),
                    t.decimal((evaluated + rejected) / Math.max(0.001, seconds), 0), left < 0 ? "?" : t.count(left)) + "   ");
        }

        void done() {
            err.print("\r" + " ".repeat(90) + "\r");
        }
    }
}
