package db.migration;

import io.listguard.lifecycle.PolicyApprovals;
import io.listguard.policy.ContractMigration;
import io.listguard.policy.PolicyMerge;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 13: the rule contract moved to {@code io.listguard.rules}. Every stored policy version's workbooks and DRL
 * files are rewritten into it by {@link ContractMigration} (the same rewrite an upload of an old file goes
 * through), so that every version still compiles, can be activated again and replayed, with the same rules.
 * <p>
 * The rewritten files have other bytes, so for each version changed:
 * <ul>
 *   <li>{@code policy_file}: new content, SHA-256 and size;</li>
 *   <li>{@code policy_version.hash} becomes the hash of the rewritten files (what the version now compiles and
 *       what its evaluations cite from now on); the hash it had is kept in the new column
 *       {@code hash_before_rule_contract}, which evaluations recorded before the migration cite;</li>
 *   <li>{@code content_digest} is computed again when it was recorded;</li>
 *   <li>approvals and scheduled activations bound to the version's old content hash are bound to the new one:
 *       the rewrite renames the contract and changes no rule, so what was approved is what runs. The events of
 *       {@code policy_event} keep the hash they had when they happened.</li>
 * </ul>
 * Named V8: V7 is kept for the audit tables' migration of the same issue.
 */
public class V8__rule_contract extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("alter table policy_version add column hash_before_rule_contract varchar(80)");
        }
        List<String> versions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id from policy_version order by seq")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        for (String version : versions) {
            migrateVersion(c, version);
        }
    }

    private static void migrateVersion(Connection c, String version) throws SQLException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select name, content from policy_file where version_id = ? order by name")) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        Map<String, byte[]> rewritten = new LinkedHashMap<>();
        files.forEach((name, content) -> {
            byte[] migrated = ContractMigration.migrate(name, content);
            if (migrated != null) {
                rewritten.put(name, migrated);
            }
        });
        if (rewritten.isEmpty()) {
            return;
        }
        String oldContentHash = contentHash(c, version);
        for (Map.Entry<String, byte[]> file : rewritten.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("update policy_file set content = ?, sha256 = ?, size_bytes = ? where version_id = ? and name = ?")) {
                ps.setBytes(1, file.getValue());
                ps.setString(2, sha256(file.getValue()));
                ps.setLong(3, file.getValue().length);
                ps.setString(4, version);
                ps.setString(5, file.getKey());
                ps.executeUpdate();
            }
            files.put(file.getKey(), file.getValue());
        }
        List<PolicySource> sources = new ArrayList<>();
        files.forEach((name, content) -> sources.add(new PolicySource(name, content)));
        PolicySet set = new PolicySet(sources);
        try (PreparedStatement ps = c.prepareStatement("update policy_version set hash_before_rule_contract = hash, hash = ?, "
                + "content_digest = case when content_digest is null then null else ? end where id = ?")) {
            ps.setString(1, set.hash());
            ps.setString(2, PolicyMerge.contentDigest(set));
            ps.setString(3, version);
            ps.executeUpdate();
        }
        String newContentHash = contentHash(c, version);
        for (String table : List.of("policy_approval", "policy_schedule")) {
            try (PreparedStatement ps = c.prepareStatement("update " + table + " set content_hash = ? where version_id = ? and content_hash = ?")) {
                ps.setString(1, newContentHash);
                ps.setString(2, version);
                ps.setString(3, oldContentHash);
                ps.executeUpdate();
            }
        }
    }

    /** The version's content hash as approvals bind it ({@link PolicyApprovals#contentHash(List)}). */
    private static String contentHash(Connection c, String version) throws SQLException {
        List<String[]> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PolicyApprovals.CONTENT_FILES)) {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return PolicyApprovals.contentHash(files);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
