package io.listguard.cli;

import io.listguard.domain.Messages;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches command-line use of the jar; anything else starts the service. Every line a command prints comes from
 * a message code (area {@code cli}), in the language of {@code --lang fr|en} when it is given (anywhere on the command
 * line), else of the JVM's default locale: French when its language is French, English otherwise.
 */
public final class Cli {

    private Cli() {
    }

    /** Outside Spring Boot, logback would print the engine's debug output; a command prints its report only. */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static final List<String> COMMANDS = List.of("policies", "evaluate", "bench", "audit");

    /** True when the arguments name a command rather than service options (a leading --lang LANG is allowed). */
    public static boolean handles(String[] args) {
        String[] rest = withoutLanguage(args);
        return rest.length > 0 && COMMANDS.contains(rest[0]);
    }

    /** The language a command speaks: {@code --lang fr|en}, else the JVM's default locale (French or English). */
    static Locale language(String[] args, Locale defaultLocale) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--lang")) {
                return languageNamed(args[i + 1]);
            }
        }
        return defaultLocale != null && defaultLocale.getLanguage().equals(Messages.FRENCH.getLanguage()) ? Messages.FRENCH : Messages.ENGLISH;
    }

    private static Locale languageNamed(String name) {
        String language = Locale.forLanguageTag(name.replace('_', '-')).getLanguage();
        return switch (language) {
            case "fr" -> Messages.FRENCH;
            case "en" -> Messages.ENGLISH;
            default -> null;
        };
    }

    /** The arguments without {@code --lang LANG}. */
    private static String[] withoutLanguage(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        int at = rest.indexOf("--lang");
        if (at >= 0) {
            rest.remove(at);
            if (at < rest.size()) {
                rest.remove(at);
            }
        }
        return rest.toArray(String[]::new);
    }

    /** Runs a command and returns its exit code: 0 ok, 1 the check failed, 2 bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        quietLogging();
        Locale locale = language(args, Locale.getDefault());
        if (locale == null) {
            Locale fallback = language(new String[0], Locale.getDefault());
            int at = Arrays.asList(args).indexOf("--lang");
            err.println(Messages.text(fallback, "cli.lang.unknown", args[at + 1]));
            return 2;
        }
        if (Arrays.asList(args).indexOf("--lang") == args.length - 1 && args.length > 0) {
            err.println(Messages.text(locale, "cli.option.needsValue", "--lang"));
            return 2;
        }
        String[] rest = withoutLanguage(args);
        CliTexts texts = new CliTexts(locale);
        if (rest.length >= 2 && rest[0].equals("policies") && rest[1].equals("validate")) {
            return new PoliciesValidateCommand(out, err, texts).run(Arrays.copyOfRange(rest, 2, rest.length));
        }
        try {
            if (rest.length > 0 && rest[0].equals("evaluate")) {
                return new EvaluateCommand(out, err, texts).run(Arrays.copyOfRange(rest, 1, rest.length));
            }
            if (rest.length >= 2 && rest[0].equals("audit") && rest[1].equals("verify")) {
                return new AuditVerifyCommand(out, err, texts).run(Arrays.copyOfRange(rest, 2, rest.length));
            }
            if (rest.length > 0 && rest[0].equals("bench")) {
                return new BenchCommand(out, err, texts).run(Arrays.copyOfRange(rest, 1, rest.length));
            }
        } catch (java.io.IOException | RuntimeException e) {
            err.println(texts.text("cli.error", texts.describe(e)));
            return 1;
        }
        err.println(texts.text("cli.usage.validate"));
        err.println(texts.text("cli.usage.evaluate.short"));
        err.println(texts.text("cli.usage.bench.short"));
        err.println(texts.text("cli.usage.auditVerify.short"));
        return 2;
    }
}
