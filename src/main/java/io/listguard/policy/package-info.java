/**
 * Turns policy files (decision-table workbooks written by compliance staff, DRL written by developers) into a
 * {@link io.listguard.policy.CompiledPolicy}: one KieBase built once, plus where every rule came from (file,
 * sheet, row, cell) so that traces and errors point at the spreadsheet. {@link io.listguard.policy.PolicyCompiler}
 * is the only class here that touches the KIE builder API. Plain Java: no Spring.
 */
package io.listguard.policy;
