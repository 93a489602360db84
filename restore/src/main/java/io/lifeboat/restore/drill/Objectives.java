package io.lifeboat.restore.drill;

import java.time.Duration;

/** The drill's recovery objectives from the front matter; either may be null (not set). */
public record Objectives(Duration rpo, Duration rto) {
    public static final Objectives NONE = new Objectives(null, null);
}
