package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A short piece of work on its own daemon thread beside the caller's, such as a tool's version
 * probe while the snapshot is exported, or the row-estimate query while pg_dump runs: both used to
 * sit on the path before the dump started.
 */
final class Beside<T> {
    private final FutureTask<T> task;

    private Beside(FutureTask<T> task) {
        this.task = task;
    }

    static <T> Beside<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return new Beside<>(task);
    }

    /** Waits for the value; the work's own exception when it failed (a LifeboatException or SQLException as such). */
    T join() throws SQLException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, "interrupted while waiting for " + task);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
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

    /** Waits for the work to end, ignoring its result: the caller is already failing. */
    void settle() {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException ignored) {
            // the caller's failure is the one reported
        }
    }
}
