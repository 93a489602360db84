package io.lifeboat.restore.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.Frame;
import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.BackupRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestorePlanTest {
    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void newestVersionWinsAndTheSameVersionIsReadWhereItIsCheapest() {
        // a.log v1 in a big full, the same v1 in a small incremental; b.log changes in the last full.
        Opened full1 = opened("20261001T010000Z-00000001", List.of(new Frame(0, 0, 1 << 20, 0, 500_000)),
                entry("a.log", "v1", 0), entry("b.log", "b1", 4096));
        Opened incr = opened("20261002T010000Z-00000002", List.of(new Frame(0, 0, 8192, 0, 900)),
                entry("a.log", "v1", 0));
        Opened full2 = opened("20261003T010000Z-00000003", List.of(new Frame(0, 0, 1 << 20, 0, 400_000)),
                entry("a.log", "v1", 0), entry("b.log", "b2", 4096));
        Plan plan = Plan.of(List.of(full1, incr, full2), (o, e) -> true);
        Map<Opened, List<ManifestEntry>> parts = plan.parts();
        assertThat(parts).containsOnlyKeys(incr, full2);
        assertThat(parts.get(incr)).extracting(ManifestEntry::path).containsExactly("a.log");
        assertThat(parts.get(full2)).extracting(ManifestEntry::sha256).containsExactly("b2");
        assertThat(plan.backupsUsed()).containsExactly(incr.id(), full2.id());
        assertThat(plan.storedBytes()).isEqualTo(900_900);
        assertThat(plan.files()).isEqualTo(2);
        assertThat(plan.backupsRead()).isEqualTo("backups read: 20261001T010000Z-00000001, 20261002T010000Z-00000002,"
                + " 20261003T010000Z-00000003");
        Opened full4 = opened("20261004T010000Z-00000004", List.of(new Frame(0, 0, 8192, 0, 900)), entry("c.log", "c", 0));
        assertThat(Plan.of(List.of(full1, incr, full2, full4), (o, e) -> true).backupsRead())
                .isEqualTo("4 backups read: 20261001T010000Z-00000001 to 20261004T010000Z-00000004");
    }

    @Test
    void costCountsOnlyTheFramesHoldingTheEntry() {
        List<Frame> frames = List.of(new Frame(0, 0, 1000, 0, 100), new Frame(1, 1000, 1000, 100, 200),
                new Frame(2, 2000, 1000, 300, 300));
        ManifestEntry e = new ManifestEntry("x", EntryType.FILE, 600, T, 0644, "s", null, 900, 1412, 0, false);
        assertThat(Plan.cost(frames, e)).isEqualTo(100 + 200 + 300);
        ManifestEntry small = new ManifestEntry("y", EntryType.FILE, 10, T, 0644, "s", null, 1024, 1536, 1, false);
        assertThat(Plan.cost(frames, small)).isEqualTo(200);
    }

    private static ManifestEntry entry(String path, String sha, long header) {
        return new ManifestEntry(path, EntryType.FILE, 100, T, 0644, sha, null, header, header + 512, 0, false);
    }

    private static Opened opened(String id, List<Frame> frames, ManifestEntry... entries) {
        BackupRecord b = BackupRecord.running(new BackupId(id), "app-logs", "logs", T, null, "app-logs/" + id + "/data.tar.zst");
        long stored = frames.stream().mapToLong(Frame::storedSize).sum();
        Manifest m = new Manifest(1, id, "app-logs", "logs", "tar+zstd", T, T, T, true, null, b.dataKey(), 0, stored, "x",
                frames, List.of(entries), Map.of(), List.of());
        return new Opened(b, m, null);
    }
}
