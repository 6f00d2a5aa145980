package io.listguard.api;

import io.listguard.bulk.BulkEncodingException;
import io.listguard.bulk.BulkLineException;
import io.listguard.bulk.RecordCharsets;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.domain.Violation;
import java.nio.charset.Charset;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Issue 12, encodings: a records file not valid in its charset is a 400 {@code invalid-records-file} with its
 * message code, {@code line}, {@code byteOffset}, {@code charset} and, when the bytes look like it,
 * {@code suggestedCharset}; an unsupported {@code format.charset} is a 400 {@code invalid-request} naming the
 * supported ones ({@code supportedCharsets}). A CSV file with a carriage return alone inside quotes is a 400
 * {@code invalid-records-file} with its {@code code} and {@code line}, at upload, before any job.
 */
@RestControllerAdvice(basePackageClasses = RecordsEncodingProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RecordsEncodingProblems {

    @ExceptionHandler(BulkEncodingException.class)
    ProblemDetail badEncoding(BulkEncodingException ex, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-records-file", ApiLanguage.of(request),
                ex.message(ApiLanguage.of(request)));
        problem.setProperty("code", ex.code());
        problem.setProperty("line", ex.line());
        problem.setProperty("byteOffset", ex.byteOffset());
        problem.setProperty("charset", ex.charset());
        if (ex.suggestedCharset() != null) {
            problem.setProperty("suggestedCharset", ex.suggestedCharset());
        }
        return problem;
    }

    /** A CSV file refused at upload for one of its lines (a lone carriage return inside quotes): its code and line. */
    @ExceptionHandler(BulkLineException.class)
    ProblemDetail badLine(BulkLineException ex, jakarta.servlet.http.HttpServletRequest request) {
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-records-file", ApiLanguage.of(request),
                ex.message(ApiLanguage.of(request)));
        problem.setProperty("code", ex.code());
        problem.setProperty("line", ex.line());
        return problem;
    }

    @ExceptionHandler(UnknownCharsetException.class)
    ProblemDetail unknownCharset(UnknownCharsetException ex, jakarta.servlet.http.HttpServletRequest request) {
        String text = ex.message(ApiLanguage.of(request));
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "invalid-request", ApiLanguage.of(request),
                "request.format.charset: " + text);
        problem.setProperty("code", ex.code());
        problem.setProperty("errors", List.of(new Violation("request.format.charset", text)));
        problem.setProperty("supportedCharsets", RecordCharsets.SUPPORTED.stream().map(Charset::name).toList());
        return problem;
    }
}
