package io.listguard.bulk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** For tests of the record formats: every line a {@link RecordSource} gives for some bytes, read to the end. */
final class RecordSources {

    private RecordSources() {
    }

    static List<ParsedLine> readAll(String text, RecordSource.Format format) {
        return readAll(text.getBytes(StandardCharsets.UTF_8), format);
    }

    static List<ParsedLine> readAll(byte[] bytes, RecordSource.Format format) {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(bytes), format)) {
            return drain(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ParsedLine> readAll(byte[] bytes, RecordSource.Format format, ReadOptions options) {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(bytes), format, options)) {
            return drain(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ParsedLine> drain(RecordSource source) throws IOException {
        List<ParsedLine> lines = new ArrayList<>();
        ParsedLine line;
        while ((line = source.next()) != null) {
            lines.add(line);
        }
        return lines;
    }
}
