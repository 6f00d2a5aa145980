package io.listguard.audit;

import jakarta.annotation.PreDestroy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every write to the audit trail, and what makes it cheap: the answer and the request stored gzip-compressed,
 * keyed hashes as their 32 bytes, record rows sent many per statement (one multi-row insert per 500 rows, or a
 * {@code COPY} on PostgreSQL), and for the synchronous API a group commit ({@link #write}): concurrent callers'
 * evaluations committed together, in one transaction, by one writer thread, each caller released once its own rows
 * are durable. Takes plain values; what an evaluation becomes in rows is the caller's business ({@link RecordRows}).
 */
@Component
public class AuditStore {

    /** An evaluation's row. The JSON texts are stored compressed. */
    public record EvaluationRow(String id, Instant evaluatedAt, String caller, String campaignId, String fileId, String policyVersionId,
                                String policyHash, String decision, int total, int contactable, int excluded, String requestJson,
                                String resultJson, String ranOutside) {

        /** A row of an evaluation of the service's own. */
        public EvaluationRow(String id, Instant evaluatedAt, String caller, String campaignId, String fileId, String policyVersionId,
                             String policyHash, String decision, int total, int contactable, int excluded, String requestJson, String resultJson) {
            this(id, evaluatedAt, caller, campaignId, fileId, policyVersionId, policyHash, decision, total, contactable, excluded, requestJson,
                    resultJson, null);
        }
    }

    /** One evaluated record: its verdict and the keyed hashes (32 bytes each, or null) of its contact points. */
    public record RecordRow(long seq, String recordId, boolean contactable, List<String> reasons, List<String> legalBases,
                            byte[] emailHash, byte[] phoneHash, byte[] addressHash) {
    }

    /** A whole evaluation: its row, its codes (findings and exclusion reasons, for searching) and its record rows. */
    public record EvaluationRows(EvaluationRow evaluation, Collection<String> codes, List<RecordRow> records) {
    }

    /** An evaluation ready to insert: compressed on the caller's thread, so that the writer thread only writes. */
    private record Prepared(EvaluationRow row, byte[] request, byte[] result, Collection<String> codes, List<RecordRow> records,
                            byte[] digest) {
    }

    /** Rows per multi-row insert: large enough to amortise a statement, small enough for any driver's parameter limit. */
    static final int ROWS_PER_INSERT = 500;
    /** Evaluations per group commit at most. */
    private static final int MAX_GROUP = 64;

    private static final String RECORD_COLUMNS = "evaluation_record (evaluation_id, seq, record_id, contactable, reasons, legal_bases, "
            + "email_hash, phone_hash, address_hash)";
    private static final String RECORD_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FULL_INSERT = multiRowInsert(ROWS_PER_INSERT);
    private static final String INSERT_EVALUATION = """
            insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision,
                                    total_records, contactable, excluded, request_gz, result_gz, ran_outside)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_CODE = "insert into evaluation_code (evaluation_id, code) values (?, ?)";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final boolean postgres;
    private final GroupCommit<Prepared> groups;
    private final AuditChain chain;

    AuditStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.chain = new AuditChain(jdbc);
        this.transactions = transactions;
        this.postgres = Boolean.TRUE.equals(jdbc.execute((ConnectionCallback<Boolean>) c -> c.isWrapperFor(org.postgresql.PGConnection.class)));
        this.groups = new GroupCommit<>("audit-writer", MAX_GROUP, group -> transactions.executeWithoutResult(status -> insertAll(group)));
    }

    /**
     * Writes a whole evaluation and returns once it is committed, together with whatever other evaluations were
     * waiting (group commit). Throws if it could not be written; then nothing of it is in the trail.
     */
    public void write(EvaluationRows whole) {
        groups.write(prepare(whole));
    }

    /** Inserts an evaluation's row (in the caller's transaction, if any). */
    public void insertEvaluation(EvaluationRow row) {
        EvaluationRow stored = new EvaluationRow(row.id(), ChainDigests.stored(row.evaluatedAt()), row.caller(), row.campaignId(), row.fileId(),
                row.policyVersionId(), row.policyHash(), row.decision(), row.total(), row.contactable(), row.excluded(), row.requestJson(),
                row.resultJson(), row.ranOutside());
        insertEvaluations(List.of(new Prepared(stored, gzip(row.requestJson()), gzip(row.resultJson()), List.of(), List.of(), null)));
    }

    public void insertCodes(String evaluationId, Collection<String> codes) {
        jdbc.batchUpdate(INSERT_CODE, codes.stream().map(code -> new Object[] {evaluationId, code}).toList());
    }

    /** Inserts record rows of one evaluation: a {@code COPY} on PostgreSQL, multi-row inserts elsewhere. */
    public void insertRecords(String evaluationId, List<RecordRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (postgres) {
                PgCopy copy = new PgCopy();
                appendCopy(copy, evaluationId, rows);
                copy.copyInto(connection, RECORD_COLUMNS);
            } else {
                insertMultiRow(connection, List.of(new Batch(evaluationId, rows)));
            }
            return null;
        });
    }

    /**
     * Record rows of one evaluation written as they come, in batches, by a writer thread of their own: the caller
     * (a bulk job's thread) goes on evaluating while the previous batch is written, and waits only if that batch is
     * not written yet when the next is full. A failed write surfaces at the next {@link #add} or at {@link #finish}.
     */
    public RecordStream openRecords(String evaluationId, int batchSize) {
        return new RecordStream(evaluationId, batchSize, new ChainDigests.Records());
    }

    /**
     * A stream of a resumed evaluation whose first {@code kept} rows are stored: their digests are read once, so that
     * the stream's {@link RecordStream#recordsDigest} covers every row of the evaluation.
     */
    public RecordStream openRecords(String evaluationId, int batchSize, long kept) {
        ChainDigests.Records digest = new ChainDigests.Records();
        if (kept > 0) {
            feedStoredRows(evaluationId, kept, digest);
        }
        return new RecordStream(evaluationId, batchSize, digest);
    }

    /** The digests of an evaluation's stored record rows with seq below {@code below}, in seq order, and of its tombstones. */
    private void feedStoredRows(String evaluationId, long below, ChainDigests.Records digest) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("select seq, record_id, contactable, reasons, legal_bases, email_hash, "
                    + "phone_hash, address_hash from evaluation_record where evaluation_id = ? and seq < ? order by seq");
            statement.setFetchSize(5_000);
            statement.setString(1, evaluationId);
            statement.setLong(2, below);
            return statement;
        }, rs -> {
            digest.add(ChainDigests.recordRow(evaluationId, rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), rs.getString(5),
                    rs.getBytes(6), rs.getBytes(7), rs.getBytes(8)));
        });
    }

    /** See {@link #openRecords}. One per evaluation, used from one thread. */
    public final class RecordStream implements AutoCloseable {
        private final String evaluationId;
        private final int batchSize;
        private final ChainDigests.Records digest;
        private final java.util.concurrent.ExecutorService writer;
        private List<RecordRow> batch;
        private java.util.concurrent.Future<?> pending;

        private RecordStream(String evaluationId, int batchSize, ChainDigests.Records digest) {
            this.evaluationId = evaluationId;
            this.batchSize = batchSize;
            this.digest = digest;
            this.batch = new ArrayList<>(batchSize);
            this.writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "audit-records-" + evaluationId);
                t.setDaemon(true);
                return t;
            });
        }

        public void add(RecordRow row) {
            digest.add(rowDigest(evaluationId, row));
            batch.add(row);
            if (batch.size() == batchSize) {
                awaitPending();
                List<RecordRow> full = batch;
                pending = writer.submit(() -> insertRecords(evaluationId, full));
                batch = new ArrayList<>(batchSize);
            }
        }

        /**
         * Returns once every row added so far is committed (the batch being written, then what is left of the current
         * one, written on the caller's thread); throws if any write failed. The stream stays open.
         */
        public void flush() {
            awaitPending();
            if (!batch.isEmpty()) {
                insertRecords(evaluationId, batch);
                batch = new ArrayList<>(batchSize);
            }
        }

        /** Writes what is left and returns once every row is written; throws if any batch failed. */
        public void finish() {
            try {
                awaitPending();
                insertRecords(evaluationId, batch);
                batch = new ArrayList<>();
            } finally {
                writer.shutdown();
            }
        }

        /** The digest of every row of the evaluation so far (those kept before a resume included), for its chain entry. */
        public byte[] recordsDigest() {
            return digest.digest();
        }

        /** Stops: waits for the batch being written (so that nothing lands after a delete), keeps no failure. */
        @Override
        public void close() {
            try {
                awaitPending();
            } catch (RuntimeException e) {
                // the evaluation is being discarded anyway
            } finally {
                writer.shutdown();
            }
        }

        private void awaitPending() {
            if (pending == null) {
                return;
            }
            try {
                pending.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the audit trail", e);
            } finally {
                pending = null;
            }
        }
    }

    /** Records a (bulk) evaluation's outcome; the evaluation becomes searchable once its decision is no longer RUNNING. */
    public void completeEvaluation(String id, String decision, int total, int contactable, int excluded, String resultJson, Instant at) {
        complete(id, List.of(), decision, total, contactable, excluded, resultJson, at, null);
    }

    /**
     * Completes a (bulk) evaluation in one transaction: its codes, its outcome, and its entry in the audit chain, whose
     * digest covers the row as stored, its request and answer, and its record rows ({@code recordsDigest}, from the
     * stream that wrote them; null: read from the stored rows).
     */
    public void complete(String id, Collection<String> codes, String decision, int total, int contactable, int excluded, String resultJson,
                         Instant at, byte[] recordsDigest) {
        byte[] result = gzip(resultJson);
        transactions.executeWithoutResult(status -> {
            if (!codes.isEmpty()) {
                insertCodes(id, codes);
            }
            jdbc.update("update evaluation set decision = ?, total_records = ?, contactable = ?, excluded = ?, result_gz = ?, evaluated_at = ? "
                    + "where id = ?", decision, total, contactable, excluded, result, Timestamp.from(ChainDigests.stored(at)), id);
            byte[] records = recordsDigest;
            if (records == null) {
                ChainDigests.Records read = new ChainDigests.Records();
                feedStoredRows(id, Long.MAX_VALUE, read);
                records = read.digest();
            }
            chain.append(new AuditChain.Entry(AuditChain.Kind.EVALUATION, id, storedDigest(id, records)));
        });
    }

    /** The content digest of a stored evaluation, its record rows' digest given. */
    private byte[] storedDigest(String id, byte[] records) {
        return jdbc.queryForObject("select id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, "
                + "total_records, contactable, excluded, request_gz, result_gz from evaluation where id = ?", (rs, i) -> ChainDigests.evaluation(
                rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), ChainDigests.sha256(rs.getBytes(12)),
                ChainDigests.sha256(rs.getBytes(13)), records), id);
    }

    /**
     * Chains, once (the first start after migration V13), every completed evaluation stored before the chain existed,
     * oldest first, under the head's lock; later starts do nothing, so that an evaluation slipped into the database
     * afterwards stays unchained and is reported by the verification. Returns how many were chained.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public int backfill() {
        Integer chained = transactions.execute(status -> {
            Boolean done = jdbc.queryForObject("select backfilled from audit_chain_head where id = 1 for update", Boolean.class);
            if (Boolean.TRUE.equals(done)) {
                return 0;
            }
            List<String> ids = jdbc.queryForList("select e.id from evaluation e where e.decision <> 'RUNNING' and not exists (select 1 from "
                    + "audit_chain c where c.ref = e.id and c.kind = 'EVALUATION') order by e.evaluated_at, e.id", String.class);
            List<AuditChain.Entry> entries = new ArrayList<>(ids.size());
            for (String id : ids) {
                ChainDigests.Records records = new ChainDigests.Records();
                feedStoredRows(id, Long.MAX_VALUE, records);
                entries.add(new AuditChain.Entry(AuditChain.Kind.EVALUATION, id, storedDigest(id, records.digest())));
            }
            chain.append(entries);
            jdbc.update("update audit_chain_head set backfilled = true where id = 1");
            return ids.size();
        });
        return chained == null ? 0 : chained;
    }

    static byte[] rowDigest(String evaluationId, RecordRow r) {
        return ChainDigests.recordRow(evaluationId, r.seq(), r.recordId(), r.contactable(), String.join(",", r.reasons()),
                String.join(",", r.legalBases()), r.emailHash(), r.phoneHash(), r.addressHash());
    }

    /**
     * Keeps the first {@code kept} record rows of a streamed evaluation still RUNNING (seq {@code 0} to
     * {@code kept - 1}) and deletes those after them, in one transaction: a bulk job resumed from a checkpoint writes
     * the rest again. Throws {@link IllegalStateException} (and changes nothing) if the evaluation is not running or
     * holds fewer than {@code kept} rows: the job must then start again.
     */
    public void keepRecords(String evaluationId, long kept) {
        if (kept < 0) {
            throw new IllegalArgumentException("negative number of rows: " + kept);
        }
        transactions.executeWithoutResult(status -> {
            List<String> decision = jdbc.queryForList("select decision from evaluation where id = ?", String.class, evaluationId);
            if (decision.size() != 1 || !"RUNNING".equals(decision.get(0))) {
                throw new IllegalStateException("cannot resume evaluation " + evaluationId + ": "
                        + (decision.isEmpty() ? "not in the audit trail" : "it is " + decision.get(0)));
            }
            jdbc.update("delete from evaluation_record where evaluation_id = ? and seq >= ?", evaluationId, kept);
            Long left = jdbc.queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, evaluationId);
            if (left == null || left != kept) {
                throw new IllegalStateException("cannot resume evaluation " + evaluationId + ": it holds " + left + " record rows, its checkpoint "
                        + kept);
            }
        });
    }

    /** Deletes an evaluation with its codes and record rows. */
    public void deleteEvaluation(String id) {
        jdbc.update("delete from evaluation_code where evaluation_id = ?", id);
        jdbc.update("delete from evaluation_record where evaluation_id = ?", id);
        jdbc.update("delete from evaluation where id = ?", id);
    }

    @PreDestroy
    void close() {
        groups.close();
    }

    /** Compressed and hashed on the caller's thread: the writer thread only writes (and links the chain). */
    private static Prepared prepare(EvaluationRows whole) {
        EvaluationRow given = whole.evaluation();
        EvaluationRow row = new EvaluationRow(given.id(), ChainDigests.stored(given.evaluatedAt()), given.caller(), given.campaignId(),
                given.fileId(), given.policyVersionId(), given.policyHash(), given.decision(), given.total(), given.contactable(), given.excluded(),
                given.requestJson(), given.resultJson(), given.ranOutside());
        byte[] request = gzip(row.requestJson());
        byte[] result = gzip(row.resultJson());
        ChainDigests.Records records = new ChainDigests.Records();
        for (RecordRow r : whole.records()) {
            records.add(rowDigest(row.id(), r));
        }
        byte[] digest = ChainDigests.evaluation(row.id(), row.evaluatedAt(), row.caller(), row.campaignId(), row.fileId(), row.policyVersionId(),
                row.policyHash(), row.decision(), row.total(), row.contactable(), row.excluded(), ChainDigests.sha256(request),
                ChainDigests.sha256(result), records.digest());
        return new Prepared(row, request, result, whole.codes(), whole.records(), digest);
    }

    /**
     * One group: every evaluation row in one batch, every code in one batch, every record row in as few statements as
     * possible, then the group's chain entries (one lock of the head, one batch).
     */
    private void insertAll(List<Prepared> group) {
        insertRows(group);
        List<AuditChain.Entry> entries = new ArrayList<>(group.size());
        for (Prepared p : group) {
            entries.add(new AuditChain.Entry(AuditChain.Kind.EVALUATION, p.row().id(), p.digest()));
        }
        chain.append(entries);
    }

    private void insertRows(List<Prepared> group) {
        insertEvaluations(group);
        List<Object[]> codes = new ArrayList<>();
        for (Prepared p : group) {
            p.codes().forEach(code -> codes.add(new Object[] {p.row().id(), code}));
        }
        if (!codes.isEmpty()) {
            jdbc.batchUpdate(INSERT_CODE, codes);
        }
        List<Batch> batches = new ArrayList<>(group.size());
        for (Prepared p : group) {
            if (!p.records().isEmpty()) {
                batches.add(new Batch(p.row().id(), p.records()));
            }
        }
        if (batches.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (postgres) {
                PgCopy copy = new PgCopy();
                batches.forEach(b -> appendCopy(copy, b.evaluationId(), b.rows()));
                copy.copyInto(connection, RECORD_COLUMNS);
            } else {
                insertMultiRow(connection, batches);
            }
            return null;
        });
    }

    private void insertEvaluations(List<Prepared> rows) {
        jdbc.batchUpdate(INSERT_EVALUATION, rows, rows.size(), (ps, p) -> {
            EvaluationRow r = p.row();
            ps.setString(1, r.id());
            ps.setTimestamp(2, Timestamp.from(r.evaluatedAt()));
            ps.setString(3, r.caller());
            ps.setString(4, r.campaignId());
            ps.setString(5, r.fileId());
            ps.setString(6, r.policyVersionId());
            ps.setString(7, r.policyHash());
            ps.setString(8, r.decision());
            ps.setInt(9, r.total());
            ps.setInt(10, r.contactable());
            ps.setInt(11, r.excluded());
            ps.setBytes(12, p.request());
            ps.setBytes(13, p.result());
            ps.setString(14, r.ranOutside());
        });
    }

    private record Batch(String evaluationId, List<RecordRow> rows) {
    }

    private static void insertMultiRow(Connection connection, List<Batch> batches) throws SQLException {
        int total = batches.stream().mapToInt(b -> b.rows().size()).sum();
        int done = 0;
        PreparedStatement full = null;
        try {
            int batch = 0;
            int inBatch = 0;
            while (done < total) {
                int n = Math.min(ROWS_PER_INSERT, total - done);
                PreparedStatement statement;
                if (n == ROWS_PER_INSERT) {
                    if (full == null) {
                        full = connection.prepareStatement(FULL_INSERT);
                    }
                    statement = full;
                } else {
                    statement = connection.prepareStatement(multiRowInsert(n));
                }
                try {
                    int p = 1;
                    for (int i = 0; i < n; i++) {
                        while (inBatch == batches.get(batch).rows().size()) {
                            batch++;
                            inBatch = 0;
                        }
                        Batch b = batches.get(batch);
                        RecordRow r = b.rows().get(inBatch++);
                        statement.setString(p++, b.evaluationId());
                        statement.setLong(p++, r.seq());
                        statement.setString(p++, r.recordId());
                        statement.setBoolean(p++, r.contactable());
                        statement.setString(p++, String.join(",", r.reasons()));
                        statement.setString(p++, String.join(",", r.legalBases()));
                        setBytes(statement, p++, r.emailHash());
                        setBytes(statement, p++, r.phoneHash());
                        setBytes(statement, p++, r.addressHash());
                    }
                    statement.executeUpdate();
                } finally {
                    if (statement != full) {
                        statement.close();
                    }
                }
                done += n;
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    private static void setBytes(PreparedStatement statement, int index, byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARBINARY);
        } else {
            statement.setBytes(index, value);
        }
    }

    private static void appendCopy(PgCopy copy, String evaluationId, List<RecordRow> rows) {
        for (RecordRow r : rows) {
            copy.text(evaluationId).number(r.seq()).text(r.recordId()).bool(r.contactable()).text(String.join(",", r.reasons()))
                    .text(String.join(",", r.legalBases())).bytes(r.emailHash()).bytes(r.phoneHash()).bytes(r.addressHash()).endRow();
        }
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder("insert into ").append(RECORD_COLUMNS).append(" values ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(RECORD_VALUES);
        }
        return sql.toString();
    }

    /** The text gzip-compressed (fastest level: the answer is mostly repeated names, which compress well even so). */
    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, text.length() / 6));
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 8192) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A stored compressed text, to read as a stream (the JSON parser reads it without an intermediate string). */
    static InputStream gunzip(byte[] stored) {
        try {
            return new GZIPInputStream(new java.io.ByteArrayInputStream(stored), 8192);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
