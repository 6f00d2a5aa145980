package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The texts the system writes into the history read in the reader's language: stored with their codes, or stored in
 * English before issue 16 and recognised; what a person wrote stays as written.
 */
class StoredTextsTest {

    private static String fr(String stored) {
        return StoredTexts.render(Locale.FRENCH, stored);
    }

    private static String en(String stored) {
        return StoredTexts.render(Locale.ENGLISH, stored);
    }

    @Test
    void textsStoredWithTheirCodesReadInEachLanguage() {
        String upload = StoredTexts.prefixed("policy.stored.upload", "prix | plancher ⟦relevé⟧")
                + CandidateMerging.confirmedNote(java.util.List.of(new RevertedRow("policies/list-quality.xlsx", "Prix", "Prices", 14, 14, "CHANGED", java.util.List.of(), null, java.util.List.of(), "changed")), "v3");
        assertThat(fr(upload)).isEqualTo("envoi : prix | plancher ⟦relevé⟧ (confirmé : 1 ligne(s) de v3 remplacée(s))");
        assertThat(en(upload)).isEqualTo("upload: prix | plancher ⟦relevé⟧ (confirmed: 1 row(s) of v3 replaced)");
        assertThat(fr(StoredTexts.code("policy.stored.fallbackAtStart", "v7"))).isEqualTo("repli au démarrage : v7 ne compile plus");
        assertThat(en(StoredTexts.code("policy.stored.rebuilt", "v4", "v6"))).isEqualTo("rebuilt from v4 on v6");
        assertThat(fr(StoredTexts.prefixed("policy.stored.scheduled", "loi du 1er juillet", 12))).isEqualTo("activation programmée n° 12 : loi du 1er juillet");
        assertThat(fr(StoredTexts.prefixed("policy.stored.upload", null))).isEqualTo("envoi :");
        // a failed job's refusal, by code with coded parts (a request's violations)
        io.listguard.domain.CodedText violations = new io.listguard.evaluation.InvalidRequestException(java.util.List.of(
                io.listguard.domain.Violation.coded("campaign.channel", "api.unknownOffer", "x"),
                io.listguard.domain.Violation.coded("file.id", "api.unknownOffer", "y"))).text();
        assertThat(en(StoredTexts.code(violations))).isEqualTo(violations.english())
                .isEqualTo("campaign.channel: campaign.offerCategory ’x’ is not defined by the active policies; file.id: campaign.offerCategory ’y’ is not defined by the active policies");
        assertThat(fr(StoredTexts.code(violations))).isEqualTo(violations.render(Locale.FRENCH)).contains("n’est pas définie");
    }

    @Test
    void englishTextsStoredBeforeTheCodesReadInFrenchToo() {
        assertThat(fr("bundled policies")).isEqualTo("politiques livrées avec listguard");
        assertThat(fr("first start")).isEqualTo("premier démarrage");
        assertThat(fr("upload: cheaper (confirmed: 2 row(s) of v3 replaced)")).isEqualTo("envoi : cheaper (confirmé : 2 ligne(s) de v3 remplacée(s))");
        assertThat(fr("#4: withdrawn: superseded")).isEqualTo("n° 4 : retirée : superseded");
        assertThat(fr("approved: checked with legal")).isEqualTo("approuvée : checked with legal");
        assertThat(fr("fallback at start-up: v2 no longer compiles")).isEqualTo("repli au démarrage : v2 ne compile plus");
        assertThat(fr("author of v5, from which it was rebuilt")).isEqualTo("auteur de v5, à partir de laquelle elle a été reconstruite");
        assertThat(en("#4: withdrawn: superseded")).isEqualTo("#4: withdrawn: superseded");
        assertThat(fr("listguard (scheduled #7 by Bob (via bob-editor))")).isEqualTo("listguard (activation programmée n° 7 par Bob (via bob-editor))");
        assertThat(fr("the job stopped on an error 5 times in a row, the last one: disk full"))
                .startsWith("la tâche").contains("5").endsWith("disk full");
        assertThat(fr("the records file of this job is no longer in the data directory (/srv/jobs/j1): every instance running jobs must share "
                + "listguard.data-dir; submit the file again")).contains("/srv/jobs/j1").doesNotContain("no longer");
        assertThat(en("bundled policies")).isEqualTo("bundled policies");
    }

    @Test
    void whatAPersonWroteStaysAsWritten() {
        assertThat(fr("nouveau prix plancher")).isEqualTo("nouveau prix plancher");
        assertThat(fr(null)).isNull();
    }
}
