package io.listguard.evaluation;

import java.util.Map;

/** Counts over the evaluated records. A record excluded for two reasons counts once in {@code excluded}. */
public record Summary(int total, int contactable, int excluded, Map<String, Integer> excludedBy) {
}
