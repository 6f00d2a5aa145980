/**
 * Mapping profiles: how a data broker's own file (its column names, its yes/no words, its date formats, its
 * separator and charset) maps onto listguard's record. A profile is data (JSON), checked before use, and applied
 * by the tabular record sources (CSV, XLSX) between reading a row and typing its values. Plain Java: no Spring.
 */
package io.listguard.bulk.mapping;
