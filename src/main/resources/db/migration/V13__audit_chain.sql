-- Issue 19: a tamper-evident audit trail (a hash chain, in the manner of Certificate Transparency), its signed
-- checkpoints, and the tombstones that erasure (GDPR art. 17) and the retention purge leave so that it still verifies.
-- No personal data here: digests (SHA-256), ids and who/when/why only. Same SQL on PostgreSQL and H2.

-- One entry per stored evaluation, policy activation, suppression change, erasure and purge, in order.
-- entry_hash = SHA-256(previous_hash || canonical(seq, kind, ref, content_digest, recorded_at)).
create table audit_chain (
    seq             bigint                   not null primary key,
    kind            varchar(32)              not null,
    ref             varchar(200)             not null,
    content_digest  bytea                    not null,
    previous_hash   bytea                    not null,
    entry_hash      bytea                    not null,
    recorded_at     timestamp with time zone not null,
    removed_by      bigint                   -- an evaluation's entry: the seq of the PURGE entry that removed it (not hashed; the PURGE entry covers the list)
);
create index audit_chain_ref on audit_chain (ref);

-- The chain's head: its row lock serialises appends across every instance sharing the database. backfilled: the
-- evaluations stored before this migration were chained, once, at the first start after it (AuditStore#backfill).
create table audit_chain_head (
    id          integer not null primary key,
    seq         bigint  not null,
    entry_hash  bytea,
    backfilled  boolean not null
);
insert into audit_chain_head (id, seq, entry_hash, backfilled) values (1, 0, null, false);

-- Signed checkpoints: the head (seq, hash) at a time, signed with an Ed25519 key kept outside the database.
create table audit_checkpoint (
    seq         bigint                   not null primary key,
    head_hash   bytea                    not null,
    signed_at   timestamp with time zone not null,
    public_key  varchar(200)             not null,
    signature   bytea                    not null
);

-- An erasure (art. 17): who, when, on what basis, how much; never the person's identifiers.
create table audit_erasure (
    seq          bigint                   not null primary key,
    erased_by    varchar(200)             not null,
    erased_at    timestamp with time zone not null,
    legal_basis  varchar(500)             not null,
    objected     boolean                  not null,
    records      integer                  not null,
    evaluations  integer                  not null
);

-- An evaluation whose stored request and answer lost a person's fragments: their digests before and after.
create table evaluation_redaction (
    evaluation_id   varchar(36) not null,
    erasure_seq     bigint      not null,
    request_before  bytea       not null,
    result_before   bytea       not null,
    request_after   bytea       not null,
    result_after    bytea       not null,
    primary key (evaluation_id, erasure_seq)
);

-- An erased record row: its digest stands in for it in its evaluation's proof.
create table evaluation_record_tombstone (
    evaluation_id  varchar(36) not null,
    seq            integer     not null,
    row_digest     bytea       not null,
    erasure_seq    bigint      not null,
    primary key (evaluation_id, seq)
);
