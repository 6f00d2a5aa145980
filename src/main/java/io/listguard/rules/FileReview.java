package io.listguard.rules;

import io.listguard.domain.Campaign;
import io.listguard.domain.RentedFile;
import io.listguard.domain.YesNo;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The rented file as the list-quality and Bloctel rows see it for one campaign: its provider's certifications,
 * its price, and its dates measured against the campaign's last day.
 */
public final class FileReview {

    private final RentedFile file;
    private final Campaign campaign;

    private final Boolean recordsHoldPerson;
    private final String label;

    public FileReview(RentedFile file, Campaign campaign) {
        this(file, campaign, null);
    }

    /**
     * {@code recordsHoldPerson}: whether the records of the evaluation hold a PERSON, when every record is known
     * before the campaign stage (a synchronous request); null when they are not (a bulk file, whose lines are read
     * after it, or a request without records).
     */
    public FileReview(RentedFile file, Campaign campaign, Boolean recordsHoldPerson) {
        this.file = file;
        this.campaign = campaign;
        this.recordsHoldPerson = recordsHoldPerson;
        this.label = "file:" + file.id();
    }

    public String getId() {
        return file.id();
    }

    public String getCurrency() {
        return file.currency() == null ? "EUR" : file.currency();
    }

    /** The price per thousand records; NaN when unknown, so that no price band matches. */
    public double getPricePerThousand() {
        return file.pricePerThousand() == null ? Double.NaN : file.pricePerThousand();
    }

    /** A cell such as "SNCD, DMF, ISO_27701": true when the provider holds none of them. */
    public boolean holdsNoneOf(String certifications) {
        return Arrays.stream(certifications.split(",")).map(String::trim).filter(s -> !s.isEmpty()).noneMatch(this::holds);
    }

    /** True when the provider claims this certification (case-insensitive). */
    public boolean holds(String certification) {
        return file.provider() != null
                && file.provider().certifications().stream().anyMatch(c -> c != null && c.equalsIgnoreCase(certification.trim()));
    }

    /** YES when the provider's certification ends before the campaign's last day. */
    public YesNo getCertificationEndsBeforeCampaignEnd() {
        return YesNo.of(file.provider() != null && file.provider().certifiedUntil() != null
                && file.provider().certifiedUntil().isBefore(campaign.lastDay()));
    }

    /** Days from the Bloctel scrub to the campaign's last day; a file never scrubbed is infinitely stale. */
    public long getBloctelScrubAgeDays() {
        return file.bloctelScrubbedOn() == null ? Long.MAX_VALUE : ChronoUnit.DAYS.between(file.bloctelScrubbedOn(), campaign.lastDay());
    }

    /**
     * GDPR art. 14 concerns personal data only (R17). YES when the file declares personal data, or declares nothing
     * and its records hold a PERSON or are not known (presumed: the cautious reading); NO when the file is declared
     * without personal data, or declares nothing and every known record is a GENERIC_ADDRESS. A PERSON record of a
     * file declared without personal data is excluded on its own (rules/evidence.drl, PERSONAL_DATA_UNDECLARED).
     */
    public YesNo getPersonalData() {
        if (file.personalData() != null) {
            return YesNo.of(file.personalData());
        }
        return YesNo.of(!Boolean.FALSE.equals(recordsHoldPerson));
    }

    /** YES when the file is declared to hold no personal data ({@code personalData: false}). */
    public YesNo getDeclaredWithoutPersonalData() {
        return YesNo.of(Boolean.FALSE.equals(file.personalData()));
    }

    /** YES when the file gives the date the renter received it. */
    public YesNo getReceivedOnKnown() {
        return YesNo.of(file.receivedOn() != null);
    }

    /**
     * GDPR art. 14(3)(a): true when the campaign's first day is more than {@code months} months after the file was
     * received and the persons were not informed within those months (no notice, or a later one). An unknown date
     * of receipt never matches (see {@link #getReceivedOnKnown()}).
     */
    public boolean informationLateAfterMonths(int months) {
        if (file.receivedOn() == null) {
            return false;
        }
        var deadline = file.receivedOn().plusMonths(months);
        boolean informedInTime = file.personsInformedOn() != null && !file.personsInformedOn().isAfter(deadline);
        return campaign.startDate().isAfter(deadline) && !informedInTime;
    }

    @Override
    public String toString() {
        return label;
    }
}
