/**
 * The facts that decision tables and DRL match, besides the domain's Campaign and RentedFile. A
 * {@link io.listguard.evaluation.facts.Prospect} is a record seen from one campaign: its consent for the
 * campaign's channel, its contact point's validity, its dates relative to the campaign's period. Yes/no
 * properties are {@link io.listguard.domain.YesNo} so that Drools can index them and sheets stay readable.
 */
package io.listguard.evaluation.facts;
