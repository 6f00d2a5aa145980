package io.listguard.spark;

import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.ReadOptions;
import io.listguard.bulk.RecordCharsets;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileReader;
import io.listguard.evaluation.AbsentEvidence;
import io.listguard.rules.Evidence;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job evaluates, as text that travels to the executors: the campaign file, the records' path and format, and
 * the CLI's reading options ({@code --charset}, {@code --separator}, {@code --sheet}, {@code --profile},
 * {@code --absent}), resolved on each side by the same core calls and with the same precedence as the CLI's
 * {@code evaluate}: an option given wins over the campaign file's {@code "format"}, which wins over the profile.
 */
// parquet: rows of a Parquet dataset, read as the NDJSON lines Spark writes of them (format NDJSON)
record JobSpec(String campaignJson, String records, RecordSource.Format format, String charsetName, String separatorName, String sheetName,
               String profileJson, String absentNames, int batchSize, Locale language, String out, long splitBytes, boolean parquet)
        implements Serializable {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The campaign, the reading options and the evidence declared absent, as the core types. */
    record Inputs(BulkHeader header, ReadOptions options, Set<Evidence> absent) {
    }

    BulkHeader header() {
        return JSON.readValue(campaignJson, BulkHeader.class);
    }

    MappingProfile profile() {
        return profileJson == null ? null : ProfileReader.read(profileJson);
    }

    /** The core's inputs; the same exceptions as the CLI meets for a bad campaign file, charset, separator or profile. */
    Inputs resolve() {
        BulkHeader header = header();
        MappingProfile profile = profile();
        Character separator = ReadOptions.separatorNamed(separatorName);
        Charset charset = charsetName == null ? null : RecordCharsets.resolve(charsetName);
        ReadOptions declared = header.readOptions(profile, format);
        ReadOptions options = new ReadOptions(charset != null ? charset : declared.charset(), separator != null ? separator : declared.separator(),
                profile, sheetName != null ? sheetName : declared.sheet(), null);
        Set<Evidence> absent = absentNames != null ? AbsentEvidence.named(List.of(absentNames.split(",", -1)), "--absent") : header.absentEvidence();
        return new Inputs(header, options, absent);
    }
}
