package io.lifeboat.core.config;

import java.nio.file.Path;
import java.util.Objects;

/** {@code type: file}: a directory (local disk, NFS mount). */
public record FileTargetConfig(String name, Path path) implements TargetConfig {
    public FileTargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String type() {
        return "file";
    }
}
