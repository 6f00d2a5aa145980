package io.listguard.bulk;

import java.util.List;

/**
 * How a records file is written, the {@code format} part of a bulk request beside {@code campaign} and {@code file}
 * (every part optional): its {@code charset} (null for UTF-8, one of {@link RecordCharsets#SUPPORTED}), the
 * {@code separator} of a CSV file (null: told from the header line), the stored mapping {@code profile} that maps
 * a provider's own columns onto listguard's (null: listguard's own header), and the evidence the file is declared
 * not to hold ({@code absent}: listguard field names such as {@code optedOut}; issue 12, item 3), and the
 * {@code sheet} of an XLSX workbook (null: the profile's, else the first sheet).
 */
public record RecordsFormat(String charset, String separator, String profile, List<String> absent, String sheet) {

    public RecordsFormat(String charset) {
        this(charset, null, null, null, null);
    }

    public RecordsFormat(String charset, String separator, String profile, List<String> absent) {
        this(charset, separator, profile, absent, null);
    }

    public RecordsFormat {
        absent = absent == null ? List.of() : List.copyOf(absent);
    }
}
