package io.listguard.domain;

import java.time.LocalDate;

/** The rented prospect file as a whole: who provides it, at what price, and when it was scrubbed against Bloctel. */
public record RentedFile(String id, Provider provider, Double pricePerThousand, String currency, LocalDate bloctelScrubbedOn) {
}
