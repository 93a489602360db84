package io.lifeboat.restore.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line every {@code every} (not on a terminal: cron, systemd, CI logs). */
final class LogProgress implements Progress {
    private static final Logger log = LoggerFactory.getLogger(LogProgress.class);
    private final Clock clock;
    private final Duration every;
    private final Counters c = new Counters();
    private Instant next;

    LogProgress(Clock clock, Duration every) {
        this.clock = clock;
        this.every = every;
    }

    @Override
    public void planned(long files, long bytes, long fetchEstimate) {
        c.plannedFiles = files;
        c.plannedBytes = bytes;
        c.plannedFetch = fetchEstimate;
        next = clock.instant().plus(every);
        log.info("restore planned: {} files, {}, about {} to fetch", files, Counters.size(bytes), Counters.size(fetchEstimate));
    }

    @Override
    public void fetched(long n) {
        c.fetched += n;
        maybeLog();
    }

    @Override
    public void restored(long files, long bytes) {
        c.files += files;
        c.bytes += bytes;
        maybeLog();
    }

    private void maybeLog() {
        Instant now = clock.instant();
        if (next != null && !now.isBefore(next)) {
            next = now.plus(every);
            log.info("restore progress: {}", c.line());
        }
    }
}
