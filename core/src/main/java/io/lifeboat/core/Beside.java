package io.lifeboat.core;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A short piece of work on its own daemon thread beside the caller's: the config file read while
 * picocli parses the command line, the row estimates read while pg_dump runs. Each used to sit on
 * the path before the real work started.
 */
public final class Beside<T> {
    private final FutureTask<T> task;

    private Beside(FutureTask<T> task) {
        this.task = task;
    }

    public static <T> Beside<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return new Beside<>(task);
    }

    /**
     * Waits for the value. The work's own exception is rethrown as it was: a {@code checked} one, a
     * runtime exception or an error; an interrupt of the wait is {@link ErrorCode#INTERRUPTED}.
     */
    public <X extends Exception> T join(Class<X> checked) throws X {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, "interrupted while waiting for " + task);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (checked.isInstance(cause)) {
                throw checked.cast(cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Waits for the work to end, ignoring its result: the caller is failing already, or only needs it done. */
    public void settle() {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the caller's failure, or a later join(), reports it
        }
    }
}
