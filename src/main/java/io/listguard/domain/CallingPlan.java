package io.listguard.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The calling schedule of a PHONE campaign: when it calls and how often it may retry a person; and the number it
 * shows to the person called (R28): {@code callerNumber} as dialled in France (spaces allowed, +33 accepted), or
 * {@code callerNumberMasked} when the number is withheld (C. conso. L221-17 forbids it when calling consumers).
 */
public record CallingPlan(List<CallingWindow> windows, Boolean includesPublicHolidays, Integer maxAttemptsPer30Days,
                          String callerNumber, Boolean callerNumberMasked) {

    public CallingPlan {
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
    }

    /** A plan that says nothing of the caller's number. */
    public CallingPlan(List<CallingWindow> windows, Boolean includesPublicHolidays, Integer maxAttemptsPer30Days) {
        this(windows, includesPublicHolidays, maxAttemptsPer30Days, null, null);
    }
}
