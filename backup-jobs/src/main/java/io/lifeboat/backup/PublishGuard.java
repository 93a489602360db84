package io.lifeboat.backup;

import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;

/**
 * What a run must still hold to publish: the daemon and the command line pass one backed by the
 * source's lease ({@code SourceLease} in the scheduler); {@link #NONE} is for callers that coordinate
 * otherwise (tests, tools on a private catalog).
 */
public interface PublishGuard {
    /** No lease: every run may publish. */
    PublishGuard NONE = new PublishGuard() {
        @Override
        public void checkBeforePublish() {
        }

        @Override
        public boolean commit(Catalog catalog, BackupRecord complete) {
            catalog.updateBackup(complete);
            return true;
        }
    };

    /** Called once the RUNNING row exists (e.g. to record which scheduled fire time it serves). */
    default void started(BackupRecord running) {
    }

    /**
     * Called right before the manifest (the commit point) is written; throws
     * {@code LifeboatException(LEASE_LOST)} when this run may no longer publish.
     */
    void checkBeforePublish();

    /**
     * Records the COMPLETE row, conditional on still holding the right to publish; false when that was
     * lost meanwhile (the caller then withdraws the manifest it wrote).
     */
    boolean commit(Catalog catalog, BackupRecord complete);
}
