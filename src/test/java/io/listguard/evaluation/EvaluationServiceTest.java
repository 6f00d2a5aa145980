package io.listguard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.domain.Audience;
import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.RentedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one pipeline, without Spring: start (the only validation), batches, finish, then the recorder, then the
 * listeners, then the answer; a recorder that fails withholds the answer and tells no listener.
 */
class EvaluationServiceTest {

    final List<String> told = new ArrayList<>();
    final EvaluationListener listener = e -> told.add("listener " + e.kind() + " " + e.result().decision() + " " + e.result().summary().total());

    /** Records what it is given, in order, into {@link #told}. */
    final DecisionRecorder recorder = new DecisionRecorder() {
        @Override
        public void record(EvaluationRequest request, String caller, EvaluationResult result) {
            told.add("record " + caller + " " + result.evaluationId() + " " + result.records().size());
        }

        @Override
        public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
            told.add("open " + evaluationId + " " + policy.hash());
            return new Recording() {
                @Override
                public void records(List<io.listguard.domain.ProspectRecord> records, List<RecordVerdict> verdicts) {
                    told.add("records " + verdicts.size());
                }

                @Override
                public void complete(EvaluationResult outcome) {
                    told.add("complete " + outcome.evaluationId());
                }

                @Override
                public void discard() {
                    told.add("discard");
                }
            };
        }

        @Override
        public Recording resume(String evaluationId, long keptRecords) {
            told.add("resume " + evaluationId + " after " + keptRecords);
            return Recording.NONE;
        }

        @Override
        public void discard(String evaluationId) {
            told.add("discard " + evaluationId);
        }
    };

    static EvaluationRequest request() {
        return Requests.request(Requests.campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"), Requests.person("r-1"), Requests.person("r-2"));
    }

    EvaluationService service(DecisionRecorder recorder) {
        return new EvaluationService(new ActivePolicy(BundledPolicy.evaluator()), recorder, List.of(listener), SuppressionList.NONE, 10);
    }

    @Test
    void anEvaluationIsRecordedThenToldThenAnswered() {
        EvaluationResult result = service(recorder).evaluate(request(), "crm");

        assertThat(result.records()).hasSize(2);
        assertThat(told).containsExactly("record crm " + result.evaluationId() + " 2",
                "listener REQUEST " + result.decision() + " 2");
    }

    @Test
    void aRecorderThatFailsWithholdsTheAnswerAndTellsNoListener() {
        DecisionRecorder failing = new DecisionRecorder() {
            @Override
            public void record(EvaluationRequest request, String caller, EvaluationResult result) {
                throw new IllegalStateException("the audit trail is down");
            }

            @Override
            public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void discard(String evaluationId) {
            }
        };

        assertThatThrownBy(() -> service(failing).evaluate(request(), "crm")).hasMessage("the audit trail is down");
        assertThat(told).isEmpty();
    }

    @Test
    void anInvalidRequestIsRefusedWhereItStartsAndNothingIsRecorded() {
        EvaluationRequest valid = request();
        Campaign c = valid.campaign();
        Campaign noChannel = new Campaign(c.id(), c.audience(), null, c.offerCategory(), c.startDate(), c.endDate(), c.sender(), c.optOut(),
                c.sourceDisclosed(), c.calling());

        assertThatThrownBy(() -> service(recorder).evaluate(new EvaluationRequest(noChannel, valid.file(), valid.records()), "crm"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("campaign.channel");
        assertThatThrownBy(() -> BundledPolicy.evaluator().start(new EvaluationRequest(noChannel, valid.file(), List.of()), false))
                .as("the bulk path starts the same way").isInstanceOf(InvalidRequestException.class);
        assertThat(told).isEmpty();
    }

    @Test
    void aStreamedEvaluationEndsAsARequestDoes() {
        EvaluationService service = service(recorder);
        EvaluationRequest header = new EvaluationRequest(request().campaign(), request().file(), List.of());
        Evaluator evaluator = BundledPolicy.evaluator();
        DecisionRecorder.Recording recording = service.open("job-1", "crm", header.campaign(), header.file(), evaluator.versionRef());
        EvaluationRun run = evaluator.start(header, false);
        EvaluationRun.BatchResult batch = run.evaluateBatch(request().records(), Set.of());
        recording.records(request().records(), batch.verdicts());
        EvaluationRun.Outcome outcome = run.finish();
        EvaluationResult result = new EvaluationResult("job-1", run.startedAt(), evaluator.versionRef(), outcome.decision(), outcome.findings(),
                outcome.summary(), null, outcome.trace());

        service.completed(recording, header, "crm", result, 1_000);

        assertThat(told).containsExactly("open job-1 " + evaluator.versionRef().hash(), "records 2", "complete job-1",
                "listener FILE " + outcome.decision() + " 2");
    }

    @Test
    void aStreamedEvaluationIsResumedThroughItsRecorder() {
        assertThat(service(recorder).resume("job-1", 4_000)).isSameAs(DecisionRecorder.Recording.NONE);
        assertThat(told).containsExactly("resume job-1 after 4000");
        assertThat(DecisionRecorder.NONE.resume("job-2", 7)).as("the CLI's recorder resumes nothing to record")
                .isSameAs(DecisionRecorder.Recording.NONE);
        DecisionRecorder.Recording.NONE.flush();
    }

    @Test
    void aRecorderThatCannotResumeSaysSo() {
        DecisionRecorder plain = new DecisionRecorder() {
            @Override
            public void record(EvaluationRequest request, String caller, EvaluationResult result) {
            }

            @Override
            public Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
                return Recording.NONE;
            }

            @Override
            public void discard(String evaluationId) {
            }
        };
        assertThatThrownBy(() -> service(plain).resume("job-1", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
