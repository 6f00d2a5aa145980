package io.listguard.api;

import io.listguard.audit.ChainVerifier;
import io.listguard.audit.Erasure;
import io.listguard.audit.SigningKey;
import io.listguard.domain.InvalidArgumentException;
import io.listguard.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Audit", description = "Past evaluations with their traces, data-subject lookups, exports and replays")
@RestController
class AuditChainController {

    private static final Logger log = LoggerFactory.getLogger(AuditChainController.class);
    private static final int MAX_BASIS = Erasure.MAX_LEGAL_BASIS;

    /** The first broken link: where (seq, kind, ref) and what is wrong (code, and its text in the reader's language). */
    record ProblemView(Long seq, String kind, String ref, String code, String message) {
    }

    record CheckpointView(long seq, String headHash, Instant signedAt) {
    }

    /** A verification: ok, what was checked, the head and last checkpoint (for the auditor to keep), the first problem. */
    record VerifyView(boolean ok, long entries, long headSeq, String headHash, int checkpoints, CheckpointView lastCheckpoint, String publicKey,
                      ProblemView firstProblem) {
    }

    /** A person to erase (identifiers in the body only, never in a URL) and why. */
    record EraseRequest(String email, String phone, String address, String legalBasis, Boolean objected) {
    }

    private final DataSource dataSource;
    private final SigningKey key;
    private final Erasure erasure;

    AuditChainController(DataSource dataSource, SigningKey key, Erasure erasure) {
        this.dataSource = dataSource;
        this.key = key;
        this.erasure = erasure;
    }

    @Operation(summary = "Verify the audit chain",
            description = "Checks every entry's link and hash, every chained row (evaluations with their request, answer and record rows; "
                    + "policy activations; suppressions and their removals; erasures; purges) against its digest, and the signed "
                    + "checkpoints with the service's public key; reports the first broken link. Reads only.")
    @ApiResponse(responseCode = "200", description = "The verification; ok false with firstProblem when something does not verify")
    @GetMapping("/api/v1/audit/verify")
    VerifyView verify(HttpServletRequest request) throws SQLException {
        Locale locale = ApiLanguage.of(request);
        ChainVerifier.Report report;
        try (Connection connection = dataSource.getConnection()) {
            report = new ChainVerifier(connection, key.publicKey()).verify();
        }
        ChainVerifier.Problem p = report.firstProblem();
        if (p != null) {
            log.warn("audit chain verification failed at entry {} ({} {}): {}", p.seq(), p.kind(), p.ref(), p.code());
        }
        return new VerifyView(report.ok(), report.entries(), report.headSeq(), report.headHash(), report.checkpoints(),
                report.lastCheckpointSeq() == null ? null : new CheckpointView(report.lastCheckpointSeq(), report.lastCheckpointHash(),
                        report.lastCheckpointAt()), SigningKey.text(key.publicKey()),
                p == null ? null : new ProblemView(p.seq(), p.kind(), p.ref(), p.code(), ChainVerifier.describe(locale, p)));
    }

    @Operation(summary = "Erase a person from the audit trail (GDPR art. 17)",
            description = "Deletes the person's record rows and their records' fragments of the stored requests and answers, keeps each "
                    + "evaluation's totals, and records the erasure (who, when, legal basis, how many rows, which evaluations; never the "
                    + "identifiers) in the audit chain with tombstones, so that verification still passes. With objected true the person "
                    + "is added to the suppression list (art. 21). Give at least one of email, phone and address, and legalBasis.")
    @ApiResponse(responseCode = "200", description = "Erased: the chain entry, the rows and evaluations concerned")
    @ApiResponse(responseCode = "400", description = "No identifier, no legal basis, or objected missing")
    @PostMapping("/api/v1/records/erase")
    Erasure.Report erase(@RequestBody(required = false) EraseRequest body) {
        if (body == null || (blank(body.email()) && blank(body.phone()) && blank(body.address()))) {
            throw new InvalidArgumentException("api.erase.identifier");
        }
        if (blank(body.legalBasis()) || body.legalBasis().length() > MAX_BASIS) {
            throw new InvalidArgumentException("api.erase.legalBasis", MAX_BASIS);
        }
        if (body.objected() == null) {
            throw new InvalidArgumentException("api.erase.objected");
        }
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        String by = auth == null ? "api" : Callers.accountable(null, auth);
        Erasure.Report report;
        try {
            report = erasure.erase(new Erasure.Request(body.email(), body.phone(), body.address(), body.legalBasis(), body.objected()), by);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("api.erase.identifier");
        }
        log.info("erasure: {} record row(s) of {} evaluation(s) erased by {} (audit chain entry {}){}", report.records(), report.evaluations().size(),
                by, report.seq(), report.suppressed() ? ", the person added to the suppression list" : "");
        return report;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

}
