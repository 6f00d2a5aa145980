package io.listguard.audit;

import io.listguard.bulk.CsvExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A search of the audit trail written out as CSV or JSON lines, streamed row by row, for the API and the console
 * alike. CSV is written by {@link CsvExport}: RFC 4180, and cells a spreadsheet would run as a formula defused.
 */
@Component
public class AuditExport {

    /** The two formats, with their media type and file name. */
    public enum Format {
        CSV("text/csv;charset=UTF-8"), JSONL("application/x-ndjson");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String fileName() {
            return "evaluations." + name().toLowerCase(Locale.ROOT);
        }

        /** "csv" or "jsonl". */
        public static Format of(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new io.listguard.domain.InvalidArgumentException("audit.export.format");
        }
    }

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditExport(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    public void write(AuditQuery query, Format format, OutputStream out) throws IOException {
        if (format == Format.CSV) {
            // not closed: the caller owns the stream
            CsvExport csv = new CsvExport(out, 1 << 13);
            csv.row("id", "evaluatedAt", "caller", "campaignId", "fileId", "policyVersion", "policyHash", "decision", "total", "contactable",
                    "excluded", "codes");
            trail.stream(query, e -> csv.row(e.id(), e.evaluatedAt().toString(), e.caller(), e.campaignId(), e.fileId(), e.policyVersionId(),
                    e.policyHash(), e.decision(), String.valueOf(e.total()), String.valueOf(e.contactable()), String.valueOf(e.excluded()),
                    String.join("|", e.codes())));
            csv.flush();
            return;
        }
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        trail.stream(query, e -> {
            try {
                writer.write(json.writeValueAsString(e) + "\n");
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        writer.flush();
    }
}
