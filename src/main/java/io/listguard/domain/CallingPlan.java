package io.listguard.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The calling schedule of a PHONE or AUTOMATED_CALL campaign: when it calls and how often it may retry a person.
 * {@code timeZone} (optional, an IANA zone id such as "Indian/Reunion") is the zone its windows are written in,
 * Europe/Paris when absent; {@code outOfHoursOnlyWithAgreement} (optional) declares that outside the D223-9 slots
 * the campaign calls only people who expressly agreed to such calls (R21a). The number it shows to the person
 * called (R28): {@code callerNumber} as dialled in France (spaces allowed, +33 accepted), or
 * {@code callerNumberMasked} when the number is withheld (C. conso. L221-17 forbids it when calling consumers).
 */
public record CallingPlan(List<CallingWindow> windows, Boolean includesPublicHolidays, Integer maxAttemptsPer30Days,
                          String timeZone, Boolean outOfHoursOnlyWithAgreement, String callerNumber, Boolean callerNumberMasked) {

    public CallingPlan {
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
    }

    /** A plan in Europe/Paris time that declares nothing of express agreements nor of the caller's number. */
    public CallingPlan(List<CallingWindow> windows, Boolean includesPublicHolidays, Integer maxAttemptsPer30Days) {
        this(windows, includesPublicHolidays, maxAttemptsPer30Days, null, null, null, null);
    }
}
