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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a live log file's span starts (rotated siblings, first line), and which files a window then selects. */
class RestoreLiveLogSpansTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Instant NOW = Instant.parse("2026-11-06T09:00:00Z");
    private final LogSpans spans = new LogSpans(UTC);
    /** Rotated files whose first line is at the start of the day they are named for; live files without timestamps. */
    private final FirstLines firstLineAtItsDay = (o, e) -> {
        LogSpans.Span day = spans.named(e.path());
        return day == null ? null : day.start();
    };

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "logs/api-2026-10-01.log,      logs/api.log",
            "logs/app.log.2026-10-12.gz,   logs/app.log",
            "logs/app.log.20261012,        logs/app.log",
            "logs/access.log-20261013,     logs/access.log",
            "logs/app_20261012.log.zst,    logs/app.log",
            "logs/app.log.1,               logs/app.log",
            "logs/app.log.12.gz,           logs/app.log",
            "app.log.2026-10-12,           app.log",
            "logs/api.log,                 -",
            "logs/2026-10-12.log,          -",
            "logs/build-20261399.log,      -"})
    void aRotatedFileNamesTheLiveFileItWasRotatedFrom(String rotated, String live) {
        assertThat(LogSpans.rotatedFrom(rotated)).isEqualTo(live);
    }

    /** The case: one backup today of 30 rotated days and the live file; a window of 10-12 to 10-14. */
    @Test
    void theLiveFileStartsWhereItsNewestRotatedSiblingEnds() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            LocalDate d = LocalDate.of(2026, 10, day);
            entries.add(file("api/api-" + d + ".log", d.plusDays(1).atStartOfDay(UTC).toInstant().minusSeconds(1)));
        }
        entries.add(file("api/api.log", NOW));
        LogWindowRestore.Request window = window("2026-10-12T00:00:00Z", "2026-10-14T00:00:00Z");
        Plan plan = plan(window, firstLineAtItsDay, backup(entries));

        assertThat(chosen(plan)).containsExactly("api/api-2026-10-12.log", "api/api-2026-10-13.log");
        // Unread first lines: api-2026-10-14.log may hold the last second of 10-13 (its sibling ended at 23:59:59).
        assertThat(chosen(plan(window, FirstLines.NONE, backup(entries))))
                .containsExactly("api/api-2026-10-12.log", "api/api-2026-10-13.log", "api/api-2026-10-14.log");
        // The window holding the day after the last rotation does take the live file.
        assertThat(chosen(plan(window("2026-10-31T00:00:00Z", "2026-11-01T00:00:00Z"), FirstLines.NONE, backup(entries))))
                .containsExactly("api/api.log");
    }

    /** A live file without rotated siblings: its first line's timestamp says where it starts, and decides. */
    @Test
    void aFirstLineTimestampStartsALiveFileWithoutSiblings() {
        Opened b = backup(List.of(file("worker/worker.log", NOW)));
        LogWindowRestore.Request october = window("2026-10-12T00:00:00Z", "2026-10-14T00:00:00Z");

        assertThat(chosen(plan(october, (o, e) -> Instant.parse("2026-11-02T08:00:00Z"), b))).isEmpty();
        assertThat(chosen(plan(october, (o, e) -> Instant.parse("2026-10-13T08:00:00Z"), b))).containsExactly("worker/worker.log");
        // No timestamp on its first line: it may hold lines of any time up to its mtime.
        assertThat(chosen(plan(october, FirstLines.NONE, b))).containsExactly("worker/worker.log");
    }

    /** The first line is read (a ranged GET) only for a live version that overlaps the window without it. */
    @Test
    void theFirstLineIsReadOnlyWhereItDecides() {
        Opened b = backup(List.of(file("api/api-2026-10-30.log", Instant.parse("2026-10-30T23:59:59Z")),
                file("api/api.log", NOW), file("worker/worker.log", NOW), file("old/old.log", Instant.parse("2026-09-01T00:00:00Z"))));
        List<String> asked = new ArrayList<>();
        plan(window("2026-10-12T00:00:00Z", "2026-10-14T00:00:00Z"), (o, e) -> {
            asked.add(e.path());
            return null;
        }, b);
        assertThat(asked).containsExactly("worker/worker.log");
    }

    /**
     * logrotate's dateext names a file by the day it was rotated (06:25 by cron.daily): access.log-20261014 holds
     * 10-13 06:25 to 10-14 06:25, and the live file the lines since the last rotation.
     */
    @Test
    void aDateextRotationAlsoHoldsTheDayBefore() {
        Opened b = backup(List.of(
                file("nginx/access.log-20261013", Instant.parse("2026-10-13T06:25:00Z")),
                file("nginx/access.log-20261014", Instant.parse("2026-10-14T06:25:00Z")),
                file("nginx/access.log-20261015", Instant.parse("2026-10-15T06:25:00Z")),
                file("nginx/access.log", NOW)));
        assertThat(chosen(plan(window("2026-10-13T00:00:00Z", "2026-10-13T12:00:00Z"), FirstLines.NONE, b)))
                .containsExactly("nginx/access.log-20261013", "nginx/access.log-20261014");
        // Its first line read: access.log-20261014 starts when access.log-20261013 was rotated.
        assertThat(chosen(plan(window("2026-10-13T00:00:00Z", "2026-10-13T06:00:00Z"),
                (o, e) -> e.path().endsWith("-20261014") ? Instant.parse("2026-10-13T06:25:00Z") : null, b)))
                .containsExactly("nginx/access.log-20261013");
        assertThat(chosen(plan(window("2026-10-15T12:00:00Z", "2026-10-15T13:00:00Z"), FirstLines.NONE, b)))
                .containsExactly("nginx/access.log");
    }

    /** A sibling rotated after a backup does not move the start of that backup's version of the live file. */
    @Test
    void aLaterRotationDoesNotMoveAnEarlierVersion() {
        Opened n13 = backup("20261013T013000Z-00000001", List.of(
                file("app/app-2026-10-12.log", Instant.parse("2026-10-12T23:59:59Z")), file("app/app.log", Instant.parse("2026-10-13T01:00:00Z"))));
        Opened n20 = backup("20261020T013000Z-00000002", List.of(
                file("app/app-2026-10-19.log", Instant.parse("2026-10-19T23:59:59Z")), file("app/app.log", Instant.parse("2026-10-20T01:00:00Z"))));
        Plan plan = LogWindowRestore.plan(window("2026-10-13T00:00:00Z", "2026-10-13T00:30:00Z"), List.of(n13, n20), spans,
                firstLineAtItsDay);
        assertThat(plan.parts().get(n13)).extracting(ManifestEntry::path).containsExactly("app/app.log");
        assertThat(plan.parts().get(n20)).isNull();
    }

    private Plan plan(LogWindowRestore.Request request, FirstLines firstLines, Opened backup) {
        return LogWindowRestore.plan(request, List.of(backup), spans, firstLines);
    }

    private static LogWindowRestore.Request window(String from, String to) {
        return new LogWindowRestore.Request("app-logs", Instant.parse(from), Instant.parse(to), List.of());
    }

    private static List<String> chosen(Plan plan) {
        return plan.parts().values().stream().flatMap(List::stream).map(ManifestEntry::path).sorted().toList();
    }

    private static ManifestEntry file(String path, Instant mtime) {
        return new ManifestEntry(path, EntryType.FILE, 100, mtime, 0644, "sha-" + path + mtime, null, 0, 512, 0, false);
    }

    private static Opened backup(List<ManifestEntry> entries) {
        return backup("20261106T090000Z-00000001", entries);
    }

    private static Opened backup(String id, List<ManifestEntry> entries) {
        Instant t = java.time.LocalDateTime.parse(id.substring(0, 15), java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                .toInstant(java.time.ZoneOffset.UTC);
        BackupRecord b = BackupRecord.running(new BackupId(id), "app-logs", "logs", t, null, "app-logs/" + id + "/data.tar.zst");
        Manifest m = new Manifest(1, id, "app-logs", "logs", "tar+zstd", t, t, t, true, null, b.dataKey(), 2048, 300, "x",
                List.of(new Frame(0, 0, 2048, 0, 300)), entries, Map.of(), List.of());
        return new Opened(b, m, null);
    }
}
