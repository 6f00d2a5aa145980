package io.listguard.evaluation;

import io.listguard.domain.FieldNames;
import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import io.listguard.rules.Evidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Evidence a request declares its file does not hold ({@code format.absent}, the CLI's {@code --absent}). */
public final class AbsentEvidence {

    public static final String ABSENT_UNKNOWN = "evidence.absent.unknown";
    public static final String ABSENT_NEAR_MISS = "evidence.absent.nearMiss";

    private static final FieldNames FIELDS = FieldNames.decisive(Arrays.stream(Evidence.values()).map(Evidence::field).toList());

    private AbsentEvidence() {
    }

    /**
     * The evidence named by {@code names} (a bulk request's {@code format.absent}, the CLI's {@code --absent}), or an
     * {@link InvalidRequestException} naming each unknown one at {@code path[i]}, with the field it is a near miss of.
     */
    public static Set<Evidence> named(List<String> names, String path) {
        Set<Evidence> named = EnumSet.noneOf(Evidence.class);
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).trim();
            Evidence evidence = Arrays.stream(Evidence.values()).filter(e -> e.field().equals(name)).findFirst().orElse(null);
            if (evidence != null) {
                named.add(evidence);
            } else if (FIELDS.check(name) instanceof FieldNames.NearMiss miss) {
                violations.add(new Violation(path + "[" + i + "]", Messages.english(ABSENT_NEAR_MISS, name, miss.intended(), Evidence.fieldList())));
            } else {
                violations.add(new Violation(path + "[" + i + "]", Messages.english(ABSENT_UNKNOWN, name, Evidence.fieldList())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return named;
    }

}
