/**
 * Whole rented files: records streamed from CSV or NDJSON (optionally gzip), evaluated in batches on every core
 * over the shared KieBase, verdicts written in input order, malformed lines written to an error file with their
 * line number. Memory stays bounded whatever the file size, and the totals always add up. The service's jobs and
 * the CLI share {@link io.listguard.bulk.BulkEvaluation}.
 */
package io.listguard.bulk;
