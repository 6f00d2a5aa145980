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

    private final String label;

    public FileReview(RentedFile file, Campaign campaign) {
        this.file = file;
        this.campaign = campaign;
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

    @Override
    public String toString() {
        return label;
    }
}
