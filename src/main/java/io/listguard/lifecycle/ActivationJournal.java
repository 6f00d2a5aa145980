package io.listguard.lifecycle;

/**
 * Told of every activation of a policy version inside the transaction that records it, so that it is kept with it or
 * not at all: the audit chain links it (implemented outside the lifecycle, which knows nothing of the audit).
 */
public interface ActivationJournal {

    /** The {@code policy_activation} row of this id was just written, in the current transaction. */
    void activationRecorded(long activationId);
}
