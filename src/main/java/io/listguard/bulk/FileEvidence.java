package io.listguard.bulk;

import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Messages;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Evaluator;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.NeededEvidence;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No verdict on evidence the file does not hold (issue 12, item 3). The campaign's rules declare the evidence they
 * need ({@link EvaluationRun#neededEvidence()}); a records file is checked against it before any line is evaluated:
 * <ul>
 * <li>CSV: a needed column missing from the header (after mapping) refuses the file ({@link MissingEvidenceException}),
 * unless the request declares the evidence absent;</li>
 * <li>NDJSON: a line whose needed field is missing or null is a rejected line naming the field, unless declared
 * absent;</li>
 * <li>declared absent: each record that leaves it blank is evaluated with the evidence marked "not in the file", and
 * rules/evidence.drl excludes it for that (never contactable).</li>
 * </ul>
 * A CSV consent counts as given when its {@code consent_<channel>_given_on} is filled; in NDJSON, {@code consents}
 * must be listed ({@code []} says the person gave none).
 */
public final class FileEvidence {

    public static final String MISSING_FIELD = "bulk.evidence.missingField";

    private final Channel channel;
    /** The needed evidence, each with the first rule that declared it. */
    private final Map<Evidence, NeededEvidence> needed = new EnumMap<>(Evidence.class);
    private final Set<Evidence> declaredAbsent = EnumSet.noneOf(Evidence.class);
    private final boolean csv;

    private FileEvidence(Channel channel, List<NeededEvidence> needs, Set<Evidence> absent, Set<String> columns) {
        this.channel = channel;
        for (NeededEvidence need : needs) {
            needed.putIfAbsent(need.evidence(), need);
        }
        for (Evidence e : absent) {
            if (needed.containsKey(e)) {
                declaredAbsent.add(e);
            }
        }
        this.csv = columns != null;
        if (csv) {
            List<String> missing = new ArrayList<>();
            List<NeededEvidence> why = new ArrayList<>();
            needed.forEach((evidence, need) -> {
                String column = evidence.column(channel);
                if (!columns.contains(column) && !declaredAbsent.contains(evidence)) {
                    missing.add(column);
                    why.add(need);
                }
            });
            if (!missing.isEmpty()) {
                throw new MissingEvidenceException(missing, why);
            }
        }
    }

    /**
     * Checks a file before any of its lines is read (the header of a CSV file has been read by
     * {@link RecordSource#open}): throws {@link MissingEvidenceException} for a needed CSV column neither present nor
     * declared absent.
     */
    public static FileEvidence check(EvaluationRun run, Campaign campaign, Set<Evidence> declaredAbsent, RecordSource source) {
        return new FileEvidence(campaign.channel(), run.neededEvidence(), declaredAbsent, source.columns());
    }

    /** As {@link #check(EvaluationRun, Campaign, Set, RecordSource)}, running the campaign stage to learn what is needed. */
    public static FileEvidence check(Evaluator evaluator, Campaign campaign, RentedFile file, Set<Evidence> declaredAbsent, RecordSource source) {
        return check(evaluator.start(new EvaluationRequest(campaign, file, List.of()), false), campaign, declaredAbsent, source);
    }

    /** The needed evidence the request declared absent. */
    public Set<Evidence> declaredAbsent() {
        return Set.copyOf(declaredAbsent);
    }

    /** NDJSON: why a parsed line is rejected for lacking needed evidence not declared absent; null when it holds it all (and for CSV). */
    public List<io.listguard.domain.CodedText> rejection(ParsedLine line) {
        if (csv || line.rejected()) {
            return null;
        }
        List<io.listguard.domain.CodedText> problems = new ArrayList<>(0);
        needed.forEach((evidence, need) -> {
            if (!declaredAbsent.contains(evidence) && blank(line, evidence)) {
                // the rule, not its whole legal reference: a file lacking the field has it on every line
                problems.add(io.listguard.domain.CodedText.of(MISSING_FIELD, evidence.field(), need.rule().ruleId() + ": " + need.rule().name()));
            }
        });
        return problems.isEmpty() ? null : problems;
    }

    /** The evidence declared absent that this record leaves blank: it is excluded for each. */
    public Set<Evidence> notInFile(ParsedLine line) {
        if (declaredAbsent.isEmpty()) {
            return Set.of();
        }
        Set<Evidence> blank = EnumSet.noneOf(Evidence.class);
        for (Evidence evidence : declaredAbsent) {
            if (blank(line, evidence)) {
                blank.add(evidence);
            }
        }
        return blank;
    }

    /**
     * The line says nothing of it: a null boolean; for consents, in CSV no consent date on the channel (the cell of
     * a column present, or no column), in NDJSON no {@code consents} key (or null).
     */
    private boolean blank(ParsedLine line, Evidence evidence) {
        if (evidence == Evidence.CONSENT && !csv) {
            return line.consentsOmitted();
        }
        return evidence.missingFrom(line.record(), channel);
    }
}
