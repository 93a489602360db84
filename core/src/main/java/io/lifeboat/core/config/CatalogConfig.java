package io.lifeboat.core.config;

import java.util.Objects;

/**
 * Where the catalog lives: a JDBC URL ({@code jdbc:h2:file:./var/catalog} by default, or
 * {@code jdbc:postgresql://...}). The password, if any, comes from the environment variable
 * named by {@code passwordEnv}; never from the file.
 */
public record CatalogConfig(String url, String user, String passwordEnv) {
    public CatalogConfig {
        Objects.requireNonNull(url, "url");
    }
}
