package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileCheck;
import io.listguard.domain.Campaign;
import io.listguard.domain.RentedFile;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import java.nio.charset.Charset;
import java.util.List;

/**
 * The campaign and the rented file of a bulk evaluation: the JSON request without its records, and optionally how
 * the records file is written ({@code "format": {"charset": "windows-1252", "separator": ";", "profile": "dataplus-b2c"}}).
 */
public record BulkHeader(Campaign campaign, RentedFile file, RecordsFormat format) {

    public BulkHeader(Campaign campaign, RentedFile file) {
        this(campaign, file, null);
    }

    /** The declared charset of the records file, UTF-8 when none; an {@link UnknownCharsetException} for an unsupported one. */
    public Charset charset() {
        return RecordCharsets.resolve(format == null ? null : format.charset());
    }

    /** The stored profile the request names ({@code format.profile}), null when none. */
    public String profileName() {
        return format == null ? null : format.profile();
    }

    /**
     * How to read the records file: the request's {@code format} first, then the profile's own charset and separator,
     * then the defaults (UTF-8; the separator told from the header line). {@code profile} is the one the request names
     * ({@link #profileName()}, resolved by the caller), null for listguard's own header. An unsupported charset is an
     * {@link UnknownCharsetException}; an unsupported separator an {@link InvalidRequestException} at
     * {@code request.format.separator}; a profile with problems an {@link io.listguard.bulk.mapping.InvalidProfileException}.
     */
    public ReadOptions readOptions(MappingProfile profile) {
        if (profile != null) {
            ProfileCheck.require(profile); // its own charset and separator are then supported ones
        }
        String charset = format != null && format.charset() != null ? format.charset() : profile == null ? null : profile.charset();
        Character separator;
        try {
            separator = ReadOptions.separatorNamed(format == null ? null : format.separator());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(List.of(new Violation("request.format.separator", e.getMessage())));
        }
        if (separator == null && profile != null) {
            separator = ReadOptions.separatorNamed(profile.separator());
        }
        return new ReadOptions(RecordCharsets.resolve(charset), separator, profile);
    }
}
