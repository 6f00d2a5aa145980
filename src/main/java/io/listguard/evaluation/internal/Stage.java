package io.listguard.evaluation.internal;

/**
 * The ruleflow groups an evaluation runs, in order. Each sheet's RuleSet header names its group, so that rules
 * about the campaign fire once per evaluation while record rules fire once per batch.
 */
enum Stage {
    /** Reference data (offer categories); fired once per policy version. */
    CATALOGUE("catalogue"),
    /** Campaign and file obligations; facts: Campaign, RentedFile. */
    CAMPAIGN("campaign"),
    /** Per-record regime and exclusions; facts: Campaign, RentedFile and a batch of Prospects. */
    RECORDS("records"),
    /** File thresholds and the decision; facts: FileMeasures and the findings so far. */
    SUMMARY("summary");

    final String group;

    Stage(String group) {
        this.group = group;
    }
}
