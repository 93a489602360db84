package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.GlacierTargetConfig;
import io.lifeboat.core.config.S3TargetConfig;
import io.lifeboat.core.config.TargetConfig;
import java.time.Clock;
import java.util.Objects;

/** Opens the {@link Target} a config describes. The caller closes it. */
public final class Targets {
    private Targets() {
    }

    /** For file and s3 targets; a glacier target needs the catalog's index: {@link #open(TargetConfig, GlacierIndex, Clock)}. */
    public static Target open(TargetConfig config) {
        return open(config, null, Clock.systemUTC());
    }

    /** {@code glacierIndex} keeps what a vault cannot tell quickly (the catalog's); may be null without glacier targets. */
    public static Target open(TargetConfig config, GlacierIndex glacierIndex, Clock clock) {
        Objects.requireNonNull(config, "config");
        if (config instanceof GlacierTargetConfig glacier) {
            if (glacierIndex == null) {
                throw new LifeboatException(ErrorCode.USAGE, "glacier target '" + glacier.name()
                        + "' needs the catalog's archive index; open it through the catalog");
            }
            return new GlacierTarget(glacier, glacierIndex, clock);
        }
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
