package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.ProspectRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bulk formats carry the facts of R21a (issue 15): out_of_hours_calls_agreed and time_zone, CSV and NDJSON alike. */
class CallingColumnsTest {

    private static List<ParsedLine> read(String text, RecordSource.Format format) {
        return RecordSources.readAll(text.getBytes(StandardCharsets.UTF_8), format);
    }

    @Test
    @DisplayName("R21a: CSV columns out_of_hours_calls_agreed and time_zone fill outOfHoursCallsAgreed and timeZone; blank is absent")
    void csvColumns() {
        List<ParsedLine> lines = read("""
                id,kind,phone,out_of_hours_calls_agreed,time_zone
                r-1,PERSON,0692123456,oui,Indian/Reunion
                r-2,PERSON,0612345678,,
                """, RecordSource.Format.CSV);

        assertThat(lines).allSatisfy(l -> assertThat(l.error()).isNull());
        ProspectRecord first = lines.get(0).record();
        assertThat(first.outOfHoursCallsAgreed()).isTrue();
        assertThat(first.timeZone()).isEqualTo("Indian/Reunion");
        assertThat(lines.get(1).record().outOfHoursCallsAgreed()).isNull();
        assertThat(lines.get(1).record().timeZone()).isNull();
    }

    @Test
    @DisplayName("R21a: a CSV line whose out_of_hours_calls_agreed is not a boolean, or whose time_zone is not a zone, is rejected")
    void csvBadValues() {
        List<ParsedLine> lines = read("""
                id,kind,phone,out_of_hours_calls_agreed,time_zone
                r-1,PERSON,0692123456,perhaps,
                r-2,PERSON,0692123456,,UTC+4
                """, RecordSource.Format.CSV);

        assertThat(lines.get(0).error()).contains("out_of_hours_calls_agreed");
        assertThat(lines.get(1).error()).contains("timeZone");
    }

    @Test
    @DisplayName("R21a: NDJSON lines take outOfHoursCallsAgreed and timeZone as the JSON API does")
    void ndjsonFields() {
        List<ParsedLine> lines = read("""
                {"id":"r-1","kind":"PERSON","phone":"0692123456","outOfHoursCallsAgreed":true,"timeZone":"Indian/Reunion"}
                """, RecordSource.Format.NDJSON);

        assertThat(lines.get(0).error()).isNull();
        assertThat(lines.get(0).record().outOfHoursCallsAgreed()).isTrue();
        assertThat(lines.get(0).record().timeZone()).isEqualTo("Indian/Reunion");
    }
}
