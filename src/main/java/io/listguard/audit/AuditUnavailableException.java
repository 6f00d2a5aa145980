package io.listguard.audit;

/** The audit record could not be written: the answer is withheld rather than given unaudited. */
public class AuditUnavailableException extends RuntimeException {

    private final String evaluationId;

    public AuditUnavailableException(String evaluationId, Throwable cause) {
        super("the audit trail cannot be written; evaluation " + evaluationId + " is withheld", cause);
        this.evaluationId = evaluationId;
    }

    public String evaluationId() {
        return evaluationId;
    }
}
