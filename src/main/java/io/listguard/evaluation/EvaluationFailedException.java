package io.listguard.evaluation;

/** An evaluation that could not complete: nothing was decided. Carries the id its log lines are tagged with. */
public class EvaluationFailedException extends RuntimeException {

    private final String evaluationId;

    public EvaluationFailedException(String evaluationId, Throwable cause) {
        super("evaluation " + evaluationId + " failed", cause);
        this.evaluationId = evaluationId;
    }

    public String evaluationId() {
        return evaluationId;
    }
}
