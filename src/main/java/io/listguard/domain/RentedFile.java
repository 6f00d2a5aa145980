package io.listguard.domain;

import java.time.LocalDate;

/**
 * The rented prospect file as a whole: who provides it, at what price, and when it was scrubbed against Bloctel;
 * and what GDPR art. 14 needs of it (R17): whether it holds personal data at all ({@code personalData}; a file of
 * business generic addresses holds none; unknown is presumed yes), the date the renter received it
 * ({@code receivedOn}, from which the one-month information deadline of art. 14(3)(a) runs) and the date the
 * persons were informed by a notice of their own, if they were ({@code personsInformedOn}).
 */
public record RentedFile(String id, Provider provider, Double pricePerThousand, String currency, LocalDate bloctelScrubbedOn,
                         Boolean personalData, LocalDate receivedOn, LocalDate personsInformedOn) {

    /** A file that says nothing of personal data, its receipt or an information notice. */
    public RentedFile(String id, Provider provider, Double pricePerThousand, String currency, LocalDate bloctelScrubbedOn) {
        this(id, provider, pricePerThousand, currency, bloctelScrubbedOn, null, null, null);
    }
}
