/**
 * The REST API: versioned endpoints under {@code /api/v1}, and one place ({@link io.listguard.api.ProblemDetailsAdvice})
 * that turns every error into RFC 9457 problem+json. Controllers call the evaluation service; they never see
 * the KIE API.
 */
package io.listguard.api;
