package io.listguard.bulk.mapping;

import io.listguard.domain.FieldNames;
import io.listguard.domain.JsonErrors;
import io.listguard.domain.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a mapping profile from JSON strictly: a key given twice is refused (never "the last one wins"), and so is
 * every property the profile does not have, each named at its path, with the intended property for a near miss
 * ({@code "colum"}: did you mean {@code column}?). {@link #read} then runs {@link ProfileCheck}, so that a profile
 * file comes back usable or with all its problems at once. Used by the CLI's {@code --profile} and by the service.
 */
public final class ProfileReader {

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"(.*)\"", Pattern.DOTALL);
    private static final Object PROBLEMS = ProfileReader.class;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addHandler(new UnknownProperties())
            .build();

    private ProfileReader() {
    }

    /** A profile read strictly and checked: usable, or an {@link InvalidProfileException} with every problem. */
    public static MappingProfile read(String json) {
        return ProfileCheck.require(parse(json));
    }

    public static MappingProfile read(InputStream in) {
        try {
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile read strictly, not checked yet (e.g. to show a draft's problems beside its text). */
    public static MappingProfile parse(String json) {
        List<ProfileProblem> problems = new ArrayList<>();
        MappingProfile profile;
        try {
            profile = JSON.readerFor(MappingProfile.class).withAttribute(PROBLEMS, problems).readValue(json == null ? "" : json);
        } catch (StreamReadException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage() == null ? "" : e.getOriginalMessage());
            if (duplicate.find()) {
                String pointer = e.processor() == null ? "" : path(e.processor());
                problems.add(ProfileProblem.of(pointer.isEmpty() ? duplicate.group(1) : pointer, "json.duplicateKey",
                        ProfileCheck.shown(duplicate.group(1))));
            } else {
                problems.add(syntax(e));
            }
            throw new InvalidProfileException(problems);
        } catch (JacksonException e) {
            problems.add(syntax(e));
            throw new InvalidProfileException(problems);
        }
        if (profile == null) {
            problems.add(ProfileProblem.of("$", "profile.empty"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(problems);
        }
        return profile;
    }

    private static ProfileProblem syntax(JacksonException e) {
        Violation v = JsonErrors.describe(e);
        return ProfileProblem.of(v.path(), "profile.json.invalid", v.message());
    }

    /** The dotted path of the parser's position: {@code fields.opted_out.valeus}. */
    private static String path(tools.jackson.core.TokenStreamContext context) {
        String pointer = context.pathAsPointer().toString();
        StringBuilder path = new StringBuilder();
        for (String step : pointer.isEmpty() ? new String[0] : pointer.substring(1).split("/", -1)) {
            String name = step.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(name);
            }
        }
        return path.toString();
    }

    private static String path(JsonParser parser) {
        return path(parser.streamReadContext());
    }

    /** Collects every unknown property (skipping it) so that a profile file's mistakes all come back at once. */
    private static final class UnknownProperties extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws JacksonException {
            @SuppressWarnings("unchecked")
            List<ProfileProblem> problems = (List<ProfileProblem>) ctxt.getAttribute(PROBLEMS);
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass != null ? beanOrClass.getClass()
                    : deserializer == null ? null : deserializer.handledType();
            List<String> known = new ArrayList<>();
            if (type != null && type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    known.add(component.getName());
                }
            }
            String path = path(p);
            String shown = ProfileCheck.shown(propertyName);
            if (problems != null) {
                problems.add(FieldNames.decisive(known).check(propertyName) instanceof FieldNames.NearMiss miss
                        ? ProfileProblem.of(path, "profile.json.nearMiss", shown, miss.intended())
                        : ProfileProblem.of(path, "profile.json.unknownProperty", shown, String.join(", ", known)));
            }
            p.skipChildren();
            return true;
        }
    }
}
