package io.listguard.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks what the JSON parser cannot: required fields, coherent dates, unique record ids. Reports every
 * problem with its JSON path, not just the first, so that a caller fixes a request in one round trip.
 */
public final class RequestValidator {

    private RequestValidator() {
    }

    public static List<Violation> validate(EvaluationRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request == null) {
            violations.add(new Violation("$", "the request body is empty"));
            return violations;
        }
        validateCampaign(request.campaign(), violations);
        validateFile(request.file(), violations);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < request.records().size(); i++) {
            validateRecord(request.records().get(i), "records[" + i + "]", ids, violations);
        }
        return violations;
    }

    public static void validateCampaign(Campaign campaign, List<Violation> violations) {
        if (campaign == null) {
            violations.add(new Violation("campaign", "is required"));
            return;
        }
        require(campaign.id(), "campaign.id", violations);
        noControl(campaign.id(), "campaign.id", violations);
        noControl(campaign.offerCategory(), "campaign.offerCategory", violations);
        if (campaign.sender() != null) {
            noControl(campaign.sender().name(), "campaign.sender.name", violations);
        }
        require(campaign.audience(), "campaign.audience", violations);
        require(campaign.channel(), "campaign.channel", violations);
        require(campaign.offerCategory(), "campaign.offerCategory", violations);
        require(campaign.startDate(), "campaign.startDate", violations);
        require(campaign.optOut(), "campaign.optOut", violations);
        plausible(campaign.startDate(), "campaign.startDate", violations);
        plausible(campaign.endDate(), "campaign.endDate", violations);
        if (campaign.startDate() != null && campaign.endDate() != null && campaign.endDate().isBefore(campaign.startDate())) {
            violations.add(new Violation("campaign.endDate", "is before campaign.startDate"));
        }
        if (campaign.calling() != null) {
            String zone = campaign.calling().timeZone();
            if (zone != null && LocalZones.zoneOrNull(zone) == null) {
                violations.add(new Violation("campaign.calling.timeZone", "is not a time zone id such as Europe/Paris or Indian/Reunion"));
            }
            var windows = campaign.calling().windows();
            for (int i = 0; i < windows.size(); i++) {
                CallingWindow w = windows.get(i);
                String path = "campaign.calling.windows[" + i + "]";
                if (w == null) {
                    violations.add(new Violation(path, "is null"));
                    continue;
                }
                if (hasNull(w.days())) {
                    violations.add(new Violation(path + ".days", "holds a null day"));
                }
                require(w.from(), path + ".from", violations);
                require(w.to(), path + ".to", violations);
                if (w.from() != null && w.to() != null && !w.from().isBefore(w.to())) {
                    violations.add(new Violation(path, "'from' must be before 'to'"));
                }
                if (w.days().isEmpty()) {
                    violations.add(new Violation(path + ".days", "must name at least one day"));
                }
            }
        }
    }

    public static void validateFile(RentedFile file, List<Violation> violations) {
        if (file == null) {
            violations.add(new Violation("file", "is required"));
            return;
        }
        require(file.id(), "file.id", violations);
        noControl(file.id(), "file.id", violations);
        noControl(file.currency(), "file.currency", violations);
        plausible(file.bloctelScrubbedOn(), "file.bloctelScrubbedOn", violations);
        if (file.provider() != null) {
            plausible(file.provider().certifiedUntil(), "file.provider.certifiedUntil", violations);
            if (hasNull(file.provider().certifications())) {
                violations.add(new Violation("file.provider.certifications", "holds a null entry"));
            }
            noControl(file.provider().name(), "file.provider.name", violations);
            noControl(file.provider().certifications(), "file.provider.certifications", violations);
        }
        if (file.pricePerThousand() != null && file.pricePerThousand() < 0) {
            violations.add(new Violation("file.pricePerThousand", "must not be negative"));
        }
    }

    /** Validates one record; {@code seenIds} catches duplicates across a request or a streamed file. */
    public static void validateRecord(ProspectRecord record, String path, Set<String> seenIds, List<Violation> violations) {
        if (record == null) {
            violations.add(new Violation(path, "is null"));
            return;
        }
        require(record.id(), path + ".id", violations);
        require(record.kind(), path + ".kind", violations);
        if (record.id() != null && !seenIds.add(record.id())) {
            violations.add(new Violation(path + ".id", "duplicates the id of an earlier record"));
        }
        if (hasNull(record.segments())) {
            violations.add(new Violation(path + ".segments", "holds a null entry"));
        }
        noControl(record.id(), path + ".id", violations);
        noControl(record.email(), path + ".email", violations);
        noControl(record.phone(), path + ".phone", violations);
        String address = Identifiers.controlProblem(record.postalAddress(), true); // an address has lines; nothing else is accepted
        if (address != null) {
            violations.add(new Violation(path + ".postalAddress", address));
        }
        noControl(record.jobFunction(), path + ".jobFunction", violations);
        noControl(record.segments(), path + ".segments", violations);
        plausible(record.birthDate(), path + ".birthDate", violations);
        plausible(record.lastActivityOn(), path + ".lastActivityOn", violations);
        plausible(record.lastRefusalOn(), path + ".lastRefusalOn", violations);
        plausible(record.collectedOn(), path + ".collectedOn", violations);
        plausible(record.objectedDuringCallOn(), path + ".objectedDuringCallOn", violations);
        if (record.timeZone() != null && LocalZones.zoneOrNull(record.timeZone()) == null) {
            violations.add(new Violation(path + ".timeZone", "is not a time zone id such as Europe/Paris or Indian/Reunion"));
        }
        for (int j = 0; j < record.consents().size(); j++) {
            Consent consent = record.consents().get(j);
            String consentPath = path + ".consents[" + j + "]";
            if (consent == null) {
                violations.add(new Violation(consentPath, "is null"));
                continue;
            }
            require(consent.channel(), consentPath + ".channel", violations);
            require(consent.givenOn(), consentPath + ".givenOn", violations);
            noControl(consent.proofRef(), consentPath + ".proofRef", violations);
            plausible(consent.givenOn(), consentPath + ".givenOn", violations);
            noControl(consent.collectedBy(), consentPath + ".collectedBy", violations);
            if (consent.hop() != null && consent.hop() < 1) {
                violations.add(new Violation(consentPath + ".hop", "must be 1 or more"));
            }
        }
    }

    /**
     * Control characters (NUL, CR, LF, tab, other C0 and C1) are refused in ids and free text: PostgreSQL cannot
     * store a NUL, and a line break would forge a log line. The violation names the character, never the value.
     */
    private static void noControl(String value, String path, List<Violation> violations) {
        String problem = Identifiers.controlProblem(value);
        if (problem != null) {
            violations.add(new Violation(path, problem));
        }
    }

    private static void noControl(List<String> values, String path, List<Violation> violations) {
        for (int i = 0; values != null && i < values.size(); i++) {
            noControl(values.get(i), path + "[" + i + "]", violations);
        }
    }

    /** Immutable lists throw on contains(null); requests may hold nulls, which is what is being checked. */
    private static boolean hasNull(List<?> list) {
        return list.stream().anyMatch(java.util.Objects::isNull);
    }

    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2200, 12, 31);

    /** A date outside 1900-2200 is a typing mistake, and would overflow date arithmetic in the rules. */
    private static void plausible(LocalDate date, String path, List<Violation> violations) {
        if (date != null && (date.isBefore(EARLIEST) || date.isAfter(LATEST))) {
            violations.add(new Violation(path, "'" + date + "' is outside the years 1900 to 2200"));
        }
    }

    /** Ids are stored and searched: at most 200 characters. */
    static final int MAX_ID = 200;

    private static void require(Object value, String path, List<Violation> violations) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            violations.add(new Violation(path, "is required"));
        } else if (value instanceof String s && path.endsWith(".id") && s.length() > MAX_ID) {
            violations.add(new Violation(path, "is longer than " + MAX_ID + " characters"));
        }
    }
}
