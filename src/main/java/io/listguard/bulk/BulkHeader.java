package io.listguard.bulk;

import io.listguard.domain.Campaign;
import io.listguard.domain.RentedFile;

/** The campaign and the rented file of a bulk evaluation: the JSON request without its records. */
public record BulkHeader(Campaign campaign, RentedFile file) {
}
