package io.listguard.bulk;

import io.listguard.domain.Campaign;
import io.listguard.domain.RentedFile;
import java.nio.charset.Charset;

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
}
