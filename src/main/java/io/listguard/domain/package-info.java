/**
 * The vocabulary of listguard: what a caller sends (campaign, rented file, prospect records) and what an
 * evaluation answers (decision, findings, verdicts). Plain Java records and enums: no Spring, no Drools.
 * The decision tables in {@code policies/} name these types and their accessors, so renaming one is a
 * policy-breaking change.
 */
package io.listguard.domain;
