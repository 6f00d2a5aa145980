package io.listguard.evaluation;

import io.listguard.domain.LegalBasis;
import java.util.List;

/**
 * Whether one record may be contacted. {@code reasons} are the exclusion codes (empty when contactable);
 * {@code legalBases} the regimes the consent-regime rows assigned (two when the campaign crosses a change in
 * the law, and then the stricter outcome holds).
 */
public record RecordVerdict(String id, boolean contactable, List<String> reasons, List<LegalBasis> legalBases) {
}
