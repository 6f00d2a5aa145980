package io.listguard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches command-line use of the jar; anything else starts the service. */
public final class Cli {

    private Cli() {
    }

    /** Outside Spring Boot, logback would print the engine's debug output; a command prints its report only. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** True when the arguments name a command rather than service options. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("policies") || args[0].equals("evaluate") || args[0].equals("bench"));
    }

    /** Runs a command and returns its exit code: 0 ok, 1 the check failed, 2 bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        quietLogging();
        if (args.length >= 2 && args[0].equals("policies") && args[1].equals("validate")) {
            return new PoliciesValidateCommand(out, err).run(Arrays.copyOfRange(args, 2, args.length));
        }
        try {
            if (args[0].equals("evaluate")) {
                return new EvaluateCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
            }
            if (args[0].equals("bench")) {
                return new BenchCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
            }
        } catch (java.io.IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        err.println("usage: java -jar listguard.jar policies validate [--rules-dir DIR --policies-dir DIR] [--json] FILE...");
        err.println("       java -jar listguard.jar evaluate --campaign campaign.json --records prospects.csv --out verdicts.csv [--charset NAME]"
                + " [--separator ,|;|tab|'|'] [--profile profile.json] [--cache-dir DIR | --no-cache]");
        err.println("       java -jar listguard.jar bench [--records N] [--workers N]");
        return 2;
    }
}
