package io.listguard.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import org.postgresql.PGConnection;

/**
 * Builds the rows of a PostgreSQL {@code COPY ... FROM STDIN} in text format and sends them. Text format: columns
 * separated by tabs, rows by newlines, {@code \N} for null; a backslash, tab, newline or carriage return in a value
 * is written as its backslash escape, and a {@code bytea} as {@code \\x} and its hex digits.
 */
final class PgCopy {

    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder text = new StringBuilder(1 << 16);
    private boolean rowStarted;

    PgCopy text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return this;
    }

    PgCopy number(long value) {
        separate();
        text.append(value);
        return this;
    }

    PgCopy bool(boolean value) {
        separate();
        text.append(value ? 't' : 'f');
        return this;
    }

    PgCopy bytes(byte[] value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else {
            text.append("\\\\x");
            HEX.formatHex(text, value);
        }
        return this;
    }

    PgCopy endRow() {
        text.append('\n');
        rowStarted = false;
        return this;
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }

    /** Sends the rows with {@code COPY table (columns) FROM STDIN}; returns how many rows the server took. */
    long copyInto(Connection connection, String tableAndColumns) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + tableAndColumns + " FROM STDIN (FORMAT text)",
                    new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SQLException("COPY failed", e);
        }
    }
}
