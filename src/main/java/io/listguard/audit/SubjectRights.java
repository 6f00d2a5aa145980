package io.listguard.audit;

import io.listguard.domain.CodedText;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Identifiers;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.Violation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data subject's rights over what the audit trail holds about them (GDPR arts. 15 and 18): their stored record
 * rows found by email, phone and/or postal address (keyed hashes, {@link Subject}), paged and capped, finished
 * evaluations only (a bulk job still running is left out); those rows exported with the facts the evaluation used,
 * decoded from the pseudonymised stored request; and restrictions of processing, recorded with who, when and on
 * which basis, and lifted the same way. While a restriction holds, the person's rows are kept but withheld: not
 * replayed, not shown by the record views of the trail ({@link #withheldRecords(String)}), and their records in new
 * evaluations are excluded before the rules run, through the suppression list's check ({@link #activeHashes()}).
 */
@Service
public class SubjectRights {

    /** At most this many rows per page of a lookup. */
    public static final int MAX_PAGE_SIZE = 500;
    /** A lookup reaches at most this many rows (newest first); beyond it the answer says it is truncated. */
    public static final int MAX_ROWS = 10_000;
    /** An export holds at most this many rows (newest first); beyond it the answer says it is truncated. */
    public static final int MAX_EXPORT_ROWS = 2_000;
    public static final int MAX_REASON = 1000;
    public static final int MAX_LEGAL_BASIS = 200;

    /**
     * A person as the trail knows them: the keyed hashes (32 bytes, or null) of the identifiers given. Built by
     * {@link #subject}; the identifiers in clear go no further.
     */
    public static final class Subject {
        private final byte[] email;
        private final byte[] phone;
        private final byte[] address;

        private Subject(byte[] email, byte[] phone, byte[] address) {
            this.email = email;
            this.phone = phone;
            this.address = address;
        }

        /**
         * A person from keyed hashes already computed (32 bytes each, null when absent; at least one): for a caller
         * that holds hashes, not identifiers (the erasure of the same rows, a test).
         */
        public static Subject ofHashes(byte[] email, byte[] phone, byte[] address) {
            if (email == null && phone == null && address == null) {
                throw new InvalidArgumentException("api.rights.identifier");
            }
            return new Subject(email == null ? null : email.clone(), phone == null ? null : phone.clone(), address == null ? null : address.clone());
        }

        /** The (column, hash) pairs to match, one per identifier given. */
        private List<Object[]> columns() {
            List<Object[]> columns = new ArrayList<>(3);
            if (email != null) {
                columns.add(new Object[] {"email_hash", email});
            }
            if (phone != null) {
                columns.add(new Object[] {"phone_hash", phone});
            }
            if (address != null) {
                columns.add(new Object[] {"address_hash", address});
            }
            return columns;
        }

        @Override
        public String toString() {
            return "Subject[email=" + (email != null) + ", phone=" + (phone != null) + ", address=" + (address != null) + "]"; // never a hash
        }
    }

    /** One stored record row of the person: which evaluation, when, which record, its verdict. */
    public record Row(String evaluationId, Instant evaluatedAt, String campaignId, String fileId, String policyVersionId, String recordId,
                      boolean contactable, List<String> reasons, List<String> legalBases) {
    }

    /** A page of a lookup: {@code total} rows found up to {@link #MAX_ROWS}; {@code truncated} when there are more. */
    public record LookupPage(List<Row> items, int page, int size, long total, boolean truncated, int maxRows, List<Restriction> restrictions) {
    }

    /**
     * One row of an export: the row, the policy it was decided under, and the facts the evaluation used, as stored
     * (contact points as their surrogates); {@code facts} is null for a bulk job, whose stored request has no records.
     */
    public record ExportedRow(String evaluationId, Instant evaluatedAt, String caller, String campaignId, String fileId, String policyVersionId,
                              String policyHash, int seq, String recordId, boolean contactable, List<String> reasons, List<String> legalBases,
                              ProspectRecord facts) {
    }

    /** What an export holds: the rows (newest first) and whether there were more than {@link #MAX_EXPORT_ROWS}. */
    public record Export(Instant exportedAt, int rows, boolean truncated, int maxRows, List<ExportedRow> records, List<Restriction> restrictions) {
    }

    /**
     * A restriction of processing as recorded: which identifiers it names (never their value or hash), why, on which
     * basis, who and when; and, once lifted, who lifted it, when and why.
     */
    public record Restriction(long id, boolean email, boolean phone, boolean address, String reason, String legalBasis, String restrictedBy,
                              Instant restrictedAt, String liftedBy, Instant liftedAt, String liftReason) {
        public boolean active() {
            return liftedAt == null;
        }
    }

    /** The hex hashes (as {@link Pseudonymiser} gives them) under an active restriction, by kind. */
    public record RestrictedHashes(Set<String> emails, Set<String> phones, Set<String> addresses) {
        public static final RestrictedHashes NONE = new RestrictedHashes(Set.of(), Set.of(), Set.of());

        public boolean isEmpty() {
            return emails.isEmpty() && phones.isEmpty() && addresses.isEmpty();
        }
    }

    private static final String ROW_COLUMNS = "e.id, e.evaluated_at, e.campaign_id, e.file_id, e.policy_version_id, r.record_id, r.contactable, "
            + "r.reasons, r.legal_bases, e.caller, e.policy_hash, r.seq";
    private static final String RESTRICTION_COLUMNS = "id, email_hash, phone_hash, address_hash, reason, legal_basis, restricted_by, restricted_at, "
            + "lifted_by, lifted_at, lift_reason";

    private final JdbcTemplate jdbc;
    private final Pseudonymiser pseudonymiser;
    private final JsonMapper json;

    public SubjectRights(JdbcTemplate jdbc, Pseudonymiser pseudonymiser, JsonMapper json) {
        this.jdbc = jdbc;
        this.pseudonymiser = pseudonymiser;
        this.json = json;
    }

    /**
     * The person named by any of an email, a phone and a postal address (at least one), hashed at once as every
     * evaluation hashes them, so that any spelling finds the same rows. An {@link InvalidArgumentException} that never
     * quotes the identifier when none is given or one holds control characters.
     */
    public Subject subject(String email, String phone, String address) {
        String[] values = {email, phone, address};
        String[] fields = {"email", "phone", "address"};
        for (int i = 0; i < values.length; i++) {
            Violation control = Identifiers.controlViolation(fields[i], values[i], false);
            if (control != null) {
                throw new InvalidArgumentException("api.rights.control", fields[i], CodedText.of(control.code(), control.args().toArray()));
            }
        }
        Subject subject = new Subject(pseudonymiser.emailHmac(email), pseudonymiser.phoneHmac(phone), pseudonymiser.addressHmac(address));
        if (subject.columns().isEmpty()) {
            throw new InvalidArgumentException("api.rights.identifier");
        }
        return subject;
    }

    /** A page of the person's record rows of finished evaluations, newest first; at most {@link #MAX_ROWS} reachable. */
    public LookupPage lookup(Subject subject, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("api.rights.page", MAX_PAGE_SIZE);
        }
        List<Object> params = new ArrayList<>();
        String rows = matching(subject, params);
        Long found = jdbc.queryForObject("select count(*) from (" + rows + " limit " + (MAX_ROWS + 1) + ") m", Long.class, params.toArray());
        long total = found == null ? 0 : found;
        List<Row> items = List.of();
        long offset = (long) page * size;
        if (offset < MAX_ROWS) {
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(Math.min(size, MAX_ROWS - offset));
            pageParams.add(offset);
            items = jdbc.query("select * from (" + rows + ") m order by 2 desc, 1, 12 limit ? offset ?", (rs, i) -> row(rs), pageParams.toArray());
        }
        return new LookupPage(items, page, size, Math.min(total, MAX_ROWS), total > MAX_ROWS, MAX_ROWS, restrictions(subject));
    }

    /**
     * Every stored record row of the person (finished evaluations, newest first, at most {@link #MAX_EXPORT_ROWS}),
     * each with the facts its evaluation used, decoded from the pseudonymised stored request.
     */
    public Export export(Subject subject) {
        List<Object> params = new ArrayList<>();
        String rows = matching(subject, params);
        List<ExportedRow> out = new ArrayList<>();
        boolean[] truncated = {false};
        Map<String, List<ProspectRecord>> requests = new HashMap<>();
        jdbc.query("select * from (" + rows + ") m order by 2 desc, 1, 12 limit " + (MAX_EXPORT_ROWS + 1), rs -> {
            if (out.size() == MAX_EXPORT_ROWS) {
                truncated[0] = true;
                return;
            }
            Row row = row(rs);
            int seq = rs.getInt(12);
            List<ProspectRecord> records = requests.computeIfAbsent(row.evaluationId(), this::storedRecords);
            out.add(new ExportedRow(row.evaluationId(), row.evaluatedAt(), rs.getString(10), row.campaignId(), row.fileId(), row.policyVersionId(),
                    rs.getString(11), seq, row.recordId(), row.contactable(), row.reasons(), row.legalBases(), facts(records, seq, row.recordId())));
            if (requests.size() > 64) {
                requests.keySet().removeIf(id -> !id.equals(row.evaluationId())); // rows come grouped by evaluation: keep the current one only
            }
        }, params.toArray());
        return new Export(Instant.now(), out.size(), truncated[0], MAX_EXPORT_ROWS, out, restrictions(subject));
    }

    /** Restricts the processing of the person's data (art. 18) and records it; returns the restriction. */
    @Transactional
    public Restriction restrict(Subject subject, String reason, String legalBasis, String by) {
        String why = text(reason, "reason", MAX_REASON);
        String basis = text(legalBasis, "legalBasis", MAX_LEGAL_BASIS);
        Instant now = Instant.now();
        org.springframework.jdbc.support.GeneratedKeyHolder keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("insert into subject_restriction (email_hash, phone_hash, address_hash, reason, legal_basis, "
                    + "restricted_by, restricted_at) values (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setBytes(1, subject.email);
            ps.setBytes(2, subject.phone);
            ps.setBytes(3, subject.address);
            ps.setString(4, why);
            ps.setString(5, basis);
            ps.setString(6, by);
            ps.setTimestamp(7, Timestamp.from(now));
            return ps;
        }, keys);
        return restriction(keys.getKey().longValue()).orElseThrow();
    }

    /** Lifts an active restriction and records who, when and why; empty when there is no such restriction, or it is lifted already. */
    @Transactional
    public Optional<Restriction> lift(long id, String reason, String by) {
        String why = text(reason, "reason", MAX_REASON);
        int lifted = jdbc.update("update subject_restriction set lifted_by = ?, lifted_at = ?, lift_reason = ? where id = ? and lifted_at is null",
                by, Timestamp.from(Instant.now()), why, id);
        return lifted == 1 ? restriction(id) : Optional.empty();
    }

    public Optional<Restriction> restriction(long id) {
        return jdbc.query("select " + RESTRICTION_COLUMNS + " from subject_restriction where id = ?", (rs, i) -> restriction(rs), id).stream().findFirst();
    }

    /** The restrictions recorded, newest first: the active ones only, or all (lifted ones too). */
    public List<Restriction> restrictions(boolean activeOnly, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidArgumentException("api.rights.page", MAX_PAGE_SIZE);
        }
        return jdbc.query("select " + RESTRICTION_COLUMNS + " from subject_restriction" + (activeOnly ? " where lifted_at is null" : "")
                + " order by restricted_at desc, id desc limit ? offset ?", (rs, i) -> restriction(rs), size, (long) page * size);
    }

    /** The restrictions (active or lifted) that name any of the person's identifiers, newest first. */
    public List<Restriction> restrictions(Subject subject) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Object[] column : subject.columns()) {
            conditions.add(column[0] + " = ?");
            params.add(column[1]);
        }
        return jdbc.query("select " + RESTRICTION_COLUMNS + " from subject_restriction where " + String.join(" or ", conditions)
                + " order by restricted_at desc, id desc", (rs, i) -> restriction(rs), params.toArray());
    }

    /** Whether any active restriction names one of the person's identifiers. */
    public boolean restricted(Subject subject) {
        return restrictions(subject).stream().anyMatch(Restriction::active);
    }

    /**
     * The hashes under an active restriction, by kind, as hex strings: what the suppression list's check adds to its
     * own before the rules run, so that a restricted person's records are excluded from every new evaluation.
     */
    public RestrictedHashes activeHashes() {
        Set<String> emails = new HashSet<>();
        Set<String> phones = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        HexFormat hex = HexFormat.of();
        jdbc.query("select email_hash, phone_hash, address_hash from subject_restriction where lifted_at is null", rs -> {
            add(emails, rs.getBytes(1), hex);
            add(phones, rs.getBytes(2), hex);
            add(addresses, rs.getBytes(3), hex);
        });
        return emails.isEmpty() && phones.isEmpty() && addresses.isEmpty() ? RestrictedHashes.NONE : new RestrictedHashes(emails, phones, addresses);
    }

    /**
     * Every hash under an active restriction, handed over one at a time with its kind (EMAIL, PHONE, ADDRESS) as hex
     * (the suppression export): read with a fetch size, never all held at once.
     */
    public void forEachActiveHash(java.util.function.BiConsumer<String, String> each) {
        HexFormat hex = HexFormat.of();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select email_hash, phone_hash, address_hash from subject_restriction "
                    + "where lifted_at is null order by id");
            statement.setFetchSize(1_000);
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
            String[] kinds = {"EMAIL", "PHONE", "ADDRESS"};
            for (int i = 0; i < 3; i++) {
                byte[] hash = rs.getBytes(i + 1);
                if (hash != null) {
                    each.accept(kinds[i], hex.formatHex(hash));
                }
            }
        });
    }

    /** The ids of the records of an evaluation whose person is under an active restriction: withheld from the trail's views. */
    public Set<String> withheldRecords(String evaluationId) {
        Set<String> ids = new HashSet<>();
        jdbc.query(withheld("r.evaluation_id = ?"), rs -> {
            ids.add(rs.getString(2));
        }, evaluationId, evaluationId, evaluationId);
        return ids;
    }

    /** The same for every evaluation made in a period (replay): evaluation id to its withheld record ids. */
    public Map<String, Set<String>> withheldRecords(Instant from, Instant to) {
        Map<String, Set<String>> ids = new HashMap<>();
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        jdbc.query(withheld("r.evaluation_id in (select id from evaluation where evaluated_at >= ? and evaluated_at < ?)"),
                rs -> {
                    ids.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }, f, t, f, t, f, t);
        return ids;
    }

    /** Record rows under an active restriction, one union per kind of hash so that each probe uses its index. */
    private static String withheld(String where) {
        List<String> parts = new ArrayList<>();
        for (String column : new String[] {"email_hash", "phone_hash", "address_hash"}) {
            parts.add("select r.evaluation_id, r.record_id from evaluation_record r join subject_restriction s on s." + column + " = r." + column
                    + " and s.lifted_at is null where " + where);
        }
        return String.join(" union ", parts);
    }

    /** The person's rows of finished evaluations: one select per identifier (each by its index), their union (a row matched twice once). */
    private static String matching(Subject subject, List<Object> params) {
        List<String> parts = new ArrayList<>();
        for (Object[] column : subject.columns()) {
            parts.add("select " + ROW_COLUMNS + " from evaluation_record r join evaluation e on e.id = r.evaluation_id "
                    + "where r." + column[0] + " = ? and e.decision <> 'RUNNING'"); // a bulk job still running is not finished
            params.add(column[1]);
        }
        return String.join(" union ", parts);
    }

    private List<ProspectRecord> storedRecords(String evaluationId) {
        byte[] stored = jdbc.query("select request_gz from evaluation where id = ?", (rs, i) -> rs.getBytes(1), evaluationId).stream().findFirst()
                .orElse(null);
        if (stored == null) {
            return List.of();
        }
        EvaluationRequest request = json.readValue(AuditStore.gunzip(stored), EvaluationRequest.class);
        return request.records() == null ? List.of() : request.records();
    }

    private static ProspectRecord facts(List<ProspectRecord> records, int seq, String recordId) {
        if (seq >= 0 && seq < records.size() && records.get(seq) != null && recordId.equals(records.get(seq).id())) {
            return records.get(seq);
        }
        return records.stream().filter(r -> r != null && recordId.equals(r.id())).findFirst().orElse(null);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getBoolean(7), split(rs.getString(8)), split(rs.getString(9)));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Restriction restriction(ResultSet rs) throws SQLException {
        Timestamp lifted = rs.getTimestamp(10);
        return new Restriction(rs.getLong(1), rs.getBytes(2) != null, rs.getBytes(3) != null, rs.getBytes(4) != null, rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9), lifted == null ? null : lifted.toInstant(),
                rs.getString(11));
    }

    private static void add(Set<String> hashes, byte[] hash, HexFormat hex) {
        if (hash != null) {
            hashes.add(hex.formatHex(hash));
        }
    }

    /** A required free text: stripped, without control characters, at most {@code max} characters. */
    private static String text(String value, String field, int max) {
        Violation control = Identifiers.controlViolation(field, value, false);
        if (control != null) {
            throw new InvalidArgumentException("api.rights.control", field, CodedText.of(control.code(), control.args().toArray()));
        }
        if (value == null || value.isBlank()) {
            throw new InvalidArgumentException("api.rights.required", field);
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw new InvalidArgumentException("api.rights.tooLong", field, max);
        }
        return stripped;
    }
}
