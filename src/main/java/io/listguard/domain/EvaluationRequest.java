package io.listguard.domain;

import java.util.List;

/** One campaign, one rented file and the records of that file to evaluate. */
public record EvaluationRequest(Campaign campaign, RentedFile file, List<ProspectRecord> records) {

    public EvaluationRequest {
        records = records == null ? List.of() : records;
    }
}
