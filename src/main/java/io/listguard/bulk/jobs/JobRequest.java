package io.listguard.bulk.jobs;

import io.listguard.bulk.BulkHeader;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.mapping.MappingProfile;

/**
 * Everything an instance needs to run, or resume, a job submitted to another one, kept as {@code bulk_job.request_json}:
 * the request's header (campaign, file and {@code format}: charset, separator, sheet, evidence declared absent,
 * profile name), the records file's name and format, and the mapping profile as it was at submission (name, version
 * and content), so that an edit of the profile while the job waits or runs changes nothing of it. The records file
 * itself is under the data directory ({@code jobs/<id>/input…}), which every instance shares.
 */
public record JobRequest(BulkHeader header, String recordsName, RecordSource.Format format, Profile profile) {

    /** The stored profile the file is read with, frozen at its version of the submission. */
    public record Profile(String name, int version, MappingProfile content) {
    }
}
