package io.listguard.api;

import io.listguard.bulk.MissingEvidenceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Issue 12, item 3: a CSV records file without a column the campaign's rules need is a 400 {@code invalid-records-file}
 * with its message code, the {@code missingColumns}, the {@code absentFields} that would declare them absent, and
 * for each the rule that needs it ({@code needs}: column, field, rule, ruleId, legalRef in the caller's language). No job is queued.
 */
@RestControllerAdvice(basePackageClasses = RecordsEvidenceProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RecordsEvidenceProblems {

    @ExceptionHandler(MissingEvidenceException.class)
    ProblemDetail missingEvidence(MissingEvidenceException ex, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-records-file", ApiLanguage.of(request),
                ex.message(ApiLanguage.of(request)));
        problem.setProperty("code", ex.code());
        problem.setProperty("missingColumns", ex.columns());
        problem.setProperty("absentFields", ex.fields());
        java.util.Locale language = ApiLanguage.of(request);
        List<Map<String, String>> needs = new java.util.ArrayList<>();
        for (int i = 0; i < ex.columns().size(); i++) {
            var need = ex.needs().get(i);
            Map<String, String> n = new LinkedHashMap<>();
            n.put("column", ex.columns().get(i));
            n.put("field", need.evidence().field());
            n.put("rule", need.rule().name());
            n.put("ruleId", need.rule().ruleId());
            n.put("legalRef", need.legalRef() == null ? null : need.legalRef().in(language));
            needs.add(n);
        }
        problem.setProperty("needs", needs);
        return problem;
    }
}
