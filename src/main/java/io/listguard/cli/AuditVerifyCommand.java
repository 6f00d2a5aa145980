package io.listguard.cli;

import io.listguard.audit.ChainVerifier;
import io.listguard.audit.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * {@code audit verify}: the audit chain verified straight from the database, without the service (an auditor's
 * check, with their own copy of the public key): {@code --db-url URL [--db-user U] [--db-password P | env
 * LISTGUARD_DB_PASSWORD] --public-key KEY|FILE}. Exit code 0 when the chain verifies, 1 when it is broken (the first
 * broken link is printed), 2 on bad usage.
 */
final class AuditVerifyCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final CliTexts texts;

    AuditVerifyCommand(PrintStream out, PrintStream err, CliTexts texts) {
        this.out = out;
        this.err = err;
        this.texts = texts;
    }

    int run(String[] args) throws IOException {
        String url = null;
        String user = null;
        String password = System.getenv("LISTGUARD_DB_PASSWORD");
        String key = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!option.startsWith("--")) {
                err.println(texts.text("cli.option.unknown", option));
                err.println(texts.text("cli.usage.auditVerify"));
                return 2;
            }
            if (i + 1 >= args.length) {
                err.println(texts.text("cli.option.needsValue", option));
                return 2;
            }
            String value = args[++i];
            switch (option) {
                case "--db-url" -> url = value;
                case "--db-user" -> user = value;
                case "--db-password" -> password = value;
                case "--public-key" -> key = value;
                default -> {
                    err.println(texts.text("cli.option.unknown", option));
                    err.println(texts.text("cli.usage.auditVerify"));
                    return 2;
                }
            }
        }
        if (url == null || key == null) {
            err.println(texts.text("cli.usage.auditVerify"));
            return 2;
        }
        PublicKey publicKey;
        try {
            publicKey = SigningKey.parsePublic(publicKeyText(key));
        } catch (IllegalArgumentException e) {
            err.println(texts.text("cli.auditVerify.badKey", key));
            return 2;
        }
        ChainVerifier.Report report;
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            report = new ChainVerifier(connection, publicKey).verify();
        } catch (SQLException e) {
            err.println(texts.text("cli.error", e.getMessage()));
            return 1;
        }
        if (report.ok()) {
            out.println(texts.text("audit.verify.ok", Long.toString(report.entries()), Long.toString(report.headSeq()),
                    Integer.toString(report.checkpoints()), report.lastCheckpointSeq() == null ? "-" : Long.toString(report.lastCheckpointSeq())));
            out.println(texts.text("cli.auditVerify.head", Long.toString(report.headSeq()), report.headHash()));
            return 0;
        }
        out.println(texts.text("audit.verify.failed", ChainVerifier.describe(texts.locale(), report.firstProblem())));
        out.println(texts.text("cli.auditVerify.code", report.firstProblem().code()));
        return 1;
    }

    /** The key itself (base64), or a file holding it: a public key file, or the signing key file (its second line). */
    private static String publicKeyText(String given) throws IOException {
        Path file = Path.of(given);
        if (given.length() < 200 && Files.isRegularFile(file)) {
            String[] lines = Files.readString(file).trim().split("\\s+");
            return lines[lines.length - 1];
        }
        return given;
    }
}
