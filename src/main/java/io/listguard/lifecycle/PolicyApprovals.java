package io.listguard.lifecycle;

import io.listguard.security.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Four eyes ({@code listguard.policy.approvals}, default 0): a candidate is activated only once that many people
 * other than its author approved it, each with a reason. An approval is bound to the candidate's content (the
 * SHA-256 of its files), so it never counts for different files. The author cannot approve their own change, and
 * neither can anyone using the key the author used (a shared key is one identity, whatever names were typed).
 * Every step is recorded in {@link PolicyEvents}: upload, approval, refusal, activation.
 */
@Component
public class PolicyApprovals implements PolicyLifecycleHooks {

    private static final Logger log = LoggerFactory.getLogger(PolicyApprovals.class);

    /** One approval: who, with which kind of identity, why, when; {@code current} while the candidate's files are those approved. */
    public record Approval(String approver, Actor.Kind identityKind, String keyName, String reason, Instant approvedAt, boolean current) {
    }

    /** Where a candidate stands: approvals required, approvals given (current ones, by distinct people), each approval. */
    public record Status(String versionId, String contentHash, int approvalsRequired, int approvalsGiven, boolean satisfied,
                         List<Approval> approvals) {
    }

    private final JdbcClient jdbc;
    private final PolicyEvents events;
    private final PolicyLifecycle lifecycle;
    private final int required;

    PolicyApprovals(JdbcClient jdbc, PolicyEvents events, PolicyLifecycle lifecycle, @Value("${listguard.policy.approvals:0}") int required) {
        if (required < 0) {
            throw new IllegalStateException("listguard.policy.approvals must be 0 or more, not " + required);
        }
        this.jdbc = jdbc;
        this.events = events;
        this.lifecycle = lifecycle;
        this.required = required;
        lifecycle.hooks(this);
    }

    public int required() {
        return required;
    }

    public Status status(String versionId) {
        lifecycle.version(versionId);
        String hash = contentHash(versionId);
        List<Approval> approvals = jdbc.sql("select approver, identity_kind, key_name, reason, approved_at, content_hash from policy_approval where version_id = ? order by id")
                .param(versionId).query((rs, i) -> new Approval(rs.getString(1), Actor.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), hash.equals(rs.getString(6)))).list();
        int given = jdbc.sql("select count(distinct identity) from policy_approval where version_id = ? and content_hash = ?")
                .params(versionId, hash).query(Integer.class).single();
        return new Status(versionId, hash, required, given, given >= required, approvals);
    }

    /** Records an approval of a candidate by someone other than its author; refused (and the refusal recorded) otherwise. */
    public Status approve(String versionId, Actor approver, String reason) {
        lifecycle.version(versionId);
        if (reason == null || reason.isBlank()) {
            throw new PolicyChangeRefusedException(400, "approvals.reasonRequired");
        }
        String hash = contentHash(versionId);
        if (lifecycle.lineage(versionId).withdrawn()) {
            throw refuse(versionId, approver, hash, new PolicyChangeRefusedException("approvals.withdrawn", versionId));
        }
        if (versionId.equals(lifecycle.state().activeVersion())) {
            throw refuse(versionId, approver, hash, new PolicyChangeRefusedException("approvals.alreadyActive", versionId));
        }
        for (String[] author : events.authors(versionId)) { // the uploader, and for a rebuilt candidate the source's authors too
            if (approver.keyName() != null && approver.keyName().equals(author[1])) {
                // a key is one identity, whoever holds it and whatever name they type
                throw refuse(versionId, approver, hash, new PolicyChangeRefusedException("approvals.sharedKey", versionId, approver.keyName()));
            }
            if (approver.sameAs(author[0], author[1])) {
                throw refuse(versionId, approver, hash, new PolicyChangeRefusedException("approvals.ownChange", versionId));
            }
        }
        boolean already = jdbc.sql("select identity, key_name from policy_approval where version_id = ? and content_hash = ?").params(versionId, hash)
                .query((rs, i) -> approver.sameAs(rs.getString(1), rs.getString(2))).list().contains(true);
        if (already) {
            throw refuse(versionId, approver, hash, new PolicyChangeRefusedException("approvals.duplicate", versionId));
        }
        String why = PolicyEvents.cut(reason.strip(), 2000);
        jdbc.sql("insert into policy_approval (version_id, content_hash, approver, identity_kind, identity, key_name, reason, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(versionId, hash, PolicyEvents.cut(approver.display(), 200), approver.kind().name(), PolicyEvents.cut(approver.identity(), 400),
                        approver.keyName(), why, Timestamp.from(Instant.now()))
                .update();
        events.record(versionId, PolicyEvent.Kind.APPROVED, approver, hash, why);
        log.info("policy version {} approved by {} ({})", versionId, approver.display(), approver.kind());
        return status(versionId);
    }

    private PolicyChangeRefusedException refuse(String versionId, Actor actor, String hash, PolicyChangeRefusedException refusal) {
        events.record(versionId, PolicyEvent.Kind.APPROVAL_REFUSED, actor, hash, refusal);
        return refusal;
    }

    @Override
    public void uploaded(PolicyVersion version, String author) {
        events.record(version.id(), PolicyEvent.Kind.UPLOADED, Actor.current(author), contentHash(version.id()), version.comment());
    }

    @Override
    public void rebuilt(String fromVersion, PolicyVersion version, String author) {
        uploaded(version, author);
        events.copyAuthors(fromVersion, version.id());
    }

    @Override
    public void beforeActivation(String versionId, String actor) {
        if (required == 0 || lifecycle.lineage(versionId).withdrawn()) {
            return; // a withdrawn candidate is refused as such by the lifecycle, not for its approvals
        }
        Status status = status(versionId);
        if (!status.satisfied()) {
            ApprovalsRequiredException refusal = new ApprovalsRequiredException(versionId, required, status.approvalsGiven());
            events.record(versionId, PolicyEvent.Kind.ACTIVATION_REFUSED, Actor.current(actor), status.contentHash(), refusal);
            throw refusal;
        }
    }

    /** A withdrawn candidate's pending schedules are cancelled with the withdrawal's reason: it will never be activated. */
    @Override
    public void withdrawn(String versionId, String actor, String reason) {
        Actor who = Actor.current(actor);
        String hash = contentHash(versionId);
        events.record(versionId, PolicyEvent.Kind.WITHDRAWN, who, hash, reason);
        List<Long> pending = jdbc.sql("select id from policy_schedule where version_id = ? and state = 'PENDING'").param(versionId).query(Long.class).list();
        for (Long id : pending) {
            int cancelled = jdbc.sql("update policy_schedule set state = 'CANCELLED', cancelled_by = ?, cancel_reason = ?, finished_at = ? where id = ? and state = 'PENDING'")
                    .params(PolicyEvents.cut(who.display(), 200), PolicyEvents.cut(StoredTexts.prefixed("policy.stored.withdrawn", reason), 2000), Timestamp.from(Instant.now()), id).update();
            if (cancelled == 1) {
                events.record(versionId, PolicyEvent.Kind.SCHEDULE_CANCELLED, who, hash, StoredTexts.code("policy.stored.number", id) + " " + StoredTexts.prefixed("policy.stored.withdrawn", reason));
            }
        }
    }

    @Override
    public void activated(String versionId, String actor, String reason) {
        events.record(versionId, PolicyEvent.Kind.ACTIVATED, Actor.current(actor), contentHash(versionId), reason);
    }

    /** The SHA-256 over a version's files (names and digests): what an approval is bound to. */
    public String contentHash(String versionId) {
        return contentHash(jdbc.sql(CONTENT_FILES).param(versionId).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list());
    }

    /** The files an approval is bound to, in the order of {@link #contentHash(List)}: name and SHA-256 of each. */
    public static final String CONTENT_FILES = "select name, sha256 from policy_file where version_id = ? order by name";

    /** The content hash of a version's files, each {name, sha256}, in the order {@link #CONTENT_FILES} reads them. */
    public static String contentHash(List<String[]> namesAndDigests) {
        List<String> files = namesAndDigests.stream().map(f -> f[0] + "\u0000" + f[1] + "\n").toList();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach(f -> sha.update(f.getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
