package io.listguard.lifecycle;

import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The stored policy versions, their files and their activations (tables of V1__policy_versions.sql). */
@Repository
public class PolicyVersions {

    private final JdbcClient jdbc;

    private final java.util.List<ActivationJournal> journals;

    PolicyVersions(JdbcClient jdbc) {
        this(jdbc, java.util.List.of());
    }

    /** With the journals told of every activation in its transaction ({@link ActivationJournal}: the audit chain). */
    @org.springframework.beans.factory.annotation.Autowired
    PolicyVersions(JdbcClient jdbc, java.util.List<ActivationJournal> journals) {
        this.jdbc = jdbc;
        this.journals = journals;
    }

    /**
     * Stores a set as the next version (v1, v2, ...) and returns it. Its number comes from the sequence
     * policy_version_seq (V9), so two uploads at once, on one instance or two, never get the same id; a number
     * taken by an upload that fails is skipped.
     */
    @Transactional
    public PolicyVersion save(PolicySet set, String author, String comment) {
        long seq = jdbc.sql("select nextval('policy_version_seq')").query(Long.class).single();
        String id = "v" + seq;
        Instant now = Instant.now();
        jdbc.sql("insert into policy_version (id, seq, hash, author, comment, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(id, seq, set.hash(), author, comment, Timestamp.from(now)).update();
        List<PolicyVersion.StoredFile> files = new ArrayList<>();
        for (PolicySource source : set.sources()) {
            byte[] content = source.content();
            String sha = sha256(content);
            jdbc.sql("insert into policy_file (version_id, name, sha256, size_bytes, content) values (?, ?, ?, ?, ?)")
                    .params(id, source.name(), sha, (long) content.length, content).update();
            files.add(new PolicyVersion.StoredFile(source.name(), sha, content.length));
        }
        return new PolicyVersion(id, seq, set.hash(), author, comment, now, files);
    }

    /** The PostgreSQL channel on which every activation is announced (its payload: the version id), on commit. */
    public static final String CHANNEL = "listguard_policy";

    /** The cluster's state: the active version (null before the first start has activated one) and the counter. */
    public PolicyState state() {
        return jdbc.sql("select active_version, counter, changed_by, changed_at from policy_state where id = 1")
                .query((rs, i) -> new PolicyState(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .single();
    }

    /**
     * Makes a version the active one for every instance, if no other activation happened since the caller read
     * {@code expectedCounter} from {@link #state()}: one transaction raises the counter on that condition, records
     * the activation and, on PostgreSQL, notifies {@link #CHANNEL} (delivered on commit). False, and nothing
     * changed, when the counter had moved: another activation won.
     */
    @Transactional
    public boolean activate(long expectedCounter, String versionId, String activatedBy, String reason) {
        Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)); // as stored, to the microsecond
        int updated = jdbc.sql("update policy_state set active_version = ?, counter = counter + 1, changed_by = ?, changed_at = ? where id = 1 and counter = ?")
                .params(versionId, activatedBy, now, expectedCounter).update();
        if (updated != 1) {
            return false;
        }
        org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("insert into policy_activation (version_id, activated_by, activated_at, reason) values (?, ?, ?, ?)")
                .params(versionId, activatedBy, now, reason).update(key, "id");
        long activationId = key.getKeyAs(Number.class).longValue();
        journals.forEach(journal -> journal.activationRecorded(activationId));
        if (postgres()) {
            jdbc.sql("select pg_notify(?, ?)").params(CHANNEL, versionId).query((rs, i) -> i).list(); // delivered on commit
        }
        return true;
    }

    /** The active version, as the database says (policy_state). */
    public Optional<String> activeVersionId() {
        return Optional.ofNullable(state().activeVersion());
    }

    /** Whether the database is PostgreSQL (LISTEN/NOTIFY); H2 followers poll only. */
    public boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.sql("select 1").query((java.sql.ResultSet rs) -> rs.getStatement().getConnection().isWrapperFor(org.postgresql.PGConnection.class));
            postgres = known;
        }
        return known;
    }

    private volatile Boolean postgres;

    public List<PolicyActivation> activations() {
        return jdbc.sql("select version_id, activated_by, activated_at, reason from policy_activation order by id desc")
                .query((rs, i) -> new PolicyActivation(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
    }

    public List<PolicyVersion> list() {
        List<PolicyVersion> versions = jdbc.sql("select id, seq, hash, author, comment, created_at from policy_version order by seq desc")
                .query((rs, i) -> new PolicyVersion(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), List.of()))
                .list();
        return versions.stream().map(v -> withFiles(v)).toList();
    }

    public Optional<PolicyVersion> find(String id) {
        return jdbc.sql("select id, seq, hash, author, comment, created_at from policy_version where id = ?").param(id)
                .query((rs, i) -> new PolicyVersion(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), List.of()))
                .optional().map(this::withFiles);
    }

    /** The stored version of this hash (the latest, should two hold the same files). */
    public Optional<PolicyVersion> findByHash(String hash) {
        return jdbc.sql("select id from policy_version where hash = ? order by seq desc").param(hash).query(String.class).list().stream()
                .findFirst().flatMap(this::find);
    }

    private PolicyVersion withFiles(PolicyVersion v) {
        List<PolicyVersion.StoredFile> files = jdbc.sql("select name, sha256, size_bytes from policy_file where version_id = ? order by name")
                .param(v.id()).query((rs, i) -> new PolicyVersion.StoredFile(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
        return new PolicyVersion(v.id(), v.seq(), v.hash(), v.author(), v.comment(), v.createdAt(), files);
    }

    /** The files of a version, as a policy set ready to compile. */
    public Optional<PolicySet> policySet(String id) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        List<PolicySource> sources = jdbc.sql("select name, content from policy_file where version_id = ? order by name").param(id)
                .query((rs, i) -> new PolicySource(rs.getString(1), rs.getBytes(2))).list();
        return Optional.of(new PolicySet(sources));
    }

    public Optional<byte[]> file(String id, String name) {
        return jdbc.sql("select content from policy_file where version_id = ? and name = ?").params(id, name)
                .query((rs, i) -> rs.getBytes(1)).optional();
    }

    /** Records what a stored candidate was built on (issue 11): its base version and its files without a recorded base. */
    public void recordLineage(String versionId, String baseVersion, List<String> unbasedFiles) {
        jdbc.sql("update policy_version set base_version = ?, unbased_files = ? where id = ?")
                .params(baseVersion, unbasedFiles.isEmpty() ? null : String.join("\n", unbasedFiles), versionId).update();
    }

    /** The lineage of a version: its base, its files without a recorded base, whether it was ever active, its withdrawal. */
    public Optional<CandidateLineage> lineage(String versionId) {
        boolean everActivated = jdbc.sql("select count(*) from policy_activation where version_id = ?").param(versionId)
                .query(Long.class).single() > 0;
        return jdbc.sql("select base_version, unbased_files, withdrawn_by, withdrawn_at, withdrawn_reason from policy_version where id = ?")
                .param(versionId)
                .query((rs, i) -> new CandidateLineage(versionId, rs.getString(1),
                        rs.getString(2) == null ? List.of() : List.of(rs.getString(2).split("\n")), everActivated,
                        rs.getString(3) == null ? null
                                : new CandidateLineage.Withdrawal(rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5))))
                .optional();
    }

    /** The content digest of every version that has one stored, by id. */
    public java.util.Map<String, String> contentDigests() {
        java.util.Map<String, String> digests = new java.util.LinkedHashMap<>();
        jdbc.sql("select id, content_digest from policy_version where content_digest is not null order by seq desc")
                .query((rs, i) -> digests.put(rs.getString(1), rs.getString(2))).list();
        return digests;
    }

    public void recordContentDigest(String versionId, String digest) {
        jdbc.sql("update policy_version set content_digest = ? where id = ?").params(digest, versionId).update();
    }

    /** Withdraws a version; false when it was already withdrawn. */
    public boolean withdraw(String versionId, String by, String reason) {
        return jdbc.sql("update policy_version set withdrawn_by = ?, withdrawn_at = ?, withdrawn_reason = ? where id = ? and withdrawn_by is null")
                .params(by, Timestamp.from(Instant.now()), reason, versionId).update() == 1;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
