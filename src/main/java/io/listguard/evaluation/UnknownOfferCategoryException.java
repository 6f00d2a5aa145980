package io.listguard.evaluation;

import java.util.List;

/** The campaign names an offer category that the active policies do not define. */
public class UnknownOfferCategoryException extends RuntimeException {

    private final String offerCategory;
    private final List<String> known;

    public UnknownOfferCategoryException(String offerCategory, List<String> known) {
        super("offer category '" + offerCategory + "' is not defined by the active policies; known: " + String.join(", ", known));
        this.offerCategory = offerCategory;
        this.known = List.copyOf(known);
    }

    public String offerCategory() {
        return offerCategory;
    }

    public List<String> known() {
        return known;
    }

    /** The refusal by code, to say it in the reader's language. */
    public io.listguard.domain.CodedText text() {
        return io.listguard.domain.CodedText.of("api.unknownOffer", offerCategory);
    }
}
