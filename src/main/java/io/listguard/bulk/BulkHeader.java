package io.listguard.bulk;

import io.listguard.domain.Campaign;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.Evidence;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;

/**
 * The campaign and the rented file of a bulk evaluation: the JSON request without its records, and optionally how
 * the records file is written ({@code "format": {"charset": "windows-1252"}}).
 */
public record BulkHeader(Campaign campaign, RentedFile file, RecordsFormat format) {

    public BulkHeader(Campaign campaign, RentedFile file) {
        this(campaign, file, null);
    }

    /** The declared charset of the records file, UTF-8 when none; an {@link UnknownCharsetException} for an unsupported one. */
    public Charset charset() {
        return RecordCharsets.resolve(format == null ? null : format.charset());
    }

    /**
     * The evidence the records file is declared not to hold ({@code format.absent}, e.g. {@code ["optedOut"]}); an
     * {@link io.listguard.evaluation.InvalidRequestException} at {@code format.absent[i]} for a name that is not one.
     */
    public Set<Evidence> absentEvidence() {
        return Evidence.named(format == null ? List.of() : format.absent(), "format.absent");
    }
}
