package io.lifeboat.restore.archive;

import java.time.Duration;

/** Waits between polls; injected so that tests do not wait. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
