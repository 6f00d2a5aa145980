package io.listguard.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the audit chain's head now and then ({@code audit_checkpoint}): every {@code checkpoint-entries} entries or
 * {@code checkpoint-interval}, whichever comes first, with the Ed25519 key held outside the database. A checkpoint
 * lets an auditor holding the public key detect a chain rewritten or cut short after it. With several instances on
 * one database, one signs: the others find the lock {@value #LOCK} taken and skip the run (ShedLock).
 */
@Component
public class ChainCheckpoints {

    /** The ShedLock name of the checkpoint run. */
    public static final String LOCK = "audit-chain-checkpoint";

    private static final Logger log = LoggerFactory.getLogger(ChainCheckpoints.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SigningKey key;
    private final ChainProperties properties;
    private final Clock clock = Clock.systemUTC();

    ChainCheckpoints(JdbcTemplate jdbc, TransactionTemplate transactions, SigningKey key, ChainProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.key = key;
        this.properties = properties;
        log.info("audit checkpoints are signed with the Ed25519 public key {} (give it to auditors: audit verify --public-key)",
                SigningKey.text(key.publicKey()));
    }

    /** @return the seq signed, empty when none was due (or another instance holds the lock) */
    @Scheduled(fixedDelayString = "${listguard.audit.chain.check-every:PT1M}", initialDelayString = "${listguard.audit.chain.check-every:PT1M}")
    @SchedulerLock(name = LOCK, lockAtMostFor = "PT5M")
    public Optional<Long> checkpointIfDue() {
        return transactions.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("select seq, entry_hash from audit_chain_head where id = 1");
            long seq = ((Number) head.get("seq")).longValue();
            List<Map<String, Object>> last = jdbc.queryForList("select seq, signed_at from audit_checkpoint order by seq desc limit 1");
            long lastSeq = last.isEmpty() ? 0 : ((Number) last.get(0).get("seq")).longValue();
            if (seq == 0 || seq <= lastSeq) {
                return Optional.<Long>empty();
            }
            boolean due = seq - lastSeq >= properties.checkpointEntries() || last.isEmpty()
                    || Duration.between(AuditChain.instant(last.get(0).get("signed_at")), clock.instant()).compareTo(properties.checkpointInterval()) >= 0;
            return due ? Optional.of(sign(seq, (byte[]) head.get("entry_hash"))) : Optional.<Long>empty();
        });
    }

    /** Signs the head now, whatever is due (an operator before a backup, tests); returns its seq, 0 for an empty chain. */
    public long checkpoint() {
        return transactions.execute(status -> {
            Map<String, Object> head = jdbc.queryForMap("select seq, entry_hash from audit_chain_head where id = 1 for update");
            long seq = ((Number) head.get("seq")).longValue();
            if (seq == 0) {
                return 0L;
            }
            Long exists = jdbc.queryForObject("select count(*) from audit_checkpoint where seq = ?", Long.class, seq);
            return exists != null && exists > 0 ? seq : sign(seq, (byte[]) head.get("entry_hash"));
        });
    }

    private long sign(long seq, byte[] headHash) {
        Instant at = ChainDigests.stored(clock.instant());
        byte[] signature = key.sign(ChainDigests.checkpoint(seq, headHash, at));
        jdbc.update("insert into audit_checkpoint (seq, head_hash, signed_at, public_key, signature) values (?, ?, ?, ?, ?)", seq, headHash,
                Timestamp.from(at), SigningKey.text(key.publicKey()), signature);
        log.info("audit chain checkpoint signed at entry {}", seq);
        return seq;
    }
}
