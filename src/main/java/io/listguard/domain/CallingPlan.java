package io.listguard.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The calling schedule of a PHONE campaign: when it calls and how often it may retry a person. */
public record CallingPlan(List<CallingWindow> windows, Boolean includesPublicHolidays, Integer maxAttemptsPer30Days) {

    public CallingPlan {
        windows = windows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(windows));
    }
}
