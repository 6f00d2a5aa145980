package io.listguard.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Formatting for the pages (as {@code @fmt} in templates): instants in UTC, as the audit trail stores them. */
@Component("fmt")
class ConsoleFormat {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public String instant(Instant instant) {
        return instant == null ? "" : INSTANT.format(instant);
    }

    /** The first characters of a hash or id, enough to tell versions apart on screen. */
    public String shortHash(String hash) {
        return hash == null ? "" : hash.substring(0, Math.min(12, hash.length()));
    }

    /** The file name of a policy file path ("policies/consent-regime.xlsx" gives "consent-regime.xlsx"). */
    public String fileName(String path) {
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }
}
