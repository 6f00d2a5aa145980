package io.listguard.audit;

import io.listguard.domain.CodedText;
import java.util.Locale;

/**
 * An evaluation run outside the service that is not recorded (422): its policy hash names no stored version, or its
 * totals do not add up, or the decision the service derives from them is not the one claimed. Coded, so that the
 * answer reads in the caller's language.
 */
public class ExternalEvaluationRefusedException extends RuntimeException {

    private final transient CodedText text;

    public ExternalEvaluationRefusedException(String code, Object... args) {
        this(CodedText.of(code, args));
    }

    private ExternalEvaluationRefusedException(CodedText text) {
        super(text.english());
        this.text = text;
    }

    public String code() {
        return text.code();
    }

    public String message(Locale locale) {
        return text.render(locale);
    }
}
