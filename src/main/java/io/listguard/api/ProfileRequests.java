package io.listguard.api;

import io.listguard.bulk.profiles.ProfileRefusedException;
import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import io.listguard.evaluation.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** What the profile endpoints read from a request: the JSON text, the version of If-Match, the language of the answer. */
final class ProfileRequests {

    private ProfileRequests() {
    }

    /** The body as UTF-8, decoded strictly: a byte that is not UTF-8 would otherwise become part of a column name. */
    static String text(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException(List.of(new Violation("$", "the request body is missing")));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(List.of(new Violation("$", "the request body is not valid UTF-8")));
        }
    }

    /** The version an If-Match names ({@code "3"}, {@code W/"3"} or {@code 3}); null when there is none. */
    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Integer.valueOf(tag);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("If-Match must name a profile version, such as \"3\" (the ETag of GET), not " + ifMatch.strip());
        }
    }

    /**
     * The language of a problem's texts: French when the caller's Accept-Language prefers it, English otherwise (the
     * API's texts are English by default; the service's locale resolver is the console's, French by default).
     */
    static Locale language(jakarta.servlet.http.HttpServletRequest request) {
        String acceptLanguage = request == null ? null : request.getHeader("Accept-Language");
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Messages.ENGLISH;
        }
        try {
            Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), List.of(Messages.ENGLISH, Messages.FRENCH));
            return chosen == null ? Messages.ENGLISH : chosen;
        } catch (IllegalArgumentException e) {
            return Messages.ENGLISH;
        }
    }

    /** An update without the version it was made on (428). */
    static final class VersionRequiredException extends ProfileRefusedException {
        VersionRequiredException(String name) {
            super("profiles.versionRequired", name);
        }
    }
}
