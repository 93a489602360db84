package io.lifeboat.verifier.database;

import io.lifeboat.backup.database.DatabaseEngine;
import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.ScratchDatabase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops one scratch database and forgets its catalog row, once, whoever asks first: the restore
 * test when it ends (passed, failed or threw), or a JVM shutdown hook on SIGINT/SIGTERM. The hook
 * interrupts the restore test's thread (which kills a running restore tool), gives it
 * {@link #SHUTDOWN_GRACE} to clean up itself, and otherwise drops the database on its own.
 * A {@code kill -9} leaves the catalog row behind: {@link Leftovers} drops it on a later run.
 */
final class ScratchDrop implements AutoCloseable {
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ScratchDrop.class);

    private final Catalog catalog;
    private final DatabaseEngine engine;
    private final DbConnection scratch;
    private final ScratchDatabase row;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private boolean dropped;
    private String problem;

    /** Registers the shutdown hook; {@code worker} is the thread running the restore test. */
    ScratchDrop(Catalog catalog, DatabaseEngine engine, DbConnection scratch, ScratchDatabase row, Thread worker) {
        this.catalog = catalog;
        this.engine = engine;
        this.scratch = scratch;
        this.row = row;
        this.hook = new Thread(() -> onShutdown(worker), "lifeboat-scratch-drop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onShutdown(Thread worker) {
        log.warn("shutting down during the restore test: dropping scratch database {}", row.describe());
        worker.interrupt();
        try {
            if (finished.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop();
    }

    /**
     * Drops the database and forgets its row; returns null, or what went wrong (the row then stays,
     * for a later run to drop the database). Safe to call more than once and from any thread.
     */
    synchronized String drop() {
        if (dropped) {
            return problem;
        }
        dropped = true;
        boolean interrupted = Thread.interrupted(); // JDBC drivers may refuse to work on an interrupted thread
        try {
            engine.dropDatabase(scratch);
            catalog.forgetScratch(row.name(), row.server());
            log.info("dropped scratch database {}", row.describe());
        } catch (LifeboatException | IllegalStateException e) {
            problem = "scratch database " + row.describe() + " could not be dropped (" + e.getMessage()
                    + "); it stays recorded in the catalog and the next level-3 run drops it";
            log.warn(problem);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return problem;
    }

    /** Drops the database (if not done yet), lets a waiting shutdown hook go and unregisters it. */
    @Override
    public void close() {
        drop();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it sees finished and returns
        }
    }
}
