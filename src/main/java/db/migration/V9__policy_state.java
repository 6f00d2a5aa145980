package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 14: one active policy version for every instance on the database.
 * <ul>
 *   <li>{@code policy_state}: a single row (id 1) holding the active version, who made it active and when, and a
 *       counter raised by every activation. An activation is a conditional update of that row on the counter its
 *       instance read when the operation started, in the transaction that inserts its {@code policy_activation}
 *       row: of two simultaneous activations exactly one commits. It starts from the last activation recorded.</li>
 *   <li>{@code policy_version_seq}: the numbers of new versions (v1, v2, ...), starting after the highest stored one,
 *       so that two uploads at once never get the same id. A Java migration because its start depends on the data.</li>
 * </ul>
 * Both statements are PostgreSQL's; H2 runs them in PostgreSQL mode.
 */
public class V9__policy_state extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        long next;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(seq), 0) + 1 from policy_version")) {
            rs.next();
            next = rs.getLong(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("create sequence policy_version_seq start with " + next + " increment by 1");
            s.execute("""
                    create table policy_state (
                        id             integer                  not null primary key check (id = 1),
                        active_version varchar(32)              references policy_version (id),
                        counter        bigint                   not null,
                        changed_by     varchar(200),
                        changed_at     timestamp with time zone
                    )""");
        }
        String active = null;
        String by = null;
        Timestamp at = null;
        long activations;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select version_id, activated_by, activated_at from policy_activation order by id desc limit 1")) {
                if (rs.next()) {
                    active = rs.getString(1);
                    by = rs.getString(2);
                    at = rs.getTimestamp(3);
                }
            }
            try (ResultSet rs = s.executeQuery("select count(*) from policy_activation")) {
                rs.next();
                activations = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into policy_state (id, active_version, counter, changed_by, changed_at) values (1, ?, ?, ?, ?)")) {
            ps.setString(1, active);
            ps.setLong(2, activations);
            ps.setString(3, by);
            ps.setTimestamp(4, at);
            ps.executeUpdate();
        }
    }
}
