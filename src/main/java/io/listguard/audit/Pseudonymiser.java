package io.listguard.audit;

import io.listguard.domain.ContactPoints;
import io.listguard.domain.LocalZones;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces contact data by keyed hashes (HMAC-SHA256 with a secret from configuration), so that the audit trail
 * and the suppression list can find a person again from their email or phone, without holding either in clear.
 * Values are folded and normalised first ({@code Identifiers}: invisible characters, NFKC, fullwidth and other
 * digits; then case, spaces, 06 vs +336) so that two spellings of one address hash alike.
 *
 * <p>A stored request keeps, instead of each contact point, a surrogate derived from its hash that is valid or
 * invalid exactly as the original was (an email surrogate ends in {@code @pseudonymised.invalid}, a mobile one
 * starts with +336): a replay under another policy then sees the same contact-point validity.
 */
public final class Pseudonymiser {

    private final SecretKeySpec key;
    /** A Mac is not thread-safe and costly to look up: one per thread, initialised once with the key. */
    private final ThreadLocal<Mac> macs;

    public Pseudonymiser(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the HMAC secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
            }
        });
    }

    public String emailHash(String email) {
        String normal = ContactPoints.normalizedEmail(email);
        return normal == null || normal.isBlank() ? null : hmac("email:" + normal);
    }

    public String phoneHash(String phone) {
        String canonical = ContactPoints.canonicalPhone(phone);
        return canonical == null || canonical.isBlank() ? null : hmac("phone:" + canonical);
    }

    public String addressHash(String address) {
        String normal = ContactPoints.normalizedAddress(address);
        return normal == null || normal.isBlank() ? null : hmac("address:" + normal);
    }

    /** {@link #emailHash} as the 32 bytes the audit trail stores (null when there is no address). */
    byte[] emailHmac(String email) {
        String normal = ContactPoints.normalizedEmail(email);
        return normal == null || normal.isBlank() ? null : rawHmac("email:" + normal);
    }

    /** {@link #phoneHash} as the 32 bytes the audit trail stores. */
    byte[] phoneHmac(String phone) {
        String canonical = ContactPoints.canonicalPhone(phone);
        return canonical == null || canonical.isBlank() ? null : rawHmac("phone:" + canonical);
    }

    /** {@link #addressHash} as the 32 bytes the audit trail stores. */
    byte[] addressHmac(String address) {
        String normal = ContactPoints.normalizedAddress(address);
        return normal == null || normal.isBlank() ? null : rawHmac("address:" + normal);
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

    private String hmac(String value) {
        return HexFormat.of().formatHex(rawHmac(value));
    }

    private byte[] rawHmac(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}
