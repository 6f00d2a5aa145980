package io.listguard.bulk;

import io.listguard.domain.ProspectRecord;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import java.io.BufferedReader;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** One JSON record object per line, exactly as in the JSON API's records array. */
final class NdjsonRecordSource extends RecordSource {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build(); // a repeated key is a rejected line

    NdjsonRecordSource(BufferedReader reader) {
        super(reader);
    }

    @Override
    protected ParsedLine parse(String text) {
        ProspectRecord record;
        try {
            record = JSON.readValue(text, ProspectRecord.class);
        } catch (JacksonException e) {
            Violation v = JsonErrors.describe(e);
            return ParsedLine.rejected(lineNumber, ("$".equals(v.path()) ? "" : v.path() + ": ") + v.message());
        }
        if (record == null) {
            return ParsedLine.rejected(lineNumber, "the line is not a record object");
        }
        String problems = LineValidation.problems(record);
        return problems == null ? ParsedLine.ok(lineNumber, record) : ParsedLine.rejected(lineNumber, problems);
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }
}
