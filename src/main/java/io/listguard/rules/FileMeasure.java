package io.listguard.rules;

/**
 * One figure about the whole file, matched by the "File thresholds" sheet once every record is evaluated:
 * RECORDS, CONTACTABLE, EXCLUDED, or an exclusion reason such as INVALID_CONTACT, with its share in percent.
 */
public record FileMeasure(String name, long count, double percent) {
}
