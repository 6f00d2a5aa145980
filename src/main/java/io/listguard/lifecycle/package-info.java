/**
 * The policy lifecycle: validate a candidate (template lock, compilation, overlap and gap analysis, scenarios),
 * store each accepted set as a version, activate it without dropping a request, roll back, compare versions.
 * Spring wires it; the checks themselves are the plain-Java policy, evaluation and scenario packages.
 */
package io.listguard.lifecycle;
