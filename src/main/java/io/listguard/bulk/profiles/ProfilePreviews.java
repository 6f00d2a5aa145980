package io.listguard.bulk.profiles;

import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.RecordsFormat;
import io.listguard.bulk.RecordsPreview;
import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileReader;
import io.listguard.config.LimitsProperties;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Previews of a file before any job (issue 12, item 2): its first lines read with a stored profile, an unsaved one
 * (an edit being tried) or listguard's own header, with every problem. A preview evaluates nothing and stores
 * nothing: the upload is read from the request and forgotten with it.
 */
@Service
public class ProfilePreviews {

    /** Which profile a preview reads with. */
    public enum Source { LISTGUARD_HEADER, STORED, UNSAVED }

    /**
     * A preview: the profile it was read with ({@code name} and {@code version} for a stored one; the unsaved text's
     * name, if any) and what the file gives.
     */
    public record Preview(Source source, String name, Integer version, RecordsPreview.Result result) {
    }

    private final MappingProfiles profiles;

    /** The archive limits of a records file sent as an .xlsx workbook, as for bulk jobs. */
    private final io.listguard.xlsx.XlsxArchive.Limits workbookLimits;

    public ProfilePreviews(MappingProfiles profiles, ObjectProvider<LimitsProperties> limits) {
        this.profiles = profiles;
        this.workbookLimits = limits.getIfAvailable(() -> new LimitsProperties(null, null, null, null)).recordsWorkbook().archiveLimits();
    }

    /**
     * Reads the first lines of an upload.
     *
     * @param storedName  a stored profile's name (null: none); unknown: an {@link UnknownProfileException} at {@code name}
     * @param unsavedJson a profile's JSON not stored (null: none); its problems come back as the file's problems
     * @param format      the charset and separator the request declares, or the sheet of an .xlsx workbook (null: the
     *                    profile's, else the defaults); what does not apply to the file is an
     *                    {@link io.listguard.evaluation.InvalidRequestException}
     */
    public Preview preview(RecordsPreview.Upload upload, String fileName, String storedName, String unsavedJson, RecordsFormat format, int lines) {
        if (storedName != null && unsavedJson != null) {
            throw new IllegalArgumentException("give either a stored profile's name or an unsaved profile, not both");
        }
        if (lines < 1 || lines > RecordsPreview.MAX_LINES) {
            throw new IllegalArgumentException("lines must be between 1 and " + RecordsPreview.MAX_LINES + ", not " + lines);
        }
        RecordSource.Format type = RecordSource.formatOf(fileName);
        Source source = Source.LISTGUARD_HEADER;
        MappingProfile profile = null;
        Integer version = null;
        if (storedName != null) {
            StoredProfile stored = profiles.resolve(storedName, "name");
            source = Source.STORED;
            profile = stored.profile();
            version = stored.version();
        } else if (unsavedJson != null) {
            source = Source.UNSAVED;
            try {
                profile = ProfileReader.parse(unsavedJson); // checked when it is bound to the header: every problem, as file problems
            } catch (InvalidProfileException e) {
                return new Preview(source, null, null, refused(e));
            }
        }
        RecordsFormat declared = format == null ? null : new RecordsFormat(format.charset(), format.separator(), null, null, format.sheet());
        ReadOptions options;
        try {
            options = new BulkHeader(null, null, declared).readOptions(profile, type).withWorkbookLimits(workbookLimits);
        } catch (InvalidProfileException e) {
            return new Preview(source, profile.name(), version, refused(e)); // an unsaved profile's own mistakes, each at its path
        }
        return new Preview(source, profile == null ? null : profile.name(), version, RecordsPreview.read(upload, type, options, lines));
    }

    private static RecordsPreview.Result refused(InvalidProfileException e) {
        List<RecordsPreview.FileProblem> problems = e.problems().stream()
                .map(p -> new RecordsPreview.FileProblem(p.path(), p.code(), p.args(), p.message())).toList();
        return new RecordsPreview.Result(List.of(), List.of(), false, problems, List.of(), null, null, null);
    }
}
