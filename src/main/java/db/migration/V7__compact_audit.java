package db.migration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Compact audit rows, on H2 and PostgreSQL alike: the stored request and answer become gzip-compressed bytes
 * ({@code request_gz}, {@code result_gz} instead of the {@code *_json} texts), the keyed hashes of
 * {@code evaluation_record} their 32 bytes instead of 64 hex characters, and the index on the decision (which no
 * lookup needs: searches go by time, campaign, file or code) is dropped. Existing rows are converted here, in Java,
 * because neither database compresses in SQL and the two decode hex differently; the format is the one
 * {@code io.listguard.audit.AuditStore} writes (gzip of the UTF-8 JSON; a hash's raw bytes).
 */
public class V7__compact_audit extends BaseJavaMigration {

    private static final int PAGE = 1_000;

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("alter table evaluation add column request_gz bytea");
            s.execute("alter table evaluation add column result_gz bytea");
        }
        compressAnswers(c);
        try (Statement s = c.createStatement()) {
            s.execute("alter table evaluation drop column request_json");
            s.execute("alter table evaluation drop column result_json");
            s.execute("alter table evaluation alter column request_gz set not null");
            s.execute("alter table evaluation alter column result_gz set not null");
            s.execute("drop index evaluation_decision");

            s.execute("drop index evaluation_record_email");
            s.execute("drop index evaluation_record_phone");
            for (String column : new String[] {"email", "phone", "address"}) {
                s.execute("alter table evaluation_record add column " + column + "_hmac bytea");
            }
        }
        binaryHashes(c);
        try (Statement s = c.createStatement()) {
            for (String column : new String[] {"email", "phone", "address"}) {
                s.execute("alter table evaluation_record drop column " + column + "_hash");
                s.execute("alter table evaluation_record rename column " + column + "_hmac to " + column + "_hash");
            }
            // data-subject lookups (by email or by phone) are the only searches of record rows
            s.execute("create index evaluation_record_email on evaluation_record (email_hash)");
            s.execute("create index evaluation_record_phone on evaluation_record (phone_hash)");
        }
    }

    /** Page by id (keyset), so that no result set stays open over the rows being updated. */
    private static void compressAnswers(Connection c) throws SQLException {
        String after = "";
        while (true) {
            int n = 0;
            try (PreparedStatement select = c.prepareStatement(
                    "select id, request_json, result_json from evaluation where id > ? order by id limit " + PAGE);
                 PreparedStatement update = c.prepareStatement("update evaluation set request_gz = ?, result_gz = ? where id = ?")) {
                select.setString(1, after);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString(1);
                        update.setBytes(1, gzip(rs.getString(2)));
                        update.setBytes(2, gzip(rs.getString(3)));
                        update.setString(3, after);
                        update.addBatch();
                        n++;
                    }
                }
                if (n > 0) {
                    update.executeBatch();
                }
            }
            if (n < PAGE) {
                return;
            }
        }
    }

    private static void binaryHashes(Connection c) throws SQLException {
        String afterId = "";
        int afterSeq = -1;
        HexFormat hex = HexFormat.of();
        while (true) {
            int n = 0;
            try (PreparedStatement select = c.prepareStatement("select evaluation_id, seq, email_hash, phone_hash, address_hash "
                    + "from evaluation_record where (evaluation_id > ? or (evaluation_id = ? and seq > ?)) "
                    + "and (email_hash is not null or phone_hash is not null or address_hash is not null) "
                    + "order by evaluation_id, seq limit " + PAGE);
                 PreparedStatement update = c.prepareStatement(
                         "update evaluation_record set email_hmac = ?, phone_hmac = ?, address_hmac = ? where evaluation_id = ? and seq = ?")) {
                select.setString(1, afterId);
                select.setString(2, afterId);
                select.setInt(3, afterSeq);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        afterId = rs.getString(1);
                        afterSeq = rs.getInt(2);
                        for (int i = 0; i < 3; i++) {
                            String h = rs.getString(3 + i);
                            if (h == null) {
                                update.setNull(1 + i, Types.VARBINARY);
                            } else {
                                update.setBytes(1 + i, hex.parseHex(h));
                            }
                        }
                        update.setString(4, afterId);
                        update.setInt(5, afterSeq);
                        update.addBatch();
                        n++;
                    }
                }
                if (n > 0) {
                    update.executeBatch();
                }
            }
            if (n < PAGE) {
                return;
            }
        }
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write((text == null ? "{}" : text).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
