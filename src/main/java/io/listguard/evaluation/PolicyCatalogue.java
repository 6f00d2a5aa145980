package io.listguard.evaluation;

import io.listguard.domain.HolidayCalendar;
import io.listguard.domain.PublicHoliday;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference data the policies define (sheet "Offers" of list-quality.xlsx): the offer categories a campaign may
 * name and the job functions each relates to (R10); and the public-holiday calendar (sheet "Public holidays" of
 * campaign-obligations.xlsx, R21a). Read once per policy version by firing the catalogue sheets' rules.
 */
public record PolicyCatalogue(Map<String, Offer> offers, HolidayCalendar holidays) {

    public record Offer(String code, String label, Set<String> relatedJobFunctions) {
    }

    public PolicyCatalogue {
        offers = Map.copyOf(offers);
        holidays = holidays == null ? HolidayCalendar.EMPTY : holidays;
    }

    public PolicyCatalogue(Map<String, Offer> offers) {
        this(offers, HolidayCalendar.EMPTY);
    }

    /** The public holidays the policy declares, in sheet order. */
    public List<PublicHoliday> holidayRules() {
        return holidays.rules();
    }

    public List<String> offerCodes() {
        return offers.keySet().stream().sorted().toList();
    }

    public Set<String> relatedJobFunctions(String offerCategory) {
        Offer offer = offers.get(offerCategory);
        return offer == null ? Set.of() : offer.relatedJobFunctions();
    }
}
