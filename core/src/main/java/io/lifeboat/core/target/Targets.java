package io.lifeboat.core.target;

import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.S3TargetConfig;
import io.lifeboat.core.config.TargetConfig;
import java.util.Objects;

/** Opens the {@link Target} a config describes. The caller closes it. */
public final class Targets {
    private Targets() {
    }

    public static Target open(TargetConfig config) {
        Objects.requireNonNull(config, "config");
        // TargetConfig is sealed: each permitted type has a branch here.
        if (config instanceof FileTargetConfig file) {
            return new FileTarget(file);
        }
        if (config instanceof S3TargetConfig s3) {
            return new S3Target(s3);
        }
        throw new IllegalArgumentException("unknown target type: " + config.type());
    }
}
