package io.listguard.lifecycle;

import io.listguard.policy.PolicyProblem;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts the system itself writes into the stored history (a version's comment, an activation's reason, an
 * event's reason, a schedule's outcome): stored with message codes as {@link PolicyProblem#inline} pieces, such as
 * {@code ⟦policy.stored.firstStart⟧} or {@code ⟦policy.stored.upload⟧ what the person wrote}, and rendered in the
 * reader's language when read. What a person wrote stays as written. Texts stored in English before the codes
 * ("first start", "upload: ...") are recognised and rendered the same way, so that old history reads in French too;
 * any other text is shown as stored.
 */
public final class StoredTexts {

    private StoredTexts() {
    }

    /** A piece to store: the code with its arguments. */
    public static String code(String code, Object... args) {
        return PolicyProblem.inline(code, args);
    }

    /** A coded text as a piece to store, its coded arguments as pieces within it. */
    public static String code(io.listguard.domain.CodedText text) {
        return code(text.code(), text.args().stream().map(a -> a instanceof io.listguard.domain.CodedText inner ? code(inner) : a).toArray());
    }

    /** A piece followed by what a person wrote (nothing when they wrote nothing): "⟦policy.stored.upload⟧ their comment". */
    public static String prefixed(String code, String written, Object... args) {
        String piece = code(code, args);
        return written == null || written.isBlank() ? piece : piece + " " + written;
    }

    /** A stored text in a language. */
    public static String render(Locale locale, String stored) {
        if (stored == null) {
            return null;
        }
        return PolicyProblem.resolved(locale, stored.indexOf('⟦') >= 0 ? stored : legacy(stored));
    }

    /** The same with English texts stored before issue 16 turned into their pieces. */
    static String legacy(String text) {
        for (Legacy l : LEGACY) {
            Matcher m = l.pattern().matcher(text);
            if (m.matches()) {
                Object[] args = new Object[l.arguments()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = m.group(i + 1);
                }
                String piece = code(l.code(), args);
                return l.rest() ? piece + " " + legacy(m.group(m.groupCount())) : piece;
            }
        }
        Matcher confirmed = CONFIRMED.matcher(text);
        if (confirmed.matches()) {
            return legacy(confirmed.group(1)) + " " + code("policy.stored.confirmed", confirmed.group(2), confirmed.group(3));
        }
        return text;
    }

    /** An English text of the past: its pattern, its code, how many groups are the code's arguments, whether a text follows. */
    private record Legacy(Pattern pattern, String code, int arguments, boolean rest) {
        static Legacy exact(String text, String code) {
            return new Legacy(Pattern.compile(Pattern.quote(text)), code, 0, false);
        }

        static Legacy prefix(String regex, String code, int arguments) {
            return new Legacy(Pattern.compile(regex + "(.*)", Pattern.DOTALL), code, arguments, true);
        }
    }

    private static final Pattern CONFIRMED = Pattern.compile("(.*) \\(confirmed: (\\d+) row\\(s\\) of (\\S+) replaced\\)", Pattern.DOTALL);

    private static final List<Legacy> LEGACY = List.of(
            Legacy.exact("bundled policies", "policy.stored.bundled"),
            Legacy.exact("policies from the configured directories", "policy.stored.fromDirectories"),
            Legacy.exact("policies from the configured directories changed", "policy.stored.directoriesChanged"),
            Legacy.exact("first start", "policy.stored.firstStart"),
            Legacy.exact("start-up with changed policy directories", "policy.stored.startDirectoriesChanged"),
            Legacy.exact("rules of this release of listguard", "policy.stored.releaseRules"),
            Legacy.exact("release upgrade: rules updated", "policy.stored.releaseUpgrade"),
            Legacy.exact("activation", "policy.stored.activation"),
            Legacy.exact("activated", "policy.stored.activated"),
            new Legacy(Pattern.compile("fallback: (\\S+) no longer compiles"), "policy.stored.fallback", 1, false),
            new Legacy(Pattern.compile("fallback at start-up: (\\S+) no longer compiles"), "policy.stored.fallbackAtStart", 1, false),
            new Legacy(Pattern.compile("rebuilt from (\\S+) on (\\S+)"), "policy.stored.rebuilt", 2, false),
            new Legacy(Pattern.compile("author of (\\S+), from which it was rebuilt"), "policy.stored.authorOf", 1, false),
            Legacy.exact("interrupted by the upgrade to resumable jobs: this job was queued or running under a version that kept its request in memory "
                    + "only, so no instance can run it; submit the file again", "bulk.job.legacyInterrupted"),
            new Legacy(Pattern.compile("the records file of this job is no longer in the data directory \\((.*)\\): every instance running jobs must "
                    + "share listguard.data-dir; submit the file again", Pattern.DOTALL), "bulk.job.inputMissing", 1, false),
            new Legacy(Pattern.compile("the job stopped on an error (\\d+) times in a row, the last one: (.*)", Pattern.DOTALL),
                    "bulk.job.failedAfterRetries", 2, false),
            new Legacy(Pattern.compile("listguard \\(scheduled #(\\d+) by (.*)\\)", Pattern.DOTALL), "policy.stored.scheduledBy", 2, false),
            Legacy.prefix("upload: ?", "policy.stored.upload", 0),
            Legacy.prefix("approved: ?", "policy.stored.approved", 0),
            Legacy.prefix("withdrawn: ?", "policy.stored.withdrawn", 0),
            Legacy.prefix("scheduled #(\\d+): ?", "policy.stored.scheduled", 1),
            Legacy.prefix("#(\\d+) at (\\S+): ?", "policy.stored.scheduledAt", 2),
            Legacy.prefix("#(\\d+): ?", "policy.stored.number", 1));
}
