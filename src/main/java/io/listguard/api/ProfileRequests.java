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
            throw new InvalidRequestException(List.of(Violation.coded("$", "request.bodyMissing")));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(List.of(Violation.coded("$", "request.bodyNotUtf8")));
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
            throw new io.listguard.domain.InvalidArgumentException("api.ifMatch", ifMatch.strip());
        }
    }

    /** An update without the version it was made on (428). */
    static final class VersionRequiredException extends ProfileRefusedException {
        VersionRequiredException(String name) {
            super("profiles.versionRequired", name);
        }
    }
}
