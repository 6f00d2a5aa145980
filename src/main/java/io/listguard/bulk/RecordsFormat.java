package io.listguard.bulk;

/**
 * How a records file is written, the {@code format} part of a bulk request beside {@code campaign} and {@code file}:
 * for now its {@code charset} (null for UTF-8), one of {@link RecordCharsets#SUPPORTED}.
 */
public record RecordsFormat(String charset) {
}
