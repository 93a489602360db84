package io.lifeboat.daemon;

import java.time.Instant;
import java.util.Objects;

/**
 * The scheduled fire time a daemon run serves; {@code recovering} when another node started it and died,
 * and this node runs it again (Quartz recovery in a cluster).
 */
public record ScheduledFire(Instant time, boolean recovering) {
    public ScheduledFire {
        Objects.requireNonNull(time, "time");
    }
}
