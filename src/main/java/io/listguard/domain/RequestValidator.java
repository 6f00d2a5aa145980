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
            violations.add(Violation.coded("$", "request.bodyEmpty"));
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
            violations.add(Violation.coded("campaign", "request.required"));
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
            violations.add(Violation.coded("campaign.endDate", "request.endBeforeStart"));
        }
        if (campaign.calling() != null) {
            String zone = campaign.calling().timeZone();
            if (zone != null && LocalZones.zoneOrNull(zone) == null) {
                violations.add(Violation.coded("campaign.calling.timeZone", "request.timeZone"));
            }
            var windows = campaign.calling().windows();
            for (int i = 0; i < windows.size(); i++) {
                CallingWindow w = windows.get(i);
                String path = "campaign.calling.windows[" + i + "]";
                if (w == null) {
                    violations.add(Violation.coded(path, "request.null"));
                    continue;
                }
                if (hasNull(w.days())) {
                    violations.add(Violation.coded(path + ".days", "request.nullDay"));
                }
                require(w.from(), path + ".from", violations);
                require(w.to(), path + ".to", violations);
                if (w.from() != null && w.to() != null && !w.from().isBefore(w.to())) {
                    violations.add(Violation.coded(path, "request.fromBeforeTo"));
                }
                if (w.days().isEmpty()) {
                    violations.add(Violation.coded(path + ".days", "request.noDay"));
                }
            }
        }
    }

    public static void validateFile(RentedFile file, List<Violation> violations) {
        if (file == null) {
            violations.add(Violation.coded("file", "request.required"));
            return;
        }
        require(file.id(), "file.id", violations);
        noControl(file.id(), "file.id", violations);
        noControl(file.currency(), "file.currency", violations);
        plausible(file.bloctelScrubbedOn(), "file.bloctelScrubbedOn", violations);
        if (file.provider() != null) {
            plausible(file.provider().certifiedUntil(), "file.provider.certifiedUntil", violations);
            if (hasNull(file.provider().certifications())) {
                violations.add(Violation.coded("file.provider.certifications", "request.nullEntry"));
            }
            noControl(file.provider().name(), "file.provider.name", violations);
            noControl(file.provider().certifications(), "file.provider.certifications", violations);
        }
        if (file.pricePerThousand() != null && file.pricePerThousand() < 0) {
            violations.add(Violation.coded("file.pricePerThousand", "request.negative"));
        }
    }

    /** Validates one record; {@code seenIds} catches duplicates across a request or a streamed file. */
    public static void validateRecord(ProspectRecord record, String path, Set<String> seenIds, List<Violation> violations) {
        if (record == null) {
            violations.add(Violation.coded(path, "request.null"));
            return;
        }
        require(record.id(), path + ".id", violations);
        require(record.kind(), path + ".kind", violations);
        if (record.id() != null && !seenIds.add(record.id())) {
            violations.add(Violation.coded(path + ".id", "request.duplicateId"));
        }
        if (hasNull(record.segments())) {
            violations.add(Violation.coded(path + ".segments", "request.nullEntry"));
        }
        noControl(record.id(), path + ".id", violations);
        noControl(record.email(), path + ".email", violations);
        noControl(record.phone(), path + ".phone", violations);
        Violation address = Identifiers.controlViolation(path + ".postalAddress", record.postalAddress(), true); // an address has lines
        if (address != null) {
            violations.add(address);
        }
        noControl(record.jobFunction(), path + ".jobFunction", violations);
        noControl(record.segments(), path + ".segments", violations);
        plausible(record.birthDate(), path + ".birthDate", violations);
        plausible(record.lastActivityOn(), path + ".lastActivityOn", violations);
        plausible(record.lastRefusalOn(), path + ".lastRefusalOn", violations);
        plausible(record.collectedOn(), path + ".collectedOn", violations);
        plausible(record.objectedDuringCallOn(), path + ".objectedDuringCallOn", violations);
        if (record.timeZone() != null && LocalZones.zoneOrNull(record.timeZone()) == null) {
            violations.add(Violation.coded(path + ".timeZone", "request.timeZone"));
        }
        for (int j = 0; j < record.consents().size(); j++) {
            Consent consent = record.consents().get(j);
            String consentPath = path + ".consents[" + j + "]";
            if (consent == null) {
                violations.add(Violation.coded(consentPath, "request.null"));
                continue;
            }
            require(consent.channel(), consentPath + ".channel", violations);
            require(consent.givenOn(), consentPath + ".givenOn", violations);
            noControl(consent.proofRef(), consentPath + ".proofRef", violations);
            plausible(consent.givenOn(), consentPath + ".givenOn", violations);
            noControl(consent.collectedBy(), consentPath + ".collectedBy", violations);
            if (consent.hop() != null && consent.hop() < 1) {
                violations.add(Violation.coded(consentPath + ".hop", "request.hop"));
            }
        }
    }

    /**
     * Control characters (NUL, CR, LF, tab, other C0 and C1) are refused in ids and free text: PostgreSQL cannot
     * store a NUL, and a line break would forge a log line. The violation names the character, never the value.
     */
    private static void noControl(String value, String path, List<Violation> violations) {
        Violation problem = Identifiers.controlViolation(path, value, false);
        if (problem != null) {
            violations.add(problem);
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
            violations.add(Violation.coded(path, "request.implausibleDate", date.toString()));
        }
    }

    /** Ids are stored and searched: at most 200 characters. */
    static final int MAX_ID = 200;

    private static void require(Object value, String path, List<Violation> violations) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            violations.add(Violation.coded(path, "request.required"));
        } else if (value instanceof String s && path.endsWith(".id") && s.length() > MAX_ID) {
            violations.add(Violation.coded(path, "request.tooLong", MAX_ID));
        }
    }
}
