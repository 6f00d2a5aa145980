package io.listguard.api;

import io.listguard.domain.CodedText;

/** A stored evaluation or record that does not exist (or no longer: retention purges old ones), with its message code. */
class ResourceNotFoundException extends RuntimeException {

    private final transient CodedText text;

    ResourceNotFoundException(String code, Object... args) {
        this(CodedText.of(code, args));
    }

    private ResourceNotFoundException(CodedText text) {
        super(text.english());
        this.text = text;
    }

    CodedText text() {
        return text;
    }
}
