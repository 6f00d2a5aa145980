package io.listguard.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One line of a rented file: a person (or a generic business address) with what the provider knows of them.
 * <p>
 * Issue 15: {@code collectedOn} is the date the data was collected (retention, R18); {@code contractWithRenter}
 * says the contract of {@code activeContractRelatedToOffer} is with the renter, the campaign's company (the
 * contract exceptions of R6, R9, R23 and Bloctel rely on it); {@code objectedDuringCallOn} is the date the person
 * objected to canvassing during a call (R27); {@code listeOrange} that their directory entry is on the operator's
 * opposition list (R25). All optional.
 * <p>
 * {@code outOfHoursCallsAgreed}: the person expressly agreed to be called outside the D223-9 days and hours (R21a);
 * absent means no such agreement. {@code timeZone}: the person's IANA zone id, e.g. "Indian/Reunion" (R21a: the
 * hours hold in the consumer's time zone); absent, it is told from the phone number, then the postal code.
 */
public record ProspectRecord(
        String id,
        RecordKind kind,
        String email,
        String phone,
        String postalAddress,
        LocalDate birthDate,
        String jobFunction,
        List<String> segments,
        List<Consent> consents,
        Boolean bloctelRegistered,
        Boolean optedOut,
        Boolean activeContractRelatedToOffer,
        LocalDate lastActivityOn,
        Integer callAttemptsLast30Days,
        LocalDate lastRefusalOn,
        LocalDate collectedOn,
        Boolean contractWithRenter,
        LocalDate objectedDuringCallOn,
        Boolean listeOrange,
        Boolean outOfHoursCallsAgreed,
        String timeZone) {

    public ProspectRecord {
        segments = segments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(segments));
        consents = consents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(consents));
    }

    /** A record without the facts of issue 15 (collection date, contract party, objection during a call...). */
    public ProspectRecord(String id, RecordKind kind, String email, String phone, String postalAddress, LocalDate birthDate,
                          String jobFunction, List<String> segments, List<Consent> consents, Boolean bloctelRegistered,
                          Boolean optedOut, Boolean activeContractRelatedToOffer, LocalDate lastActivityOn,
                          Integer callAttemptsLast30Days, LocalDate lastRefusalOn) {
        this(id, kind, email, phone, postalAddress, birthDate, jobFunction, segments, consents, bloctelRegistered, optedOut,
                activeContractRelatedToOffer, lastActivityOn, callAttemptsLast30Days, lastRefusalOn, null, null, null, null, null, null);
    }
}
