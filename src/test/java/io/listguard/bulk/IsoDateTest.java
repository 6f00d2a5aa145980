package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read YYYY-MM-DD of the records reader decides exactly as {@link LocalDate#parse} does, valid or not. */
class IsoDateTest {

    @Test
    void itAgreesWithLocalDateParseOnValidInvalidAndOddDates() {
        List<String> values = new ArrayList<>(List.of("2026-02-28", "2026-02-29", "2024-02-29", "2026-02-31", "2026-13-01", "2026-00-10",
                "2026-01-00", "0000-01-01", "9999-12-31", "2026-1-01", "2026/01/01", "+2026-01-01", "20260101", "2026-01-0a", "２026-01-01",
                "2026-01-01 ", "-2026-01-01", "2026-04-31", "1900-02-29", "2000-02-29"));
        Random random = new Random(12);
        String alphabet = "0123456789-+/ a";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(3) == 0 ? 10 : random.nextInt(12);
            for (int k = 0; k < length; k++) {
                value.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('0' + random.nextInt(10)));
            }
            if (value.length() == 10 && random.nextBoolean()) {
                value.setCharAt(4, '-');
                value.setCharAt(7, '-');
            }
            values.add(value.toString());
        }
        for (String value : values) {
            assertThat(read(() -> TabularRecordSource.isoDate(value))).as(value).isEqualTo(read(() -> LocalDate.parse(value)));
        }
    }

    private static String read(java.util.function.Supplier<LocalDate> parse) {
        try {
            return parse.get().toString();
        } catch (RuntimeException e) {
            return "refused";
        }
    }
}
