package io.listguard.spark;

import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.HashedSuppressionList;
import io.listguard.evaluation.SuppressionList;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The central suppression list and the restrictions of processing, as the service exports them (keyed hashes, never
 * an identifier in clear: {@code GET /api/v1/suppressions/export}), shipped to every executor with the hashing key
 * (a Spark broadcast: the list is joined to each batch in memory, the way the service's own check does in the
 * database). On each executor the records are hashed with the same core code as the service's
 * ({@link IdentifierHashes}) and barred by {@link HashedSuppressionList}.
 */
final class BarredIdentifiers implements SuppressionList, Serializable {

    private static final long serialVersionUID = 1L;

    /** No list: the CLI's behaviour (the central list is the service's). */
    static final BarredIdentifiers NONE = new BarredIdentifiers(null, null, null, null);

    private final byte[] secret;
    /** The export as read (a broadcast list), or null when the sets below are the hashes a join matched. */
    private final String export;
    private final Set<String> suppressed;
    private final Set<String> restricted;
    private transient volatile HashedSuppressionList list;

    private BarredIdentifiers(byte[] secret, String export, Set<String> suppressed, Set<String> restricted) {
        this.secret = secret;
        this.export = export;
        this.suppressed = suppressed;
        this.restricted = restricted;
    }

    /** The HMAC secret of a key file: the service's secret in Base64. */
    static byte[] secret(Path keyFile) throws IOException {
        return Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
    }

    /** What a join matched for one piece: the hashes of its records that are on the list ({@link SuppressionJoin}). */
    static BarredIdentifiers matched(byte[] secret, SuppressionJoin.Matched matched) {
        return new BarredIdentifiers(secret, null, matched == null ? Set.of() : matched.suppressed(), matched == null ? Set.of() : matched.restricted());
    }

    /**
     * The export file and the key file: the service's HMAC secret in Base64 (what the service keeps in
     * {@code <data-dir>}, or a configured secret encoded; docs/spark.md). Refused when the export is not one.
     */
    static BarredIdentifiers read(Path exportFile, Path keyFile) throws IOException {
        String export = Files.readString(exportFile, StandardCharsets.UTF_8);
        BarredIdentifiers barred = new BarredIdentifiers(secret(keyFile), export, null, null);
        barred.list(); // checked on the driver, before any task
        return barred;
    }

    HashedSuppressionList list() {
        HashedSuppressionList built = list;
        if (built == null && export == null) {
            built = new HashedSuppressionList(new IdentifierHashes(secret), suppressed, restricted);
            list = built;
        } else if (built == null) {
            try (Reader in = new StringReader(export)) {
                built = HashedSuppressionList.read(new IdentifierHashes(secret), in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            list = built;
        }
        return built;
    }

    private boolean none() {
        return secret == null;
    }

    @Override
    public Set<String> suppressedRecordIds(List<ProspectRecord> records) {
        return none() ? Set.of() : list().suppressedRecordIds(records);
    }

    @Override
    public Barred barred(List<ProspectRecord> records) {
        return none() ? SuppressionList.NONE.barred(records) : list().barred(records);
    }
}
