package io.listguard.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.listguard.domain.Messages;
import java.util.Locale;

/**
 * A rule of a replay report named with its place, said in a language: "policies/list-quality.xlsx Ciblage row 14
 * (TARGETING_MISMATCH)" in English, "… Ciblage ligne 14 (TARGETING_MISMATCH)" in French; a DRL rule by its file and
 * its name (the engine's identifier, with its French title for a French reader). Reports compare labels in English
 * and are put in the reader's language when answered ({@link #in}).
 */
public record RuleLabel(String source, String sheet, Integer row, String rule, String code, @JsonIgnore Locale locale)
        implements Comparable<RuleLabel> {

    static RuleLabel of(String source, String sheet, Integer row, String rule, String code) {
        return new RuleLabel(source, sheet, row, rule, code, Messages.ENGLISH);
    }

    public RuleLabel in(Locale language) {
        return new RuleLabel(source, sheet, row, rule, code, language);
    }

    @JsonValue
    @Override
    public String toString() {
        String where = sheet != null
                ? Messages.text(locale, "replay.rule.row", source, sheet, String.valueOf(row))
                : Messages.text(locale, "replay.rule.drl", source, Messages.ruleName(locale, rule));
        return code == null ? where : Messages.text(locale, "replay.rule.withCode", where, code);
    }

    @Override
    public int compareTo(RuleLabel other) {
        return toString().compareTo(other.toString());
    }
}
