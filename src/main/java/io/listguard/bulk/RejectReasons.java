package io.listguard.bulk;

import io.listguard.domain.CodedText;
import io.listguard.domain.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reasons of a rejected line by message code, as a job's errors.csv keeps them beside their English text
 * (column {@value #COLUMN}, JSON: {@code [{"code":...,"args":[...]}]}), so that the console renders each reason in
 * its reader's language when it hands the file out (issue 16). The API's errors.csv leaves the column out.
 */
public final class RejectReasons {

    /** The column of a job's errors.csv that holds the reasons' codes. */
    public static final String COLUMN = "reason_codes";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RejectReasons() {
    }

    /** The codes as the column holds them; empty for none. */
    public static String encode(List<CodedText> texts) {
        return texts == null || texts.isEmpty() ? "" : JSON.writeValueAsString(texts);
    }

    /** The codes the column holds; null when it holds none (a file written before issue 16) or cannot be read. */
    public static List<CodedText> decode(String column) {
        if (column == null || column.isBlank()) {
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(column);
            if (!tree.isArray()) {
                return null;
            }
            List<CodedText> texts = new ArrayList<>();
            for (JsonNode node : tree) {
                CodedText text = text(node);
                if (text == null) {
                    return null;
                }
                texts.add(text);
            }
            return texts;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A reason in a language: its codes' texts when the column holds them (and the reader is not English), else the English text. */
    public static String render(String english, String column, Locale locale) {
        if (Messages.ENGLISH.getLanguage().equals(locale == null ? "" : locale.getLanguage())) {
            return english;
        }
        List<CodedText> texts = decode(column);
        return texts == null ? english : ParsedLine.render(texts, locale);
    }

    private static CodedText text(JsonNode node) {
        if (!node.isObject() || !node.path("code").isString()) {
            return null;
        }
        List<Object> args = new ArrayList<>();
        for (JsonNode arg : node.path("args")) {
            if (arg.isObject()) {
                CodedText nested = text(arg);
                if (nested == null) {
                    return null;
                }
                args.add(nested);
            } else if (arg.isIntegralNumber()) {
                args.add(arg.longValue());
            } else if (arg.isNumber()) {
                args.add(arg.decimalValue());
            } else {
                args.add(arg.asString());
            }
        }
        return new CodedText(node.path("code").asString(), args);
    }
}
