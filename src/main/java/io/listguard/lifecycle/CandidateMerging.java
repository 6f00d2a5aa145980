package io.listguard.lifecycle;

import io.listguard.domain.Messages;
import io.listguard.policy.PolicyDiff;
import io.listguard.policy.PolicyMerge;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.WorkbookGuard;
import io.listguard.policy.WorkbookMerge;
import io.listguard.policy.WorkbookStamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * No lost updates (issue 11): builds a candidate from uploaded files so that nobody's work is silently undone.
 * A file with a recorded base version (the {@link WorkbookStamp} of a downloaded workbook, or the base given with
 * the upload) older than the active version is merged three-way ({@link PolicyMerge}); a cell changed on both
 * sides refuses the upload ({@link PolicyConflictException}). A file without a recorded base is compared with
 * the active version: every row it would revert or delete is a {@link RevertedRow} that activation must confirm.
 * Also: what a candidate changes relative to the active version, whether its content is that of a stored version,
 * and what activating a candidate built on an older base would undo.
 */
public final class CandidateMerging {

    /**
     * A candidate built from an upload, and what it does relative to the active version. {@code readable} is false
     * when an uploaded workbook failed the size and zip-bomb checks: it is then neither opened, merged nor compared
     * ({@code changesFromActive} is null), and the validation report refuses it.
     */
    public record Candidate(PolicySet set, String activeVersion, String baseVersion, List<String> mergedFiles,
                            List<String> unbasedFiles, List<RevertedRow> reverts, PolicyDiff.Result changesFromActive,
                            boolean readable) {
    }

    private final PolicyVersions versions;
    private final WorkbookGuard guard;

    CandidateMerging(PolicyVersions versions, WorkbookGuard guard) {
        this.versions = versions;
        this.guard = guard;
    }

    /** The base of each upload: its stamp, else the base given with the upload, else the stamp all uploaded workbooks agree on. */
    Function<PolicySource, String> basesOf(List<PolicySource> uploads, String givenBase) {
        Map<String, String> stamps = new LinkedHashMap<>();
        for (PolicySource upload : uploads) {
            if (upload.kind() == PolicySource.Kind.DECISION_TABLE && guard.check(upload).isEmpty()) {
                WorkbookStamp.baseVersion(upload.content()).ifPresent(base -> stamps.put(upload.name(), base));
            }
        }
        Set<String> distinct = new LinkedHashSet<>(stamps.values());
        String common = givenBase != null ? givenBase : distinct.size() == 1 ? distinct.iterator().next() : null;
        return upload -> stamps.getOrDefault(upload.name(), common);
    }

    /**
     * The candidate: the active set with the uploads merged in. Throws {@link PolicyConflictException} when a
     * cell (or a whole DRL or scenario file) was changed both by the upload and, since its base, by others.
     */
    Candidate build(String activeId, PolicySet active, List<PolicySource> uploads, Function<PolicySource, String> baseOf) {
        if (uploads.isEmpty()) {
            throw new io.listguard.domain.InvalidArgumentException("api.policies.noFile");
        }
        if (!safe(uploads)) {
            // never opened here: the template lock refuses it in the report, naming the file
            return new Candidate(active.with(uploads), activeId, activeId, List.of(), List.of(), List.of(), null, false);
        }
        Map<String, List<PolicySource>> byBase = new LinkedHashMap<>();
        List<PolicySource> files = new ArrayList<>();
        List<String> unbased = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (PolicySource upload : uploads) {
            String base = baseOf.apply(upload);
            if (base == null) {
                files.add(upload);
                unbased.add(upload.name());
            } else if (base.equals(activeId)) {
                files.add(upload);
            } else {
                byBase.computeIfAbsent(base, b -> new ArrayList<>()).add(upload);
            }
        }
        List<WorkbookMerge.Conflict> conflicts = new ArrayList<>();
        String olderBase = null;
        for (var entry : byBase.entrySet()) {
            PolicySet baseSet = versions.policySet(entry.getKey()).orElseThrow(() -> new io.listguard.domain.InvalidArgumentException(
                    "api.policies.unknownBase", entry.getKey()));
            PolicyMerge.Result result = PolicyMerge.merge(baseSet, active, entry.getValue());
            conflicts.addAll(result.conflicts());
            files.addAll(result.files());
            entry.getValue().forEach(u -> merged.add(u.name()));
            olderBase = olderBase == null ? entry.getKey() : olderBase;
        }
        if (!conflicts.isEmpty()) {
            throw new PolicyConflictException(PolicyConflictException.Kind.UPLOAD, olderBase, activeId, conflicts,
                    io.listguard.domain.CodedText.of("merge.conflict", conflicts.size(), olderBase, activeId));
        }
        PolicySet candidate = active.with(files);
        List<RevertedRow> reverts = reverts(active, candidate, unbased);
        List<String> toConfirm = reverts.stream().map(RevertedRow::file).distinct().toList();
        return new Candidate(candidate, activeId, activeId, List.copyOf(merged), toConfirm, reverts, PolicyDiff.compare(active, candidate), true);
    }

    /** Workbooks are opened here before the template lock sees them: the same size and zip-bomb checks come first. */
    private boolean safe(List<PolicySource> uploads) {
        for (PolicySource upload : uploads) {
            if (upload.kind() == PolicySource.Kind.DECISION_TABLE && !guard.check(upload).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rows of the active version that the named files of the candidate would change or delete (added rows
     * undo nothing), and the whole DRL or scenario files they would replace.
     */
    List<RevertedRow> reverts(PolicySet active, PolicySet candidate, List<String> files) {
        if (files.isEmpty()) {
            return List.of();
        }
        PolicySet a = new PolicySet(active.sources().stream().filter(s -> files.contains(s.name())).toList());
        PolicySet c = new PolicySet(candidate.sources().stream().filter(s -> files.contains(s.name())).toList());
        List<RevertedRow> reverts = new ArrayList<>();
        for (PolicyDiff.FileDiff file : PolicyDiff.compare(a, c).files()) {
            if (file.status() == PolicyDiff.Status.UNCHANGED || file.status() == PolicyDiff.Status.ADDED) {
                continue;
            }
            if (!file.name().endsWith(".xlsx") || file.problem() != null) {
                if (file.name().endsWith(".xlsx") && PolicyMerge.same(active.source(file.name()).orElseThrow(), candidate.source(file.name()).orElseThrow())) {
                    continue;
                }
                reverts.add(row(file.name(), null, null, null, null, "FILE", List.of(), "merge.revert.file", file.name()));
                continue;
            }
            for (PolicyDiff.TableDiff table : file.tables()) {
                for (PolicyDiff.RowChange row : table.rows()) {
                    if (row.status() == PolicyDiff.Status.CHANGED) {
                        reverts.add(row(file.name(), table.sheet(), table.table(), row.rowA(), row.rowB(), "CHANGED", row.changes(),
                                "merge.revert.changed", file.name(), table.sheet(), row.rowA()));
                    } else if (row.status() == PolicyDiff.Status.REMOVED) {
                        reverts.add(row(file.name(), table.sheet(), table.table(), row.rowA(), null, "REMOVED", List.of(),
                                "merge.revert.removed", file.name(), table.sheet(), row.rowA()));
                    }
                }
            }
        }
        return List.copyOf(reverts);
    }

    private static RevertedRow row(String file, String sheet, String table, Integer row, Integer candidateRow, String status,
                                   List<PolicyDiff.CellChange> changes, String code, Object... args) {
        List<String> texts = java.util.Arrays.stream(args).map(String::valueOf).toList();
        return new RevertedRow(file, sheet, table, row, candidateRow, status, changes, code, texts, Messages.english(code, texts));
    }

    /**
     * The stored version whose content (cells, DRL, scenarios) the candidate has, if any; the active one first.
     * Digests are stored with the versions; those of versions stored before are computed once and stored.
     */
    Optional<String> sameAs(PolicySet candidate, String activeId) {
        String digest = PolicyMerge.contentDigest(candidate);
        Map<String, String> stored = versions.contentDigests();
        if (digest.equals(digestOf(activeId, stored))) {
            return Optional.of(activeId);
        }
        for (PolicyVersion version : versions.list()) {
            // a withdrawn candidate can never be activated: the same content may be proposed again as a new version
            if (digest.equals(digestOf(version.id(), stored)) && versions.lineage(version.id()).map(l -> !l.withdrawn()).orElse(true)) {
                return Optional.of(version.id());
            }
        }
        return Optional.empty();
    }

    private String digestOf(String id, Map<String, String> stored) {
        String digest = stored.get(id);
        if (digest == null) {
            digest = versions.policySet(id).map(PolicyMerge::contentDigest).orElse("");
            versions.recordContentDigest(id, digest);
            stored.put(id, digest);
        }
        return digest;
    }

    /** Records what a new version was built on, and its content digest. */
    void recordLineage(String id, Candidate candidate) {
        versions.recordLineage(id, candidate.baseVersion(), candidate.unbasedFiles());
        versions.recordContentDigest(id, PolicyMerge.contentDigest(candidate.set()));
    }

    /**
     * Refuses the activation of a candidate that would undo changes made since its base (unless it keeps them all),
     * and of a candidate with unconfirmed rows from files without a base.
     */
    List<RevertedRow> checkActivation(String id, PolicySet candidate, String activeId, PolicySet active, boolean confirmed) {
        CandidateLineage lineage = versions.lineage(id).orElseThrow(() -> VersionNotFoundException.version(id));
        if (lineage.withdrawn()) {
            throw new PolicyStateException(id, "merge.withdrawn", id, lineage.withdrawal().by(), lineage.withdrawal().reason());
        }
        if (lineage.everActivated() || id.equals(activeId)) {
            return List.of(); // a rollback (or roll forward) to a version that was active: undoing is what it is for
        }
        if (lineage.baseVersion() != null && !lineage.baseVersion().equals(activeId)) {
            PolicySet base = versions.policySet(lineage.baseVersion()).orElseThrow();
            List<WorkbookMerge.Conflict> undone = PolicyMerge.undone(base, active, candidate);
            if (!undone.isEmpty()) {
                throw new PolicyConflictException(PolicyConflictException.Kind.ACTIVATION, lineage.baseVersion(), activeId, undone,
                        io.listguard.domain.CodedText.of("merge.undone", id, lineage.baseVersion(), activeId, undone.size()));
            }
        }
        List<RevertedRow> reverts = reverts(active, candidate, lineage.unbasedFiles());
        if (!reverts.isEmpty() && !confirmed) {
            throw new ConfirmationRequiredException(activeId, reverts, io.listguard.domain.CodedText.of("merge.confirm", id, reverts.size(), activeId));
        }
        return reverts;
    }

    /** What the activation's reason records of confirmed rows: " (confirmed: 2 row(s) of v3 replaced)", or nothing. */
    static String confirmedNote(List<RevertedRow> confirmed, String activeId) {
        return confirmed.isEmpty() ? "" : " " + StoredTexts.code("policy.stored.confirmed", confirmed.size(), activeId);
    }
}
