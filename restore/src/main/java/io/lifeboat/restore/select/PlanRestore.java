package io.lifeboat.restore.select;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveRestorer;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.RangeReader;
import io.lifeboat.core.archive.RestoreOptions;
import io.lifeboat.core.archive.RestoreReport;
import io.lifeboat.core.archive.RestoreReport.Problem;
import io.lifeboat.restore.progress.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Carries out a {@link Plan}: for each backup, {@link ArchiveRestorer} restores its share of the
 * entries into the one directory, fetching only the frames that hold them. The directory must be
 * empty or absent unless {@code force}; the safety rules of {@code ArchiveRestorer} apply.
 */
public final class PlanRestore {
    private final Clock clock;

    public PlanRestore(Clock clock) {
        this.clock = clock;
    }

    public RestoreSummary run(Plan plan, Path into, boolean force, Progress progress, List<String> notices) {
        checkInto(into, force);
        Instant start = clock.instant();
        progress.planned(plan.files(), plan.bytes(), plan.estimatedFetch());
        long files = 0;
        long bytes = 0;
        long fetched = 0;
        Set<String> targets = new LinkedHashSet<>();
        List<Problem> refused = new ArrayList<>();
        List<Problem> failed = new ArrayList<>();
        try {
            for (Map.Entry<Opened, List<ManifestEntry>> part : plan.parts().entrySet()) {
                Opened o = part.getKey();
                // by identity: the plan holds the manifest's own entries, and a record's hashCode over every
                // field of 20,000 entries was a tenth of a single-file restore
                Set<ManifestEntry> wanted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                wanted.addAll(part.getValue());
                RangeReader data = (off, len) -> new Metered(o.target().openRange(o.manifest().dataKey(), off, len), progress);
                RestoreReport r = ArchiveRestorer.restore(o.manifest(), data, into, wanted::contains, new RestoreOptions(force));
                targets.add(o.target().name());
                files += r.files();
                bytes += r.bytes();
                fetched += r.bytesFetched();
                refused.addAll(r.refused());
                failed.addAll(r.failed());
                progress.restored(r.files(), r.bytes());
            }
        } finally {
            progress.finished();
        }
        return new RestoreSummary(plan.backupsUsed(), List.copyOf(targets), files, bytes, fetched, plan.storedBytes(),
                Duration.between(start, clock.instant()), refused, failed, notices);
    }

    /** The directory must be absent or empty unless {@code force}. */
    public static void checkInto(Path into, boolean force) {
        if (!Files.exists(into) || force) {
            return;
        }
        if (!Files.isDirectory(into)) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED, into + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(into)) {
            if (s.findAny().isPresent()) {
                throw new LifeboatException(ErrorCode.RESTORE_REFUSED,
                        into + " is not empty; restore into an empty directory, or add --force to write into it");
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED, "cannot read " + into + ": " + e.getMessage(), e);
        }
    }

    /** Reports stored bytes to the progress display as they stream in. */
    private static final class Metered extends FilterInputStream {
        private final Progress progress;

        Metered(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.fetched(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                progress.fetched(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            progress.fetched(s);
            return s;
        }
    }
}
