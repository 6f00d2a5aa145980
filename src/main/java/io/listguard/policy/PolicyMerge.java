package io.listguard.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Three-way merge of policy files: workbooks cell by cell ({@link WorkbookMerge}); DRL files and scenarios whole
 * (a file changed on both sides since the base is a conflict). Also the canonical content of a set: what makes
 * two sets the same policy whatever their bytes (a stamped download differs from the stored file only in its
 * properties). Plain Java.
 */
public final class PolicyMerge {

    private PolicyMerge() {
    }

    /** The merged files (each replacing the active file of its name), the conflicts, and the files merged three-way. */
    public record Result(List<PolicySource> files, List<WorkbookMerge.Conflict> conflicts) {
    }

    /**
     * Merges uploaded files edited from {@code base} into {@code active}. A file the upload holds as it was in the
     * base is left out (the active file stays); a file only the upload changed is taken; a file both changed is
     * merged cell by cell when it is a workbook, a conflict otherwise.
     */
    public static Result merge(PolicySet base, PolicySet active, List<PolicySource> uploads) {
        List<PolicySource> files = new ArrayList<>();
        List<WorkbookMerge.Conflict> conflicts = new ArrayList<>();
        for (PolicySource upload : uploads) {
            Optional<PolicySource> b = base.source(upload.name());
            Optional<PolicySource> a = active.source(upload.name());
            if (b.isPresent() && same(b.get(), upload)) {
                continue; // not changed by the upload: the active file (or its absence) stays
            }
            if (a.isEmpty() && b.isEmpty()) {
                files.add(upload); // a new file
                continue;
            }
            if (a.isPresent() && same(a.get(), upload)) {
                continue; // changed alike on both sides
            }
            if (b.isPresent() && a.isPresent() && same(a.get(), b.get())) {
                files.add(upload); // only the upload changed it
                continue;
            }
            if (a.isPresent() && b.isPresent() && upload.kind() == PolicySource.Kind.DECISION_TABLE) {
                WorkbookMerge.Result merged = WorkbookMerge.merge(upload.name(), b.get().bytes(), a.get().bytes(), upload.bytes());
                if (merged.merged()) {
                    files.add(new PolicySource(upload.name(), merged.content()));
                } else {
                    conflicts.addAll(merged.conflicts());
                }
                continue;
            }
            conflicts.add(new WorkbookMerge.Conflict(upload.name(), null, null, describe(b), describe(a), describe(Optional.of(upload))));
        }
        return new Result(List.copyOf(files), List.copyOf(conflicts));
    }

    /**
     * What activating {@code candidate}, built on {@code base}, would undo of the changes the active version made
     * since: cells of workbooks, whole DRL and scenario files. Empty when the candidate keeps them all.
     */
    public static List<WorkbookMerge.Conflict> undone(PolicySet base, PolicySet active, PolicySet candidate) {
        Set<String> names = new TreeSet<>();
        base.sources().forEach(s -> names.add(s.name()));
        active.sources().forEach(s -> names.add(s.name()));
        List<WorkbookMerge.Conflict> undone = new ArrayList<>();
        for (String name : names) {
            Optional<PolicySource> b = base.source(name);
            Optional<PolicySource> a = active.source(name);
            Optional<PolicySource> c = candidate.source(name);
            if (same(a, b) || same(a, c)) {
                continue; // not changed since the base, or the candidate has the change
            }
            if (a.isPresent() && b.isPresent() && c.isPresent() && a.get().kind() == PolicySource.Kind.DECISION_TABLE) {
                undone.addAll(WorkbookMerge.undone(name, b.get().bytes(), a.get().bytes(), c.get().bytes()));
            } else {
                undone.add(new WorkbookMerge.Conflict(name, null, null, describe(b), describe(a), describe(c)));
            }
        }
        return List.copyOf(undone);
    }

    /** Same content: workbooks by their cell texts, other files by their bytes. */
    public static boolean same(PolicySource a, PolicySource b) {
        if (Arrays.equals(a.bytes(), b.bytes())) {
            return true;
        }
        if (a.kind() == PolicySource.Kind.DECISION_TABLE && b.kind() == PolicySource.Kind.DECISION_TABLE) {
            try {
                return WorkbookMerge.sameContent(a.bytes(), b.bytes());
            } catch (RuntimeException unreadable) {
                return false;
            }
        }
        return false;
    }

    private static boolean same(Optional<PolicySource> a, Optional<PolicySource> b) {
        return a.isEmpty() ? b.isEmpty() : b.isPresent() && same(a.get(), b.get());
    }

    /**
     * A digest of a whole set's content, scenarios included: workbooks by their cell texts, other files by their
     * bytes. Two sets with the same digest differ in no cell, DRL line or scenario.
     */
    public static String contentDigest(PolicySet set) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (PolicySource source : set.sources()) {
                sha.update(source.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                String part;
                if (source.kind() == PolicySource.Kind.DECISION_TABLE) {
                    try {
                        part = "cells:" + WorkbookMerge.contentDigest(source.bytes());
                    } catch (RuntimeException unreadable) {
                        part = "bytes:" + sha256(source.bytes());
                    }
                } else {
                    part = "bytes:" + sha256(source.bytes());
                }
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(Optional<PolicySource> source) {
        // worded in the reader's language by WorkbookMerge.Conflict#in
        return source.map(s -> PolicyProblem.inline("policy.merge.digest", "sha256:" + sha256(s.bytes()).substring(0, 12), s.size()))
                .orElse(PolicyProblem.inline("policy.merge.absent"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
