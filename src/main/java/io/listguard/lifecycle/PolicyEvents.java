package io.listguard.lifecycle;

import io.listguard.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit of policy changes, step by step (table policy_event of V5__approvals_and_schedules.sql). Append-only. */
@Repository
public class PolicyEvents {

    private static final String COLUMNS = "id, version_id, kind, actor, identity_kind, key_name, content_hash, reason, code, code_args, at";
    private static final String SEPARATOR = "\u001f";

    private final JdbcClient jdbc;

    PolicyEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String versionId, PolicyEvent.Kind kind, Actor actor, String contentHash, String reason) {
        record(versionId, kind, actor, contentHash, reason, null, List.of());
    }

    /** A refused step: its reason is the refusal's coded message. */
    public void record(String versionId, PolicyEvent.Kind kind, Actor actor, String contentHash, PolicyChangeRefusedException refusal) {
        record(versionId, kind, actor, contentHash, refusal.getMessage(), refusal.code(), refusal.args());
    }

    private void record(String versionId, PolicyEvent.Kind kind, Actor actor, String contentHash, String reason, String code, List<String> args) {
        jdbc.sql("insert into policy_event (version_id, kind, actor, identity_kind, identity, key_name, content_hash, reason, code, code_args, at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(versionId, kind.name(), cut(actor.display(), 200), actor.kind().name(), cut(actor.identity(), 400), actor.keyName(), contentHash,
                        cut(reason, 2000), code, code == null ? null : cut(String.join(SEPARATOR, args), 2000), Timestamp.from(Instant.now()))
                .update();
    }

    /** The steps of one version, oldest first. */
    public List<PolicyEvent> of(String versionId) {
        return jdbc.sql("select " + COLUMNS + " from policy_event where version_id = ? order by id").param(versionId).query(PolicyEvents::event).list();
    }

    /** The latest steps of every version, newest first. */
    public List<PolicyEvent> recent(int limit) {
        return jdbc.sql("select " + COLUMNS + " from policy_event order by id desc limit ?").param(limit).query(PolicyEvents::event).list();
    }

    /** Who uploaded a version, as an identity and key name (empty for versions stored at start-up). */
    Optional<String[]> author(String versionId) {
        return authors(versionId).stream().findFirst();
    }

    /** Everyone who authored a version's content (identity, key name): its uploader, and for a rebuilt candidate the source's authors. */
    List<String[]> authors(String versionId) {
        return jdbc.sql("select identity, key_name from policy_event where version_id = ? and kind = 'UPLOADED' order by id")
                .param(versionId).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    /** A rebuilt candidate carries the authors of the candidate it was rebuilt from: none of them may approve it. */
    void copyAuthors(String fromVersion, String toVersion) {
        jdbc.sql("insert into policy_event (version_id, kind, actor, identity_kind, identity, key_name, content_hash, reason, at) "
                        + "select ?, kind, actor, identity_kind, identity, key_name, content_hash, ?, ? from policy_event where version_id = ? and kind = 'UPLOADED'")
                .params(toVersion, StoredTexts.code("policy.stored.authorOf", fromVersion), Timestamp.from(Instant.now()), fromVersion).update();
    }

    private static PolicyEvent event(ResultSet rs, int row) throws SQLException {
        return new PolicyEvent(rs.getLong(1), rs.getString(2), PolicyEvent.Kind.valueOf(rs.getString(3)), rs.getString(4),
                Actor.Kind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10) == null ? List.of() : List.of(rs.getString(10).split(SEPARATOR, -1)), rs.getTimestamp(11).toInstant());
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
