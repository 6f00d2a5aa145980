package io.listguard.evaluation;

import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.ProspectRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's suppression list and restrictions of processing as sets of keyed hashes, for an evaluation run outside
 * the service (a Spark job) from the service's export ({@code GET /api/v1/suppressions/export}). It bars exactly what
 * the service's {@code suppression.Suppressions#barred} bars for the same records: a record is suppressed when the
 * hash of its email, phone or postal address is on the list, restricted when one of them is under an active
 * restriction; a record may be both (each has its own rule, rules/suppression.drl and regime.drl decide). Immutable
 * and thread-safe; the hashes must have been made with the same key ({@link IdentifierHashes#keyId()} equal to the
 * export's {@code X-Listguard-Hash-Key-Id}).
 */
public final class HashedSuppressionList implements SuppressionList {

    /** The header line of the export. */
    public static final String HEADER = "bar,kind,identifier_hash";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final IdentifierHashes hashes;
    private final Set<String> suppressed;
    private final Set<String> restricted;

    /** {@code suppressed} and {@code restricted}: hex keyed hashes (64 lower-case digits) of any kind. */
    public HashedSuppressionList(IdentifierHashes hashes, Set<String> suppressed, Set<String> restricted) {
        this.hashes = hashes;
        this.suppressed = Set.copyOf(suppressed);
        this.restricted = Set.copyOf(restricted);
    }

    /**
     * Reads the service's export ({@value #HEADER}, then one line per hash: {@code SUPPRESSED} or {@code RESTRICTED},
     * {@code EMAIL}, {@code PHONE} or {@code ADDRESS}, the hash); any other line is refused, so that a truncated or
     * foreign file is not taken for a short list.
     *
     * @throws IllegalArgumentException at the first line that is not of the export, with its number
     */
    public static HashedSuppressionList read(IdentifierHashes hashes, Reader export) throws IOException {
        Set<String> suppressed = new HashSet<>();
        Set<String> restricted = new HashSet<>();
        BufferedReader lines = export instanceof BufferedReader b ? b : new BufferedReader(export);
        String header = lines.readLine();
        if (!HEADER.equals(header)) {
            throw new IllegalArgumentException("not a suppression export: line 1 is not " + HEADER);
        }
        long number = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 3 || !(cells[1].equals("EMAIL") || cells[1].equals("PHONE") || cells[1].equals("ADDRESS"))
                    || !HASH.matcher(cells[2]).matches()) {
                throw new IllegalArgumentException("line " + number + " of the suppression export is not bar,kind,identifier_hash");
            }
            switch (cells[0]) {
                case "SUPPRESSED" -> suppressed.add(cells[2]);
                case "RESTRICTED" -> restricted.add(cells[2]);
                default -> throw new IllegalArgumentException("line " + number + " of the suppression export: unknown bar");
            }
        }
        return new HashedSuppressionList(hashes, suppressed, restricted);
    }

    /** The key id of the hashes this list checks records with. */
    public String keyId() {
        return hashes.keyId();
    }

    public int suppressedCount() {
        return suppressed.size();
    }

    public int restrictedCount() {
        return restricted.size();
    }

    @Override
    public Set<String> suppressedRecordIds(List<ProspectRecord> records) {
        return barred(records).suppressed();
    }

    @Override
    public Barred barred(List<ProspectRecord> records) {
        Set<String> bySuppression = new HashSet<>();
        Set<String> byRestriction = new HashSet<>();
        for (ProspectRecord record : records) {
            if (record == null) {
                continue;
            }
            String email = hashes.emailHash(record.email());
            String phone = hashes.phoneHash(record.phone());
            String address = hashes.addressHash(record.postalAddress());
            if (on(suppressed, email, phone, address)) {
                bySuppression.add(record.id());
            }
            if (on(restricted, email, phone, address)) {
                byRestriction.add(record.id());
            }
        }
        return new Barred(bySuppression, byRestriction);
    }

    private static boolean on(Set<String> list, String email, String phone, String address) {
        return !list.isEmpty() && (email != null && list.contains(email) || phone != null && list.contains(phone)
                || address != null && list.contains(address));
    }
}
