/**
 * The web console under {@code /console}: server-rendered pages (Thymeleaf) for compliance staff and auditors,
 * signed in with an API key, in French (default) and English. It calls the same services as the REST API (policy
 * lifecycle, evaluation, audit trail, bulk jobs); it never touches the rules engine itself.
 */
package io.listguard.console;
