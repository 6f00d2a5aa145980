/**
 * Bulk jobs of the service, shared by its instances on one database: an uploaded file saved under the data
 * directory, its request kept in the job row, evaluated in the background by {@link io.listguard.bulk.BulkEvaluation}
 * on whichever instance claims its db-scheduler execution, checkpointed as it goes and resumed from its last
 * checkpoint after a graceful stop or a dead instance; failed only on its input, cancelled only on request; its
 * verdict and error files kept under the data directory, everything else deleted when it ends.
 */
package io.listguard.bulk.jobs;
