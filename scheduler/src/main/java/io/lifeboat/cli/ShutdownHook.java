package io.lifeboat.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For a command whose work must not be cut off by SIGTERM or Ctrl-C (a drill's cleanup, a restore
 * dropping what it half loaded): a JVM shutdown hook that asks the work to stop, then holds the JVM
 * until the command is {@linkplain #close() done}, at most {@code grace}. Without one the JVM ends at
 * once, under the work.
 */
final class ShutdownHook implements AutoCloseable {
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean fired;

    private ShutdownHook(String name, Runnable stop, Duration grace) {
        thread = new Thread(() -> {
            fired = true;
            stop.run();
            try {
                done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Registers a hook that runs {@code stop} and then waits for {@link #close()}, up to {@code grace}. */
    static ShutdownHook install(String name, Runnable stop, Duration grace) {
        ShutdownHook hook = new ShutdownHook(name, stop, grace);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Whether the JVM is shutting down and the hook has asked the work to stop. */
    boolean fired() {
        return fired;
    }

    /** The command is done: a running hook lets the JVM end; one that has not run is removed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, and has just been released
        }
    }
}
