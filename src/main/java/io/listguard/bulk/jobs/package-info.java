/**
 * Bulk jobs of the service: an uploaded file saved to disk, evaluated in the background by
 * {@link io.listguard.bulk.BulkEvaluation}, its state and progress kept in the database (a job interrupted by a
 * restart is reported failed, never complete), its verdict and error files kept under the data directory.
 */
package io.listguard.bulk.jobs;
