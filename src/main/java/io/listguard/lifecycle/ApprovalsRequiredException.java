package io.listguard.lifecycle;

/** An activation refused because the candidate lacks approvals by people other than its author (409). */
public class ApprovalsRequiredException extends PolicyChangeRefusedException {

    private final String versionId;
    private final int required;
    private final int given;

    public ApprovalsRequiredException(String versionId, int required, int given) {
        super("approvals.required", versionId, required, given);
        this.versionId = versionId;
        this.required = required;
        this.given = given;
    }

    public String versionId() {
        return versionId;
    }

    public int required() {
        return required;
    }

    public int given() {
        return given;
    }
}
