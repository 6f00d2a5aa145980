package io.listguard.suppression;

import io.listguard.domain.ContactPoints;
import io.listguard.domain.Identifiers;
import io.listguard.domain.Violation;
import io.listguard.suppression.Suppressions.Kind;
import io.listguard.suppression.Suppressions.NewSuppression;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of what a person gives the suppression list, whatever carries it (a JSON request, a form, a file's
 * defaults): entries to add, the identifier asked about, the justification of a removal, and free-text fields. A
 * fault is reported at its path without ever quoting the identifier.
 */
public final class SuppressionChecks {

    /** At most this many entries are added by one request; a larger list is imported as a file. */
    public static final int MAX_ENTRIES = 10_000;
    public static final int MAX_REASON = 500;
    public static final int MAX_SOURCE = 200;
    public static final int MIN_JUSTIFICATION = 10;
    public static final int MAX_JUSTIFICATION = 1000;

    /** One entry as given: exactly one of email or phone, with the reason and the source of the objection. */
    public record Given(String email, String phone, String reason, String source) {
    }

    /** An identifier as asked for: what kind it is and its value (never logged). */
    public record Identifier(Kind kind, String value) {

        /** "email" or "phone", to name it in a message instead of quoting it. */
        public String noun() {
            return kind == Kind.EMAIL ? "email" : "phone";
        }

        public SuppressionNotFoundException notSuppressed() {
            return new SuppressionNotFoundException("this " + noun() + " is not on the suppression list");
        }
    }

    private SuppressionChecks() {
    }

    /**
     * The entries of one request, checked all at once: every fault is added to {@code violations} at its path
     * ({@code entries[2].email}), and the entries are to be added only when none was found.
     */
    public static List<NewSuppression> entries(List<Given> given, List<Violation> violations) {
        List<NewSuppression> entries = new ArrayList<>();
        if (given == null || given.isEmpty()) {
            violations.add(new Violation("entries", "at least one entry is required"));
        } else if (given.size() > MAX_ENTRIES) {
            violations.add(new Violation("entries", "at most " + MAX_ENTRIES + " entries per request; import a larger list as a file "
                    + "(POST /api/v1/suppressions/import)"));
        } else {
            for (int i = 0; i < given.size(); i++) {
                NewSuppression entry = entry(given.get(i), "entries[" + i + "]", violations);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** Checks one entry; null (and violations at {@code path}) when it is invalid. */
    private static NewSuppression entry(Given entry, String path, List<Violation> violations) {
        if (entry == null) {
            violations.add(new Violation(path, "must be an object with email or phone, reason and source"));
            return null;
        }
        int before = violations.size();
        boolean hasEmail = entry.email() != null && !entry.email().isBlank();
        boolean hasPhone = entry.phone() != null && !entry.phone().isBlank();
        Kind kind = null;
        String value = null;
        String emailControl = Identifiers.controlProblem(entry.email());
        String phoneControl = Identifiers.controlProblem(entry.phone());
        if (emailControl != null || phoneControl != null) {
            violations.add(new Violation(path + (emailControl != null ? ".email" : ".phone"), emailControl != null ? emailControl : phoneControl));
        } else if (hasEmail && hasPhone) {
            violations.add(new Violation(path, "give either email or phone, not both (one entry per identifier)"));
        } else if (!hasEmail && !hasPhone) {
            violations.add(new Violation(path, "email or phone is required"));
        } else if (hasEmail && !ContactPoints.validEmail(entry.email())) {
            violations.add(new Violation(path + ".email", "is not a valid email address"));
        } else if (hasPhone && !ContactPoints.validPhone(entry.phone())) {
            violations.add(new Violation(path + ".phone", "is not a valid phone number"));
        } else {
            kind = hasEmail ? Kind.EMAIL : Kind.PHONE;
            value = hasEmail ? entry.email() : entry.phone();
        }
        String reason = required(entry.reason(), path + ".reason", MAX_REASON, violations);
        String source = required(entry.source(), path + ".source", MAX_SOURCE, violations);
        return violations.size() == before ? new NewSuppression(kind, value, reason, source) : null;
    }

    /** Exactly one of email or phone, valid; an {@link IllegalArgumentException} that never quotes it otherwise. */
    public static Identifier identifier(String email, String phone) {
        boolean hasEmail = email != null && !email.isBlank();
        boolean hasPhone = phone != null && !phone.isBlank();
        if (hasEmail == hasPhone) {
            throw new IllegalArgumentException("give exactly one of the parameters email or phone");
        }
        String control = Identifiers.controlProblem(hasEmail ? email : phone);
        if (control != null) {
            throw new IllegalArgumentException((hasEmail ? "email " : "phone ") + control);
        }
        if (hasEmail && !ContactPoints.validEmail(email)) {
            throw new IllegalArgumentException("email is not a valid email address");
        }
        if (hasPhone && !ContactPoints.validPhone(phone)) {
            throw new IllegalArgumentException("phone is not a valid phone number");
        }
        return hasEmail ? new Identifier(Kind.EMAIL, email) : new Identifier(Kind.PHONE, phone);
    }

    /**
     * The justification of a removal, stripped: required, at least {@link #MIN_JUSTIFICATION} characters, since a
     * suppression is removed only to correct an error; an {@link IllegalArgumentException} otherwise.
     */
    public static String justification(String justification) {
        if (Identifiers.controlProblem(justification) != null) {
            throw new IllegalArgumentException("justification " + Identifiers.controlProblem(justification));
        }
        String why = justification == null ? "" : justification.strip();
        if (why.length() < MIN_JUSTIFICATION) {
            throw new IllegalArgumentException("justification is required: say which error this removal corrects (at least "
                    + MIN_JUSTIFICATION + " characters); an objection to direct marketing itself is never withdrawn");
        }
        if (why.length() > MAX_JUSTIFICATION) {
            throw new IllegalArgumentException("justification is longer than " + MAX_JUSTIFICATION + " characters");
        }
        return why;
    }

    /** A free-text field that may be absent: null when blank, else stripped; a control character or more than {@code max} is a violation. */
    public static String optional(String value, String path, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String control = Identifiers.controlProblem(value);
        if (control != null) {
            violations.add(new Violation(path, control));
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            violations.add(new Violation(path, "is longer than " + max + " characters"));
        }
        return stripped;
    }

    private static String required(String value, String path, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(path, "is required"));
            return null;
        }
        return optional(value, path, max, violations);
    }
}
