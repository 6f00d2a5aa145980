package io.listguard.config;

import io.listguard.policy.WorkbookGuard;
import io.listguard.xlsx.XlsxArchive;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on hostile or broken input, prefix {@code listguard.limits}: no input, however broken, may crash the
 * service, corrupt a policy or hang. Every limit has a default.
 *
 * @param json        limits of every JSON document read by the service's JSON mapper (request bodies, the bulk
 *                    'request' part)
 * @param maxBodySize the largest request body outside multipart uploads (413 {@code payload-too-large}); multipart
 *                    uploads keep {@code spring.servlet.multipart.*}
 * @param workbook    limits of an uploaded decision-table workbook, checked before Apache POI parses it
 * @param recordsWorkbook limits of a records file sent as an {@code .xlsx} workbook (bulk jobs, previews), checked
 *                    before Apache POI opens it
 */
@Validated
@ConfigurationProperties("listguard.limits")
public record LimitsProperties(@DefaultValue Json json, @DefaultValue("50MB") DataSize maxBodySize, @DefaultValue Workbook workbook,
                               @DefaultValue RecordsWorkbook recordsWorkbook) {

    public LimitsProperties {
        json = json == null ? new Json(32, 100_000, DataSize.ofMegabytes(50)) : json;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(50) : maxBodySize;
        workbook = workbook == null ? new Workbook(DataSize.ofMegabytes(50), 100, DataSize.ofMegabytes(1), 1_000, 10_000, 200, 1_000) : workbook;
        recordsWorkbook = recordsWorkbook == null ? new RecordsWorkbook(DataSize.ofGigabytes(2), 100, DataSize.ofMegabytes(1), 10_000) : recordsWorkbook;
    }

    /**
     * @param maxNestingDepth   objects and arrays nested deeper than this are refused
     * @param maxStringLength   a string value longer than this (in characters) is refused
     * @param maxDocumentLength a document longer than this is refused
     */
    public record Json(@DefaultValue("32") @Min(4) int maxNestingDepth,
                       @DefaultValue("100000") @Min(1_000) int maxStringLength,
                       @DefaultValue("50MB") DataSize maxDocumentLength) {
    }

    /**
     * @param maxUncompressedSize the total size of the workbook's zip entries once expanded
     * @param maxInflateRatio     an entry that expands more than this many times its compressed size is a zip bomb...
     * @param inflateRatioFrom    ...once it has expanded past this size (small XML parts compress very well)
     * @param maxEntries          zip entries (parts) in the workbook
     * @param maxRows             rows of a sheet (counted up to its last used row)
     * @param maxColumns          columns of a sheet (counted up to its last used column)
     * @param maxMergedRegions    merged cell regions of a sheet
     */
    public record Workbook(@DefaultValue("50MB") DataSize maxUncompressedSize,
                           @DefaultValue("100") @Min(2) int maxInflateRatio,
                           @DefaultValue("1MB") DataSize inflateRatioFrom,
                           @DefaultValue("1000") @Min(10) int maxEntries,
                           @DefaultValue("10000") @Min(100) int maxRows,
                           @DefaultValue("200") @Min(10) int maxColumns,
                           @DefaultValue("1000") @Min(10) int maxMergedRegions) {

        /** The same limits for the Spring-free policy checks. */
        public WorkbookGuard.Limits guardLimits() {
            return new WorkbookGuard.Limits(maxUncompressedSize.toBytes(), maxInflateRatio, inflateRatioFrom.toBytes(), maxEntries,
                    maxRows, maxColumns, maxMergedRegions);
        }
    }

    /**
     * The archive limits of a records workbook: rows up to Excel's 1,048,576 make far larger workbooks than policies
     * (a million rows of twenty columns expand to about 1 GB of XML, docs/performance.md).
     *
     * @param maxUncompressedSize the total size of the workbook's zip entries once expanded
     * @param maxInflateRatio     an entry that expands more than this many times its compressed size is a zip bomb...
     * @param inflateRatioFrom    ...once it has expanded past this size
     * @param maxEntries          zip entries (parts) in the workbook
     */
    public record RecordsWorkbook(@DefaultValue("2GB") DataSize maxUncompressedSize,
                                  @DefaultValue("100") @Min(2) int maxInflateRatio,
                                  @DefaultValue("1MB") DataSize inflateRatioFrom,
                                  @DefaultValue("10000") @Min(10) int maxEntries) {

        /** The same limits for the Spring-free reading of records ({@code ReadOptions.withWorkbookLimits}). */
        public XlsxArchive.Limits archiveLimits() {
            return new XlsxArchive.Limits(maxUncompressedSize.toBytes(), maxInflateRatio, inflateRatioFrom.toBytes(), maxEntries);
        }
    }
}
