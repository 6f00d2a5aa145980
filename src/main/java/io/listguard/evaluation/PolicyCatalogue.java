package io.listguard.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference data the policies define (sheet "Offers" of list-quality.xlsx): the offer categories a campaign may
 * name and the job functions each relates to (R10). Read once per policy version by firing that sheet's rules.
 */
public record PolicyCatalogue(Map<String, Offer> offers) {

    public record Offer(String code, String label, Set<String> relatedJobFunctions) {
    }

    public PolicyCatalogue {
        offers = Map.copyOf(offers);
    }

    public List<String> offerCodes() {
        return offers.keySet().stream().sorted().toList();
    }

    public Set<String> relatedJobFunctions(String offerCategory) {
        Offer offer = offers.get(offerCategory);
        return offer == null ? Set.of() : offer.relatedJobFunctions();
    }
}
