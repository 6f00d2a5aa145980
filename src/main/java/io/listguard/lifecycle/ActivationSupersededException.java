package io.listguard.lifecycle;

/**
 * An activation that lost to another one (HTTP 409): between the moment this instance read the cluster's state and
 * its commit, another activation (on this instance or another on the same database) made {@link #winner()} the
 * active version. Nothing was activated; an uploaded version stays stored as a candidate.
 */
public class ActivationSupersededException extends PolicyChangeRefusedException {

    private final String versionId;
    private final PolicyState winner;

    public ActivationSupersededException(String versionId, PolicyState winner) {
        super("policy.activation.superseded", versionId, winner.activeVersion(), winner.changedBy(), String.valueOf(winner.changedAt()));
        this.versionId = versionId;
        this.winner = winner;
    }

    /** The version whose activation was refused. */
    public String versionId() {
        return versionId;
    }

    /** The state the other activation left: the active version, by whom, when. */
    public PolicyState winner() {
        return winner;
    }
}
