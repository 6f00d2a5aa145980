package io.listguard.audit;

import io.listguard.domain.ContactPoints;
import io.listguard.domain.LocalZones;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.ProspectRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces contact data by keyed hashes (HMAC-SHA256 with a secret from configuration, {@link IdentifierHashes}), so that the audit trail
 * and the suppression list can find a person again from their email or phone, without holding either in clear.
 * Values are folded and normalised first ({@code Identifiers}: invisible characters, NFKC, fullwidth and other
 * digits; then case, spaces, 06 vs +336) so that two spellings of one address hash alike.
 *
 * <p>A stored request keeps, instead of each contact point, a surrogate derived from its hash that is valid or
 * invalid exactly as the original was (an email surrogate ends in {@code @pseudonymised.invalid}, a mobile one
 * starts with +336): a replay under another policy then sees the same contact-point validity.
 */
public final class Pseudonymiser {

    private final IdentifierHashes hashes;

    public Pseudonymiser(byte[] secret) {
        this(new IdentifierHashes(secret));
    }

    /** Hashes with these keyed hashes: the core's one implementation. */
    public Pseudonymiser(IdentifierHashes hashes) {
        this.hashes = hashes;
    }

    /** The keyed hashes themselves, e.g. for a suppression list evaluated outside the service. */
    public IdentifierHashes hashes() {
        return hashes;
    }

    /** The key's fingerprint ({@link IdentifierHashes#keyId()}). */
    public String keyId() {
        return hashes.keyId();
    }

    public String emailHash(String email) {
        return hashes.emailHash(email);
    }

    public String phoneHash(String phone) {
        return hashes.phoneHash(phone);
    }

    public String addressHash(String address) {
        return hashes.addressHash(address);
    }

    /** {@link #emailHash} as the 32 bytes the audit trail stores (null when there is no address). */
    byte[] emailHmac(String email) {
        return hashes.emailHmac(email);
    }

    /** {@link #phoneHash} as the 32 bytes the audit trail stores. */
    byte[] phoneHmac(String phone) {
        return hashes.phoneHmac(phone);
    }

    /** {@link #addressHash} as the 32 bytes the audit trail stores. */
    byte[] addressHmac(String address) {
        return hashes.addressHmac(address);
    }

    /**
     * The request with every email, phone and postal address replaced by its validity-preserving surrogate; every other
     * fact (dates, yes/no facts, consents with their proof reference, collector and hop) is kept, so a replay decides alike.
     */
    public EvaluationRequest pseudonymise(EvaluationRequest request) {
        List<ProspectRecord> records = new ArrayList<>(request.records().size());
        for (ProspectRecord r : request.records()) {
            records.add(r == null ? null : new ProspectRecord(r.id(), r.kind(), emailSurrogate(r.email()), phoneSurrogate(r.phone()),
                    addressSurrogate(r.postalAddress()), r.birthDate(), r.jobFunction(), r.segments(), r.consents(),
                    r.bloctelRegistered(), r.optedOut(), r.activeContractRelatedToOffer(), r.lastActivityOn(),
                    r.callAttemptsLast30Days(), r.lastRefusalOn(),
                    // dates and yes/no facts in clear: they identify nobody; a consent's collector is a company
                    r.collectedOn(), r.contractWithRenter(), r.objectedDuringCallOn(), r.listeOrange(), r.outOfHoursCallsAgreed(),
                    r.timeZone()));
        }
        return new EvaluationRequest(request.campaign(), request.file(), records);
    }

    String emailSurrogate(String email) {
        if (email == null) {
            return null;
        }
        String hash = emailHash(email);
        if (hash == null) {
            return "";
        }
        return ContactPoints.validEmail(email) ? "h" + hash.substring(0, 24) + "@pseudonymised.invalid" : "h" + hash.substring(0, 24);
    }

    String phoneSurrogate(String phone) {
        if (phone == null) {
            return null;
        }
        String hash = phoneHash(phone);
        if (hash == null) {
            return "";
        }
        String zonePrefix = LocalZones.zonePrefix(phone);
        if (zonePrefix != null) {
            // an overseas (or Comoros) number keeps the prefix that gives its time zone and département (R21a),
            // and its length, so that a replay reads the same zone and the same validity
            return zonePrefix + digits(hash, LocalZones.cleanedPhone(phone).length() - zonePrefix.length());
        }
        if (ContactPoints.validMobile(phone)) {
            return "+336" + digits(hash, 8);
        }
        return ContactPoints.validPhone(phone) ? "+331" + digits(hash, 8) : "invalid-" + hash.substring(0, 16);
    }

    String addressSurrogate(String address) {
        if (address == null) {
            return null;
        }
        String hash = addressHash(address);
        if (hash == null) {
            return "";
        }
        if (!ContactPoints.validPostalAddress(address)) {
            return "-";
        }
        // the département of the postal code is kept (as its first postal code, e.g. 97400, 57000): the local
        // public holidays and the time zone of R21a read it, and a replay must find them again
        String departement = LocalZones.departementOfPostalAddress(address);
        return "pseudonymised address " + hash.substring(0, 16) + " " + (departement == null ? "0" : postalCodeOf(departement));
    }

    private static String postalCodeOf(String departement) {
        return switch (departement) {
            case "2A" -> "20000";
            case "2B" -> "20200";
            default -> (departement + "00000").substring(0, 5);
        };
    }

    private static String digits(String hex, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append(Character.digit(hex.charAt(i), 16) % 10);
        }
        return digits.toString();
    }
}
