package io.listguard.audit;

import java.security.PublicKey;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Verifies the audit chain from plain JDBC, without Spring (the service's {@code GET /api/v1/audit/verify} and the
 * command line's {@code audit verify} alike): every entry's link to the one before and its hash, every chained row
 * against its content digest (evaluations with their request, answer and record rows, tombstones standing in for
 * erased rows; activations; suppressions and their removals; erasures; purges), the signed checkpoints against the
 * auditor's public key, and the end of the chain against the last checkpoint (truncation). Reports the first
 * broken link. Reads only.
 */
public final class ChainVerifier {

    /** What is wrong, where: a message code (texts {@code audit.verify.*}) and its arguments. Seq null: not at one entry. */
    public record Problem(Long seq, String kind, String ref, String code, List<String> args) {
    }

    /**
     * The outcome: how many entries and checkpoints were checked, the chain's head, the last checkpoint (for an
     * auditor to keep), and the first problem (null when everything verifies).
     */
    public record Report(long entries, long headSeq, String headHash, int checkpoints, Long lastCheckpointSeq, String lastCheckpointHash,
                         Instant lastCheckpointAt, Problem firstProblem) {
        public boolean ok() {
            return firstProblem == null;
        }
    }

    private record Checkpoint(long seq, byte[] headHash, Instant signedAt, String publicKey, byte[] signature) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Connection connection;
    private final PublicKey publicKey;
    private Problem first;

    /** @param publicKey the key that signs checkpoints (an auditor's copy); null: checkpoints are not trusted and reported */
    public ChainVerifier(Connection connection, PublicKey publicKey) {
        this.connection = connection;
        this.publicKey = publicKey;
    }

    public Report verify() throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams a result set only inside a transaction
        try {
            return walk();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    private Report walk() throws SQLException {
        TreeMap<Long, Checkpoint> checkpoints = checkpoints();
        String publicKeyText = publicKey == null ? null : SigningKey.text(publicKey);
        for (Checkpoint c : checkpoints.values()) {
            if (publicKey == null) {
                problem(c.seq(), "CHECKPOINT", Long.toString(c.seq()), "audit.verify.checkpoint.noKey");
            } else if (!publicKeyText.equals(c.publicKey())) {
                problem(c.seq(), "CHECKPOINT", Long.toString(c.seq()), "audit.verify.checkpoint.otherKey", c.publicKey());
            } else if (!SigningKey.verify(publicKey, ChainDigests.checkpoint(c.seq(), c.headHash(), c.signedAt()), c.signature())) {
                problem(c.seq(), "CHECKPOINT", Long.toString(c.seq()), "audit.verify.checkpoint.signature");
            }
        }
        long expected = 1;
        byte[] previous = ChainDigests.GENESIS;
        long entries = 0;
        try (PreparedStatement s = connection.prepareStatement(
                "select seq, kind, ref, content_digest, previous_hash, entry_hash, recorded_at, removed_by from audit_chain order by seq")) {
            s.setFetchSize(1_000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries++;
                    long seq = rs.getLong(1);
                    String kind = rs.getString(2);
                    String ref = rs.getString(3);
                    byte[] content = rs.getBytes(4);
                    byte[] previousHash = rs.getBytes(5);
                    byte[] hash = rs.getBytes(6);
                    Instant at = rs.getTimestamp(7).toInstant();
                    long removedBy = rs.getLong(8);
                    boolean removed = !rs.wasNull();
                    if (seq != expected) {
                        problem(expected, kind, ref, "audit.verify.seq", Long.toString(expected), Long.toString(seq));
                    } else if (!Arrays.equals(previousHash, previous)) {
                        problem(seq, kind, ref, "audit.verify.link", Long.toString(seq - 1));
                    } else if (!Arrays.equals(hash, ChainDigests.entryHash(previousHash, seq, kind, ref, content, at))) {
                        problem(seq, kind, ref, "audit.verify.hash");
                    }
                    Checkpoint checkpoint = checkpoints.get(seq);
                    if (checkpoint != null && !Arrays.equals(checkpoint.headHash(), hash)) {
                        problem(seq, kind, ref, "audit.verify.checkpoint.hash", Long.toString(seq));
                    }
                    if (first == null || first.seq() == null || first.seq() > seq) {
                        content(seq, kind, ref, content, removed ? removedBy : null);
                    }
                    previous = hash;
                    expected = seq + 1;
                }
            }
        }
        long last = expected - 1;
        if (!checkpoints.isEmpty() && checkpoints.lastKey() > last) {
            Checkpoint c = checkpoints.lastEntry().getValue();
            problem(last + 1, "CHECKPOINT", Long.toString(c.seq()), "audit.verify.truncated", Long.toString(last), Long.toString(c.seq()),
                    c.signedAt().toString());
        }
        long[] headSeq = new long[1];
        byte[][] headHash = new byte[1][];
        query("select seq, entry_hash from audit_chain_head where id = 1", rs -> {
            headSeq[0] = rs.getLong(1);
            headHash[0] = rs.getBytes(2);
        });
        if (headSeq[0] != last || !Arrays.equals(headHash[0] == null ? ChainDigests.GENESIS : headHash[0], previous)) {
            problem(Math.min(headSeq[0], last) + 1, "HEAD", "1", "audit.verify.head", Long.toString(headSeq[0]), Long.toString(last));
        }
        query("select e.id from evaluation e where e.decision <> 'RUNNING' and not exists (select 1 from audit_chain c where c.ref = e.id "
                + "and c.kind = 'EVALUATION') order by e.evaluated_at, e.id limit 1", rs -> problem(null, "EVALUATION", rs.getString(1),
                "audit.verify.unchained"));
        Checkpoint lastCheckpoint = checkpoints.isEmpty() ? null : checkpoints.lastEntry().getValue();
        return new Report(entries, last, HEX.formatHex(previous), checkpoints.size(), lastCheckpoint == null ? null : lastCheckpoint.seq(),
                lastCheckpoint == null ? null : HEX.formatHex(lastCheckpoint.headHash()), lastCheckpoint == null ? null : lastCheckpoint.signedAt(),
                first);
    }

    private TreeMap<Long, Checkpoint> checkpoints() throws SQLException {
        TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
        query("select seq, head_hash, signed_at, public_key, signature from audit_checkpoint order by seq", rs -> checkpoints.put(rs.getLong(1),
                new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBytes(5))));
        return checkpoints;
    }

    /** Checks the row an entry proves against its content digest. */
    private void content(long seq, String kind, String ref, byte[] digest, Long removedBy) throws SQLException {
        byte[] actual;
        switch (kind) {
            case "EVALUATION" -> {
                if (removedBy != null) {
                    String[] by = new String[1];
                    query("select kind from audit_chain where seq = ?", rs -> by[0] = rs.getString(1), removedBy);
                    if (!"PURGE".equals(by[0]) || removedBy <= seq) {
                        problem(seq, kind, ref, "audit.verify.removedBy", Long.toString(removedBy));
                    }
                    return;
                }
                actual = evaluation(ref);
            }
            case "POLICY_ACTIVATION" -> actual = single("select id, version_id, activated_by, activated_at, reason from policy_activation where id = ?",
                    rs -> ChainDigests.activation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5)),
                    Long.parseLong(ref));
            case "SUPPRESSION_ADD" -> {
                long[] later = new long[1];
                query("select count(*) from audit_chain where kind = 'SUPPRESSION_REMOVAL' and ref = ? and seq > ?", rs -> later[0] = rs.getLong(1),
                        ref, seq);
                if (later[0] > 0) {
                    return; // removed later: the removal's entry proves its row
                }
                actual = single("select identifier_hash, kind, reason, source, created_by, created_at from suppression where identifier_hash = ?",
                        rs -> ChainDigests.suppression(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getTimestamp(6).toInstant()), ref);
            }
            case "SUPPRESSION_REMOVAL" -> {
                List<byte[]> removals = new ArrayList<>();
                query("select identifier_hash, kind, justification, removed_by, removed_at from suppression_removal where identifier_hash = ?",
                        rs -> removals.add(ChainDigests.suppressionRemoval(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getTimestamp(5).toInstant())), ref);
                actual = removals.stream().filter(d -> Arrays.equals(d, digest)).findFirst().orElse(removals.isEmpty() ? null : new byte[0]);
            }
            case "ERASURE" -> actual = erasure(seq);
            case "PURGE" -> {
                List<Long> removed = new ArrayList<>();
                query("select seq from audit_chain where removed_by = ? order by seq", rs -> removed.add(rs.getLong(1)), seq);
                actual = ChainDigests.purge(Instant.parse(ref), removed);
            }
            default -> {
                problem(seq, kind, ref, "audit.verify.kind");
                return;
            }
        }
        if (actual == null) {
            problem(seq, kind, ref, "audit.verify.missing");
        } else if (!Arrays.equals(actual, digest)) {
            problem(seq, kind, ref, "audit.verify.content");
        }
    }

    /** An evaluation's content digest as stored now (null: no row), its erasures' redactions and tombstones accounted for. */
    private byte[] evaluation(String id) throws SQLException {
        Object[][] header = new Object[1][];
        query("select id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, total_records, contactable, "
                + "excluded, request_gz, result_gz from evaluation where id = ?", rs -> header[0] = new Object[] {rs.getString(1),
                rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), ChainDigests.sha256(rs.getBytes(12)),
                ChainDigests.sha256(rs.getBytes(13))}, id);
        if (header[0] == null) {
            return null;
        }
        Object[] h = header[0];
        byte[] request = (byte[]) h[11];
        byte[] result = (byte[]) h[12];
        List<byte[][]> redactions = new ArrayList<>();
        query("select request_before, result_before, request_after, result_after from evaluation_redaction where evaluation_id = ? "
                + "order by erasure_seq", rs -> redactions.add(new byte[][] {rs.getBytes(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4)}), id);
        if (!redactions.isEmpty()) {
            byte[][] last = redactions.get(redactions.size() - 1);
            boolean linked = Arrays.equals(last[2], request) && Arrays.equals(last[3], result);
            for (int i = 1; i < redactions.size(); i++) {
                linked &= Arrays.equals(redactions.get(i)[0], redactions.get(i - 1)[2]) && Arrays.equals(redactions.get(i)[1], redactions.get(i - 1)[3]);
            }
            if (!linked) {
                return new byte[0]; // the stored request or answer is not what the last erasure left
            }
            request = redactions.get(0)[0];
            result = redactions.get(0)[1];
        }
        TreeMap<Long, byte[]> tombstones = new TreeMap<>();
        query("select seq, row_digest from evaluation_record_tombstone where evaluation_id = ?", rs -> tombstones.put(rs.getLong(1), rs.getBytes(2)), id);
        ChainDigests.Records records = new ChainDigests.Records();
        try (PreparedStatement s = connection.prepareStatement("select seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, "
                + "address_hash from evaluation_record where evaluation_id = ? order by seq")) {
            s.setFetchSize(5_000);
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    while (!tombstones.isEmpty() && tombstones.firstKey() <= seq) {
                        records.add(tombstones.pollFirstEntry().getValue());
                    }
                    records.add(ChainDigests.recordRow(id, seq, rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5), rs.getBytes(6),
                            rs.getBytes(7), rs.getBytes(8)));
                }
            }
        }
        tombstones.values().forEach(records::add);
        return ChainDigests.evaluation((String) h[0], (Instant) h[1], (String) h[2], (String) h[3], (String) h[4], (String) h[5], (String) h[6],
                (String) h[7], (int) h[8], (int) h[9], (int) h[10], request, result, records.digest());
    }

    private byte[] erasure(long seq) throws SQLException {
        Object[][] row = new Object[1][];
        query("select erased_by, erased_at, legal_basis, objected, records, evaluations from audit_erasure where seq = ?", rs -> row[0] =
                new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getBoolean(4), rs.getInt(5), rs.getInt(6)}, seq);
        if (row[0] == null) {
            return null;
        }
        List<ChainDigests.Redaction> redactions = new ArrayList<>();
        query("select evaluation_id, request_before, result_before, request_after, result_after from evaluation_redaction where erasure_seq = ? "
                + "order by evaluation_id", rs -> redactions.add(new ChainDigests.Redaction(rs.getString(1), rs.getBytes(2), rs.getBytes(3),
                rs.getBytes(4), rs.getBytes(5))), seq);
        List<ChainDigests.Tombstone> tombstones = new ArrayList<>();
        query("select evaluation_id, seq, row_digest from evaluation_record_tombstone where erasure_seq = ? order by evaluation_id, seq",
                rs -> tombstones.add(new ChainDigests.Tombstone(rs.getString(1), rs.getLong(2), rs.getBytes(3))), seq);
        Object[] r = row[0];
        return ChainDigests.erasure((String) r[0], (Instant) r[1], (String) r[2], (boolean) r[3], (int) r[4], (int) r[5], redactions, tombstones);
    }

    private void problem(Long seq, String kind, String ref, String code, String... args) {
        if (first == null || (seq != null && (first.seq() == null || seq < first.seq()))) {
            first = new Problem(seq, kind, ref, code, List.of(args));
        }
    }

    private interface Rows {
        void row(ResultSet rs) throws SQLException;
    }

    private interface Digest {
        byte[] of(ResultSet rs) throws SQLException;
    }

    private byte[] single(String sql, Digest digest, Object param) throws SQLException {
        byte[][] found = new byte[1][];
        query(sql, rs -> found[0] = digest.of(rs), param);
        return found[0];
    }

    private void query(String sql, Rows each, Object... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.row(rs);
                }
            }
        }
    }

    /** The problem as a reader's text: where, and what is wrong. */
    public static String describe(java.util.Locale locale, Problem p) {
        String what = io.listguard.domain.Messages.text(locale, p.code(), p.args().toArray());
        return p.seq() == null ? io.listguard.domain.Messages.text(locale, "audit.verify.at.noSeq", p.kind(), p.ref(), what)
                : io.listguard.domain.Messages.text(locale, "audit.verify.at", Long.toString(p.seq()), p.kind(), p.ref(), what);
    }
}
