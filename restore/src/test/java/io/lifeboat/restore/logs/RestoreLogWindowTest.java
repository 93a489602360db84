package io.lifeboat.restore.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.Frame;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.restore.select.Opened;
import io.lifeboat.restore.select.Plan;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which versions of which files a window selects, over hand-made manifests. */
class RestoreLogWindowTest {
    private static final Instant FROM = Instant.parse("2026-10-12T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-14T00:00:00Z");
    private final LogSpans spans = new LogSpans(ZoneId.of("UTC"));

    @Test
    void activeLogByModificationTimeAndRotatedLogsByTheirNames() {
        // Nightly backups of app.log (appended, so each version holds the lines since the previous one)
        // and rotated files. Night of 10-11: before the window; 10-12 and 10-13: inside; 10-14 and 10-15: after.
        Opened n11 = night("20261011T013000Z-00000001", "2026-10-11T01:00:00Z", "app-2026-10-10.log");
        Opened n12 = night("20261012T013000Z-00000002", "2026-10-12T01:00:00Z", "app-2026-10-11.log");
        Opened n13 = night("20261013T013000Z-00000003", "2026-10-13T01:00:00Z", "app-2026-10-12.log");
        Opened n14 = night("20261014T013000Z-00000004", "2026-10-14T01:00:00Z", "app-2026-10-13.log");
        Opened n15 = night("20261015T013000Z-00000005", "2026-10-15T01:00:00Z", "app-2026-10-14.log");
        Plan plan = LogWindowRestore.plan(new LogWindowRestore.Request("app-logs", FROM, TO, List.of()),
                List.of(n11, n12, n13, n14, n15), spans, FirstLines.NONE);
        Map<Opened, List<ManifestEntry>> parts = plan.parts();
        List<String> chosen = parts.entrySet().stream()
                .flatMap(p -> p.getValue().stream().map(e -> e.path() + "@" + p.getKey().id().substring(0, 8))).sorted().toList();
        // app.log is rotated at midnight: the 10-13 01:00 version holds the lines since app-2026-10-12.log ended,
        // [10-13 00:00, 10-13 01:00], the newest version inside the window; the 10-14 version starts at 10-14 00:00.
        assertThat(chosen).containsExactly("app-2026-10-12.log@20261013", "app-2026-10-13.log@20261014", "app.log@20261013");
    }

    @Test
    void includeGlobNarrowsTheFiles() {
        Opened n13 = night("20261013T013000Z-00000003", "2026-10-13T01:00:00Z", "app-2026-10-12.log");
        Plan plan = LogWindowRestore.plan(new LogWindowRestore.Request("app-logs", FROM, TO, List.of("app-*.log")),
                List.of(n13), spans, FirstLines.NONE);
        assertThat(plan.parts().values().stream().flatMap(List::stream).map(ManifestEntry::path))
                .containsExactly("app-2026-10-12.log");
    }

    private static Opened night(String id, String activeMtime, String rotated) {
        Instant t = Instant.parse(activeMtime);
        List<ManifestEntry> entries = List.of(
                new ManifestEntry("app.log", EntryType.FILE, 100, t, 0644, "active-" + activeMtime, null, 0, 512, 0, false),
                new ManifestEntry(rotated, EntryType.FILE, 100, t.minusSeconds(3600), 0644, rotated, null, 1024, 1536, 0, false));
        BackupRecord b = BackupRecord.running(new BackupId(id), "app-logs", "logs", t, null, "app-logs/" + id + "/data.tar.zst");
        Manifest m = new Manifest(1, id, "app-logs", "logs", "tar+zstd", t, t, t, true, null, b.dataKey(), 2048, 300, "x",
                List.of(new Frame(0, 0, 2048, 0, 300)), entries, Map.of(), List.of());
        return new Opened(b, m, null);
    }
}
