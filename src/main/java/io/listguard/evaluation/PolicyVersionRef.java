package io.listguard.evaluation;

/** The policy version an evaluation ran under. */
public record PolicyVersionRef(String id, String hash) {
}
