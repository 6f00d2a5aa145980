package io.listguard.bulk;

import io.listguard.domain.CodedText;
import io.listguard.domain.FieldNameCheck;
import io.listguard.domain.MisspelledFieldException;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.UnknownFields;
import io.listguard.domain.Violation;
import java.io.BufferedReader;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** One JSON record object per line, exactly as in the JSON API's records array. */
final class NdjsonRecordSource extends RecordSource {

    /**
     * Unknown fields are told apart by {@link FieldNameCheck}: near misses reject the line, others are counted. A
     * repeated key is a rejected line too.
     */
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).addHandler(new FieldNameCheck()).build();

    /** The unknown fields of this file, one warning each however many lines hold them. */
    private final UnknownFields unknown = new UnknownFields(ProspectRecord.class);
    private final ObjectReader records = JSON.readerFor(ProspectRecord.class).withAttribute(FieldNameCheck.UNKNOWN_FIELDS, unknown);

    NdjsonRecordSource(BufferedReader reader) {
        super(reader);
    }

    @Override
    protected ParsedLine parse(String text) {
        ProspectRecord record;
        try {
            unknown.atLine(lineNumber);
            record = records.readValue(text);
        } catch (MisspelledFieldException e) {
            CodedText nearMiss = CodedText.of("fields.nearMiss", e.name(), e.intended());
            return ParsedLine.rejected(lineNumber, e.where().isEmpty() ? nearMiss : CodedText.of("violation.located", e.where(), nearMiss));
        } catch (JacksonException e) {
            Violation v = JsonErrors.describe(e);
            CodedText said = v.code() == null ? CodedText.of("bulk.line.column", v.message()) : new CodedText(v.code(), v.args());
            boolean top = "$".equals(v.path());
            // English keeps the parser's own words (v.message()); the other languages the code's text
            return ParsedLine.rejected(lineNumber, (top ? "" : v.path() + ": ") + v.message(),
                    List.of(top ? said : CodedText.of("violation.located", v.path(), said)));
        }
        if (record == null) {
            return ParsedLine.rejected(lineNumber, CodedText.of("bulk.line.notObject"));
        }
        List<CodedText> problems = LineValidation.problems(record);
        return problems == null ? ParsedLine.ok(lineNumber, record, record.consents().isEmpty() && !listsConsents(text))
                : ParsedLine.rejected(lineNumber, problems);
    }

    /**
     * Whether a line whose record has no consent has a {@code consents} key (an empty list: the person gave none) or
     * not: the record cannot tell. Read again only for such lines that name the key somewhere.
     */
    private static boolean listsConsents(String text) {
        if (!text.contains("\"consents\"")) {
            return false;
        }
        tools.jackson.databind.JsonNode consents = JSON.readTree(text).get("consents");
        return consents != null && !consents.isNull();
    }

    @Override
    public List<CodedText> warningTexts() {
        return unknown.texts();
    }
}
