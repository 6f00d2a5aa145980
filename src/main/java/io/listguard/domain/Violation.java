package io.listguard.domain;

/** One problem in a request, at a JSON path such as {@code records[3].kind}. */
public record Violation(String path, String message) {
}
