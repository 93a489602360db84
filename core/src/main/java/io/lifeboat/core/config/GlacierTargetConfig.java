package io.lifeboat.core.config;

import java.net.URI;
import java.util.Objects;

/**
 * {@code type: glacier}: an S3 Glacier vault (the vault API, asynchronous retrieval). Credentials
 * come from the AWS default credential chain, or the named {@code profile}; never from this file.
 *
 * @param vault    the vault's name; it must exist
 * @param endpoint endpoint override (a test server), or null for AWS
 * @param tier     how retrievals are requested: expedited, standard (default) or bulk
 */
public record GlacierTargetConfig(String name, String vault, String region, URI endpoint, RetrievalTier tier,
                                  String profile) implements TargetConfig {
    public GlacierTargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(region, "region");
        tier = tier == null ? Defaults.RETRIEVAL_TIER : tier;
    }

    @Override
    public String type() {
        return "glacier";
    }
}
