package io.listguard.evaluation;

import io.listguard.domain.Campaign;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import java.util.List;

/**
 * The one port evaluations go out through before anyone is told of them: the service records each synchronous
 * evaluation whole, and a bulk job streams its records as they are decided. A call that returns has made what it
 * was given durable; a call that throws means the answer must not be given (the service answers an error, a job
 * fails and discards its recording). The audit trail implements it for the service, with one writer for both
 * kinds; the CLI, scenarios and tests record nothing ({@link #NONE}).
 */
public interface DecisionRecorder {

    /** Records nothing: a CLI run or a scenario has no audit trail. */
    DecisionRecorder NONE = new DecisionRecorder() {
        @Override
        public void record(EvaluationRequest request, String caller, EvaluationResult result) {
        }

        @Override
        public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
            return Recording.NONE;
        }

        @Override
        public Recording resume(String evaluationId, long keptRecords) {
            return Recording.NONE;
        }

        @Override
        public void discard(String evaluationId) {
        }
    };

    /** Records one whole evaluation: what was asked (its records in input order), by whom, and the full answer. */
    void record(EvaluationRequest request, String caller, EvaluationResult result);

    /**
     * Opens the recording of an evaluation whose records are streamed (a bulk file): it is not reported as a
     * decision until {@link Recording#complete}, and {@link Recording#discard} removes it.
     */
    Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy);

    /**
     * Goes on with the recording of a streamed evaluation opened earlier and interrupted (a bulk job resumed from its
     * checkpoint): the evaluation stays open (RUNNING), its first {@code keptRecords} record rows are kept and any
     * after them removed, and the records given next follow them. If it holds fewer rows than that, or is not open,
     * it cannot be resumed ({@link IllegalStateException}): the evaluation must start again from the beginning.
     * A recorder that cannot resume throws {@link UnsupportedOperationException}.
     */
    default Recording resume(String evaluationId, long keptRecords) {
        throw new UnsupportedOperationException("this recorder cannot resume an evaluation");
    }

    /** Removes what an opened recording left, e.g. of a job interrupted by a restart of the service. */
    void discard(String evaluationId);

    /** An evaluation being recorded as its records come; one per evaluation, used from one thread. */
    interface Recording {

        Recording NONE = new Recording() {
            @Override
            public void records(List<ProspectRecord> records, List<RecordVerdict> verdicts) {
            }

            @Override
            public void complete(EvaluationResult outcome) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void discard() {
            }
        };

        /** The next batch of records with their verdicts (same size, same order), in input order across batches. */
        void records(List<ProspectRecord> records, List<RecordVerdict> verdicts);

        /**
         * Returns once every record given so far is durable (committed); throws if any could not be written. A
         * checkpoint of a bulk job is taken after it. The default is for recordings whose {@link #records} returns
         * once durable; one that writes behind the caller's back (the audit trail's stream) waits for its writes here.
         */
        default void flush() {
        }

        /** The outcome (decision, findings, summary, trace; no per-record verdicts): the evaluation becomes a decision. */
        void complete(EvaluationResult outcome);

        /** Removes everything recorded so far (the evaluation failed). */
        void discard();
    }
}
