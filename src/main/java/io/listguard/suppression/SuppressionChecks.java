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

    /** One entry as given: exactly one of email, phone or postal address, with the reason and the source of the objection. */
    public record Given(String email, String phone, String reason, String source, String address) {

        /** An entry without a postal address. */
        public Given(String email, String phone, String reason, String source) {
            this(email, phone, reason, source, null);
        }
    }

    /** An identifier as asked for: what kind it is and its value (never logged). */
    public record Identifier(Kind kind, String value) {

        /** "email", "phone" or "postal address", to name it in a message instead of quoting it. */
        public String noun() {
            return switch (kind) {
                case EMAIL -> "email";
                case PHONE -> "phone";
                case ADDRESS -> "postal address";
            };
        }

        public SuppressionNotFoundException notSuppressed() {
            return new SuppressionNotFoundException(io.listguard.domain.CodedText.of("api.notFound.suppression." + kind.name().toLowerCase(java.util.Locale.ROOT)));
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
            violations.add(new Violation(path, "must be an object with email, phone or address, reason and source"));
            return null;
        }
        int before = violations.size();
        Kind kind = null;
        String value = null;
        String[] values = {entry.email(), entry.phone(), entry.address()};
        String[] fields = {"email", "phone", "address"};
        int given = 0;
        int control = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                given++;
            }
            if (control < 0 && Identifiers.controlProblem(values[i]) != null) {
                control = i;
            }
        }
        if (control >= 0) {
            violations.add(new Violation(path + "." + fields[control], Identifiers.controlProblem(values[control])));
        } else if (given > 1) {
            violations.add(new Violation(path, "give one of email, phone or address, not several (one entry per identifier)"));
        } else if (given == 0) {
            violations.add(new Violation(path, "email, phone or address is required"));
        } else {
            Checked identifier = checked(entry.email(), entry.phone(), entry.address());
            if (identifier.problem != null) {
                violations.add(new Violation(path + "." + fields[identifier.kind.ordinal()], identifier.problem));
            } else {
                kind = identifier.kind;
                value = identifier.value;
            }
        }
        String reason = required(entry.reason(), path + ".reason", MAX_REASON, violations);
        String source = required(entry.source(), path + ".source", MAX_SOURCE, violations);
        return violations.size() == before ? new NewSuppression(kind, value, reason, source) : null;
    }

    /** Exactly one of email or phone, valid; an {@link IllegalArgumentException} that never quotes it otherwise. */
    public static Identifier identifier(String email, String phone) {
        return identifier(email, phone, null);
    }

    /** Exactly one of email, phone or postal address, valid; an {@link IllegalArgumentException} that never quotes it otherwise. */
    public static Identifier identifier(String email, String phone, String address) {
        int given = (email != null && !email.isBlank() ? 1 : 0) + (phone != null && !phone.isBlank() ? 1 : 0)
                + (address != null && !address.isBlank() ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of the parameters email, phone or address");
        }
        Checked checked = checked(email, phone, address);
        if (checked.problem != null) {
            throw new IllegalArgumentException(checked.field() + " " + checked.problem);
        }
        return new Identifier(checked.kind, checked.value);
    }

    /** The one identifier given (the others blank or null), and what is wrong with it (null when it is valid). */
    private record Checked(Kind kind, String value, String problem) {
        String field() {
            return kind == Kind.ADDRESS ? "address" : kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static Checked checked(String email, String phone, String address) {
        Kind kind = email != null && !email.isBlank() ? Kind.EMAIL : phone != null && !phone.isBlank() ? Kind.PHONE : Kind.ADDRESS;
        String value = switch (kind) {
            case EMAIL -> email;
            case PHONE -> phone;
            case ADDRESS -> address;
        };
        String problem = Identifiers.controlProblem(value);
        if (problem == null) {
            problem = switch (kind) {
                case EMAIL -> ContactPoints.validEmail(value) ? null : "is not a valid email address";
                case PHONE -> ContactPoints.validPhone(value) ? null : "is not a valid phone number";
                case ADDRESS -> ContactPoints.validPostalAddress(value) ? null
                        : "is not a valid postal address (at least 8 characters with a number)";
            };
        }
        return new Checked(kind, value, problem);
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
