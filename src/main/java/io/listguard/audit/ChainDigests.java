package io.listguard.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The canonical content of every kind of audit chain entry, and the hashes over it (SHA-256). Spring-free: the
 * writer, the service's verifier and the command-line verifier compute exactly the same bytes. Canonical form: each
 * value tagged and length-prefixed (a string as its UTF-8 bytes, null distinct from empty), times as microseconds
 * since the epoch (the databases' precision), so that no two different contents give the same bytes.
 */
public final class ChainDigests {

    /** The previous hash of the first entry. */
    public static final byte[] GENESIS = new byte[32];

    private ChainDigests() {
    }

    /** A SHA-256 fed with canonical values. */
    public static final class Canon {
        private final MessageDigest sha = sha256();
        private final byte[] eight = new byte[8];

        public Canon text(String value) {
            if (value == null) {
                sha.update((byte) 0);
                return this;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 1);
            number(bytes.length);
            sha.update(bytes);
            return this;
        }

        public Canon bytes(byte[] value) {
            if (value == null) {
                sha.update((byte) 0);
                return this;
            }
            sha.update((byte) 2);
            number(value.length);
            sha.update(value);
            return this;
        }

        public Canon number(long value) {
            for (int i = 7; i >= 0; i--) {
                eight[i] = (byte) value;
                value >>>= 8;
            }
            sha.update(eight);
            return this;
        }

        public Canon bool(boolean value) {
            sha.update(value ? (byte) 't' : (byte) 'f');
            return this;
        }

        public Canon time(Instant value) {
            return number(micros(value));
        }

        public byte[] digest() {
            return sha.digest();
        }
    }

    /** Instants as the databases keep them (timestamp with time zone: microseconds). */
    public static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** entry hash = SHA-256(previous entry hash || canonical(seq, kind, ref, content digest, time)). */
    public static byte[] entryHash(byte[] previous, long seq, String kind, String ref, byte[] content, Instant recordedAt) {
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(new Canon().number(seq).text(kind).text(ref).bytes(content).time(recordedAt).digest());
        return sha.digest();
    }

    /** One record row of an evaluation, as stored (reasons and legal bases comma-joined, hashes as their bytes). */
    public static byte[] recordRow(String evaluationId, long seq, String recordId, boolean contactable, String reasons, String legalBases,
                                   byte[] emailHash, byte[] phoneHash, byte[] addressHash) {
        return new Canon().text("record").text(evaluationId).number(seq).text(recordId).bool(contactable).text(reasons).text(legalBases)
                .bytes(emailHash).bytes(phoneHash).bytes(addressHash).digest();
    }

    /**
     * The digest of an evaluation's record rows: of their row digests in seq order (0, 1, ...) and of their number. An
     * erased row's digest is kept in its tombstone, so that the evaluation's proof holds without the row.
     */
    public static final class Records {
        private final MessageDigest sha = sha256();
        private long count;

        public void add(byte[] rowDigest) {
            sha.update(rowDigest);
            count++;
        }

        public long count() {
            return count;
        }

        public byte[] digest() {
            return new Canon().text("records").number(count).bytes(sha.digest()).digest();
        }
    }

    /** An evaluation: its header columns, the digests of its stored (compressed) request and answer, and of its record rows. */
    public static byte[] evaluation(String id, Instant evaluatedAt, String caller, String campaignId, String fileId, String policyVersionId,
                                    String policyHash, String decision, int total, int contactable, int excluded, byte[] requestDigest,
                                    byte[] resultDigest, byte[] recordsDigest) {
        return new Canon().text("evaluation").text(id).time(evaluatedAt).text(caller).text(campaignId).text(fileId).text(policyVersionId)
                .text(policyHash).text(decision).number(total).number(contactable).number(excluded).bytes(requestDigest).bytes(resultDigest)
                .bytes(recordsDigest).digest();
    }

    public static byte[] activation(long id, String versionId, String activatedBy, Instant activatedAt, String reason) {
        return new Canon().text("activation").number(id).text(versionId).text(activatedBy).time(activatedAt).text(reason).digest();
    }

    public static byte[] suppression(String identifierHash, String kind, String reason, String source, String createdBy, Instant createdAt) {
        return new Canon().text("suppression").text(identifierHash).text(kind).text(reason).text(source).text(createdBy).time(createdAt).digest();
    }

    public static byte[] suppressionRemoval(String identifierHash, String kind, String justification, String removedBy, Instant removedAt) {
        return new Canon().text("suppression-removal").text(identifierHash).text(kind).text(justification).text(removedBy).time(removedAt)
                .digest();
    }

    /** An evaluation whose stored request and answer were redacted by an erasure: their digests before and after. */
    public record Redaction(String evaluationId, byte[] requestBefore, byte[] resultBefore, byte[] requestAfter, byte[] resultAfter) {
    }

    /** An erased record row, by its digest. */
    public record Tombstone(String evaluationId, long seq, byte[] rowDigest) {
    }

    /** An erasure: who, when, why, how much, and its redactions and tombstones (each list in key order). */
    public static byte[] erasure(String erasedBy, Instant erasedAt, String legalBasis, boolean objected, int records, int evaluations,
                                 java.util.List<Redaction> redactions, java.util.List<Tombstone> tombstones) {
        Canon canon = new Canon().text("erasure").text(erasedBy).time(erasedAt).text(legalBasis).bool(objected).number(records)
                .number(evaluations).number(redactions.size());
        for (Redaction r : redactions) {
            canon.text(r.evaluationId()).bytes(r.requestBefore()).bytes(r.resultBefore()).bytes(r.requestAfter()).bytes(r.resultAfter());
        }
        canon.number(tombstones.size());
        for (Tombstone t : tombstones) {
            canon.text(t.evaluationId()).number(t.seq()).bytes(t.rowDigest());
        }
        return canon.digest();
    }

    /** A retention purge: its cutoff and the seqs of the evaluation entries it removed, in order. */
    public static byte[] purge(Instant cutoff, java.util.List<Long> removedSeqs) {
        Canon canon = new Canon().text("purge").time(cutoff).number(removedSeqs.size());
        removedSeqs.forEach(canon::number);
        return canon.digest();
    }

    /** The checkpoint's signed bytes. */
    public static byte[] checkpoint(long seq, byte[] headHash, Instant signedAt) {
        return new Canon().text("listguard-audit-checkpoint").number(seq).bytes(headHash).time(signedAt).digest();
    }
}
