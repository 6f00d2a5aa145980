package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileCheck;
import io.listguard.domain.Campaign;
import io.listguard.domain.Messages;
import io.listguard.domain.RentedFile;
import io.listguard.domain.Violation;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.InvalidRequestException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The campaign and the rented file of a bulk evaluation: the JSON request without its records, and optionally how
 * the records file is written ({@code "format": {"charset": "windows-1252", "separator": ";", "profile": "dataplus-b2c"}},
 * or for an XLSX workbook {@code "format": {"sheet": "Contacts", "profile": "dataplus-b2c"}}).
 */
public record BulkHeader(Campaign campaign, RentedFile file, RecordsFormat format) {

    /** Message codes of the request's {@code format} declaring what does not apply to its file. */
    public static final String XLSX_CHARSET = "bulk.xlsx.charsetDeclared";
    public static final String XLSX_SEPARATOR = "bulk.xlsx.separatorDeclared";
    public static final String SHEET_NOT_XLSX = "bulk.sheet.notXlsx";
    public static final String BLANK_SHEET = "bulk.sheet.blank";

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
        return readOptions(profile, RecordSource.Format.CSV);
    }

    /**
     * How to read a records file of the given format. For XLSX: the request's {@code format.sheet}, else the profile's
     * {@code sheet}, else the first sheet; a workbook's text has no charset and its cells no separator, so the
     * request declaring either is an {@link InvalidRequestException} at {@code request.format.charset} or
     * {@code .separator} (a profile's own charset and separator, which describe the same broker's CSV export, are
     * left aside). For CSV and NDJSON as {@link #readOptions(MappingProfile)}; the request declaring a sheet is an
     * {@link InvalidRequestException} at {@code request.format.sheet} (a profile's sheet is left aside).
     */
    public ReadOptions readOptions(MappingProfile profile, RecordSource.Format type) {
        if (profile != null) {
            ProfileCheck.require(profile); // its own charset and separator are then supported ones
        }
        if (type == RecordSource.Format.XLSX) {
            List<Violation> violations = new java.util.ArrayList<>();
            if (format != null && format.charset() != null) {
                violations.add(new Violation("request.format.charset", Messages.english(XLSX_CHARSET, "format.charset", format.charset())));
            }
            if (format != null && format.separator() != null) {
                violations.add(new Violation("request.format.separator", Messages.english(XLSX_SEPARATOR, "format.separator", format.separator())));
            }
            String sheet = format != null && format.sheet() != null ? format.sheet() : profile == null ? null : profile.sheet();
            if (format != null && format.sheet() != null && format.sheet().isBlank()) {
                violations.add(new Violation("request.format.sheet", Messages.english(BLANK_SHEET)));
            }
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            return new ReadOptions(StandardCharsets.UTF_8, null, profile, sheet, null);
        }
        if (format != null && format.sheet() != null) {
            throw new InvalidRequestException(List.of(new Violation("request.format.sheet", Messages.english(SHEET_NOT_XLSX, "format.sheet", format.sheet()))));
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

    /**
     * The evidence the records file is declared not to hold ({@code format.absent}, e.g. {@code ["optedOut"]}); an
     * {@link io.listguard.evaluation.InvalidRequestException} at {@code format.absent[i]} for a name that is not one.
     */
    public Set<Evidence> absentEvidence() {
        return io.listguard.evaluation.AbsentEvidence.named(format == null ? List.of() : format.absent(), "format.absent");
    }
}
