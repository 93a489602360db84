package io.lifeboat.restore.progress;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Progress of one restore, fed by the restore as it goes. On a terminal a one-line bar redrawn in
 * place ({@link TerminalProgress}); otherwise one log line every few seconds ({@link LogProgress}).
 * Implementations are called from the restoring thread only.
 */
public interface Progress {
    Progress NONE = new Progress() {
    };

    /** The plan: files and content bytes to restore, stored bytes expected to be fetched. */
    default void planned(long files, long bytes, long fetchEstimate) {
    }

    /** Stored bytes just read from a target. */
    default void fetched(long n) {
    }

    /** A backup's part of the restore is done: its files and content bytes. */
    default void restored(long files, long bytes) {
    }

    /** The restore ended (successfully or not); a bar clears its line. */
    default void finished() {
    }

    /** A bar on {@code terminal} when there is a console, else log lines every {@code every}. */
    static Progress choose(boolean console, PrintWriter terminal, Clock clock, Duration every) {
        return console ? new TerminalProgress(terminal, clock) : new LogProgress(clock, every);
    }
}
