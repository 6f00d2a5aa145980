package io.listguard.lifecycle;

/**
 * What {@link PolicyLifecycle} tells others about a change, and the one place that may refuse an activation
 * ({@link PolicyApprovals}: four eyes). Start-up does not call them: policies read from the jar or from configured folders at start-up are the deployment's, not an editor's change (folders still pass every check of an upload).
 */
public interface PolicyLifecycleHooks {

    PolicyLifecycleHooks NONE = new PolicyLifecycleHooks() {
    };

    /** A version was stored from an upload (or an accepted proposal). */
    default void uploaded(PolicyVersion version, String author) {
    }

    /** A candidate was rebuilt on the active version by {@code author}, as a new version: its authors are those of both. */
    default void rebuilt(String fromVersion, PolicyVersion version, String author) {
        uploaded(version, author);
    }

    /** Before a stored version is swapped in (by {@code actor}): throws to refuse (nothing is activated then). */
    default void beforeActivation(String versionId, String actor) {
    }

    /** A version was activated. */
    default void activated(String versionId, String actor, String reason) {
    }

    /** A candidate was withdrawn: it can no longer be approved, scheduled or activated. */
    default void withdrawn(String versionId, String actor, String reason) {
    }
}
