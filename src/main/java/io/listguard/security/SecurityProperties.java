package io.listguard.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API keys, prefix {@code listguard.security}. A key is given either in clear ({@code key}, typically from an
 * environment variable: it is hashed at start and never kept) or as its SHA-256 in hex ({@code sha256}). With no key
 * configured, the service generates one admin key at first start, stores only its hash under the data directory,
 * and prints the key once.
 */
@ConfigurationProperties("listguard.security")
public record SecurityProperties(@DefaultValue List<Key> keys) {

    /** One caller: its name (recorded in the audit trail), its key or the key's hash, and its roles. */
    public record Key(String name, String key, String sha256, List<Role> roles) {
    }
}
