/**
 * Command-line entry points of the same jar ({@code java -jar listguard.jar policies validate ...}): thin shells
 * over the same classes the service uses, without starting the web server.
 */
package io.listguard.cli;
