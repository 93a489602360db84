package io.lifeboat.restore.progress;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;

/** A one-line bar, {@code [#####     ]  42%  3/10 files, ...}, redrawn at most ten times a second. */
final class TerminalProgress implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final Clock clock;
    private final Counters c = new Counters();
    private Instant lastDraw = Instant.MIN;
    private int lastLength;

    TerminalProgress(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void planned(long files, long bytes, long fetchEstimate) {
        c.plannedFiles = files;
        c.plannedBytes = bytes;
        c.plannedFetch = fetchEstimate;
        draw(true);
    }

    @Override
    public void fetched(long n) {
        c.fetched += n;
        draw(false);
    }

    @Override
    public void restored(long files, long bytes) {
        c.files += files;
        c.bytes += bytes;
        draw(true);
    }

    @Override
    public void finished() {
        out.print("\r" + " ".repeat(lastLength) + "\r");
        out.flush();
    }

    private void draw(boolean always) {
        Instant now = clock.instant();
        if (!always && now.isBefore(lastDraw.plusMillis(100))) {
            return;
        }
        lastDraw = now;
        int done = (int) Math.round(c.fraction() * WIDTH);
        String line = "[" + "#".repeat(done) + " ".repeat(WIDTH - done) + "] "
                + String.format(java.util.Locale.ROOT, "%3d%%  ", Math.round(c.fraction() * 100)) + c.line();
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
    }
}
