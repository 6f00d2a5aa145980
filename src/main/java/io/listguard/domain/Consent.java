package io.listguard.domain;

import java.time.LocalDate;

/**
 * A person's consent to be contacted on a channel, as the provider recorded it. {@code proofRef} points to the
 * individual proof (R14); {@code renterNamed} says the renter was named when the person consented (R15).
 * {@code collectedBy} names who collected it (a company, not personal data of the person) and {@code hop} how far
 * the data travelled since: 1 collected by the provider itself or by the partner that rents the file directly,
 * 2 or more passed on again (R15, one hop only). Both are optional; an unknown hop is not held against the consent.
 */
public record Consent(Channel channel, LocalDate givenOn, String proofRef, Boolean renterNamed, Boolean parentalConsent,
                      String collectedBy, Integer hop) {

    /** A consent without partner-chain information. */
    public Consent(Channel channel, LocalDate givenOn, String proofRef, Boolean renterNamed, Boolean parentalConsent) {
        this(channel, givenOn, proofRef, renterNamed, parentalConsent, null, null);
    }
}
