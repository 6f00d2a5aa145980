/**
 * The central suppression list (R20): people who objected to direct marketing, kept as keyed hashes of their
 * emails and phones ({@link io.listguard.suppression.Suppressions}, in the service's database), the checks of what
 * is added, looked up or removed ({@link io.listguard.suppression.SuppressionChecks}) and the import of a file
 * ({@link io.listguard.suppression.SuppressionImport}). The evaluation core sees it only through its port,
 * {@link io.listguard.evaluation.SuppressionList}, which {@code Suppressions} implements; the REST controller and
 * the console only carry requests and answers.
 */
package io.listguard.suppression;
