package io.lifeboat.restore.progress;

import java.util.Locale;

/** Running totals shared by the progress displays. */
final class Counters {
    long files;
    long bytes;
    long fetched;
    long plannedFiles;
    long plannedBytes;
    long plannedFetch;

    String line() {
        return String.format(Locale.ROOT, "%d/%d files, %s/%s restored, %s fetched", files, plannedFiles,
                size(bytes), size(plannedBytes), size(fetched));
    }

    double fraction() {
        if (plannedFetch > 0) {
            return Math.min(1.0, fetched / (double) plannedFetch);
        }
        return plannedFiles == 0 ? 1.0 : Math.min(1.0, files / (double) plannedFiles);
    }

    static String size(long n) {
        return io.lifeboat.core.ByteSizes.human(n);
    }
}
