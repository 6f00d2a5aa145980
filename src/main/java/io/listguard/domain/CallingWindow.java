package io.listguard.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Days and hours in which a telephone campaign places calls (R21a). */
public record CallingWindow(List<DayOfWeek> days, LocalTime from, LocalTime to) {

    public CallingWindow {
        days = days == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(days));
    }

    /** True when this window places calls on the day and some time strictly inside [from, to). */
    boolean overlaps(DayOfWeek day, LocalTime rangeFrom, LocalTime rangeTo) {
        if (from == null || to == null || !days.contains(day)) {
            return false;
        }
        return from.isBefore(rangeTo) && to.isAfter(rangeFrom);
    }
}
