package io.listguard.audit;

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
 * alike. CSV cells that a spreadsheet would run as a formula are defused.
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
            throw new IllegalArgumentException("format must be csv or jsonl");
        }
    }

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditExport(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    public void write(AuditQuery query, Format format, OutputStream out) throws IOException {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (format == Format.CSV) {
            writer.write("id,evaluatedAt,caller,campaignId,fileId,policyVersion,policyHash,decision,total,contactable,excluded,codes\n");
        }
        trail.stream(query, e -> {
            try {
                writer.write(format == Format.CSV ? csvLine(e) : json.writeValueAsString(e) + "\n");
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        writer.flush();
    }

    private static String csvLine(StoredEvaluation e) {
        return String.join(",", csv(e.id()), e.evaluatedAt().toString(), csv(e.caller()), csv(e.campaignId()), csv(e.fileId()),
                csv(e.policyVersionId()), e.policyHash(), e.decision(), String.valueOf(e.total()), String.valueOf(e.contactable()),
                String.valueOf(e.excluded()), String.join("|", e.codes())) + "\n";
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.startsWith("=") || value.startsWith("+") || value.startsWith("-") || value.startsWith("@") ? "'" + value : value;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
