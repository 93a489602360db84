package io.lifeboat.core.config;

/** A named place backups go to. */
public sealed interface TargetConfig permits FileTargetConfig, S3TargetConfig, GlacierTargetConfig {
    String name();

    /** The {@code type:} of the config ({@code file}, {@code s3}, {@code glacier}). */
    String type();
}
