package io.listguard.suppression;

import io.listguard.domain.CodedText;
import io.listguard.domain.ContactPoints;
import io.listguard.domain.Identifiers;
import io.listguard.domain.InvalidArgumentException;
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
            violations.add(Violation.coded("entries", "suppressions.check.noEntry"));
        } else if (given.size() > MAX_ENTRIES) {
            violations.add(Violation.coded("entries", "suppressions.check.tooManyEntries", MAX_ENTRIES));
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
            violations.add(Violation.coded(path, "suppressions.check.notAnObject"));
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
            violations.add(Identifiers.controlViolation(path + "." + fields[control], values[control], false));
        } else if (given > 1) {
            violations.add(Violation.coded(path, "suppressions.check.several"));
        } else if (given == 0) {
            violations.add(Violation.coded(path, "suppressions.check.none"));
        } else {
            Checked identifier = checked(entry.email(), entry.phone(), entry.address());
            if (identifier.problem != null) {
                violations.add(new Violation(path + "." + fields[identifier.kind.ordinal()], identifier.problem.english(), identifier.problem.code(),
                        identifier.problem.args()));
            } else {
                kind = identifier.kind;
                value = identifier.value;
            }
        }
        String reason = required(entry.reason(), path + ".reason", MAX_REASON, violations);
        String source = required(entry.source(), path + ".source", MAX_SOURCE, violations);
        return violations.size() == before ? new NewSuppression(kind, value, reason, source) : null;
    }

    /** Exactly one of email or phone, valid; an {@link InvalidArgumentException} that never quotes it otherwise. */
    public static Identifier identifier(String email, String phone) {
        return identifier(email, phone, null);
    }

    /** Exactly one of email, phone or postal address, valid; an {@link IllegalArgumentException} that never quotes it otherwise. */
    public static Identifier identifier(String email, String phone, String address) {
        int given = (email != null && !email.isBlank() ? 1 : 0) + (phone != null && !phone.isBlank() ? 1 : 0)
                + (address != null && !address.isBlank() ? 1 : 0);
        if (given != 1) {
            throw new InvalidArgumentException("suppressions.check.exactlyOneParameter");
        }
        Checked checked = checked(email, phone, address);
        if (checked.problem != null) {
            throw new InvalidArgumentException("suppressions.check.parameter", checked.field(), checked.problem);
        }
        return new Identifier(checked.kind, checked.value);
    }

    /** The one identifier given (the others blank or null), and what is wrong with it (null when it is valid). */
    private record Checked(Kind kind, String value, CodedText problem) {
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
        Violation control = Identifiers.controlViolation("", value, false);
        CodedText problem = control == null ? null : new CodedText(control.code(), control.args());
        if (problem == null) {
            problem = switch (kind) {
                case EMAIL -> ContactPoints.validEmail(value) ? null : CodedText.of("suppressions.check.badEmail");
                case PHONE -> ContactPoints.validPhone(value) ? null : CodedText.of("suppressions.check.badPhone");
                case ADDRESS -> ContactPoints.validPostalAddress(value) ? null : CodedText.of("suppressions.check.badAddress");
            };
        }
        return new Checked(kind, value, problem);
    }

    /**
     * The justification of a removal, stripped: required, at least {@link #MIN_JUSTIFICATION} characters, since a
     * suppression is removed only to correct an error; an {@link InvalidArgumentException} otherwise.
     */
    public static String justification(String justification) {
        Violation control = Identifiers.controlViolation("justification", justification, false);
        if (control != null) {
            throw new InvalidArgumentException("suppressions.check.parameter", "justification", new CodedText(control.code(), control.args()));
        }
        String why = justification == null ? "" : justification.strip();
        if (why.length() < MIN_JUSTIFICATION) {
            throw new InvalidArgumentException("suppressions.check.justificationRequired", MIN_JUSTIFICATION);
        }
        if (why.length() > MAX_JUSTIFICATION) {
            throw new InvalidArgumentException("suppressions.check.parameter", "justification", CodedText.of("request.tooLong", String.valueOf(MAX_JUSTIFICATION)));
        }
        return why;
    }

    /** A free-text field that may be absent: null when blank, else stripped; a control character or more than {@code max} is a violation. */
    public static String optional(String value, String path, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Violation control = Identifiers.controlViolation(path, value, false);
        if (control != null) {
            violations.add(control);
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            violations.add(Violation.coded(path, "request.tooLong", String.valueOf(max)));
        }
        return stripped;
    }

    private static String required(String value, String path, int max, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(Violation.coded(path, "request.required"));
            return null;
        }
        return optional(value, path, max, violations);
    }
}
