package io.listguard.domain;

import java.time.LocalDate;

/**
 * A person's consent to be contacted on a channel, as the provider recorded it. {@code proofRef} points to the
 * individual proof (R14); {@code renterNamed} says the renter was named when the person consented (R15).
 */
public record Consent(Channel channel, LocalDate givenOn, String proofRef, Boolean renterNamed, Boolean parentalConsent) {
}
