/**
 * The published rule contract: the Java types that the policy workbooks and the DRL files are written against,
 * and nothing else. Every decision table's RuleSet area names it ({@code Import}:
 * {@code io.listguard.domain.*, io.listguard.rules.*}; {@code Variables}: {@code io.listguard.rules.Outcomes out})
 * and every DRL file imports it and declares {@code global io.listguard.rules.Outcomes out;}.
 * <ul>
 *   <li>the facts rules match besides the domain's Campaign and RentedFile: {@link io.listguard.rules.Prospect}
 *       (a record seen from one campaign: its consent for the campaign's channel, its contact point's validity,
 *       its dates relative to the campaign's period), {@link io.listguard.rules.AppliedBasis},
 *       {@link io.listguard.rules.FileReview}, {@link io.listguard.rules.FileMeasure}; yes/no properties are
 *       {@link io.listguard.domain.YesNo} so that Drools can index them and sheets stay readable;</li>
 *   <li>the actions, {@link io.listguard.rules.Outcomes} ({@code out.exclude($p, YesNo.$param)} and so on), which
 *       take no Drools type: which rule fired is known to the evaluation internals that implement them;</li>
 *   <li>{@link io.listguard.rules.Evidence}, what a records file must hold.</li>
 * </ul>
 * The summary stage's DRL also matches the findings raised so far, {@code io.listguard.evaluation.Finding} (read
 * only: code, severity).
 * <p>
 * This package depends on the domain only: no KIE or Drools type, no evaluation internals (RuleContractTest).
 * Every stored policy version is written against it, so changing a name or a signature here changes the text of
 * stored workbooks and DRL: it needs a database migration that rewrites them (see
 * {@code io.listguard.policy.ContractMigration} and {@code db.migration.V8__rule_contract}, which moved the
 * contract here from {@code io.listguard.evaluation.facts} and {@code RuleOutcomes}), and the bundled template
 * (policies/*.xlsx, rules/*.drl) changes with it.
 */
package io.listguard.rules;
