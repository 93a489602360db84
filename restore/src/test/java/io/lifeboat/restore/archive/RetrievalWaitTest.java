package io.lifeboat.restore.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.catalog.RetrievalRecord;
import io.lifeboat.core.catalog.RetrievalRows;
import io.lifeboat.core.config.CatalogConfig;
import io.lifeboat.core.config.FileTargetConfig;
import io.lifeboat.core.config.RetrievalTier;
import io.lifeboat.core.storage.FileTarget;
import io.lifeboat.core.storage.Retrievable;
import io.lifeboat.core.storage.RetrievalStatus;
import io.lifeboat.core.storage.RetrievalTicket;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ArchivedReads} against a slow fake provider: no real waiting, an injected sleeper records the polls. */
class RetrievalWaitTest {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final String KEY = "tree/2026/11/01/" + "X" + "/data.tar.zst";

    @TempDir
    Path dir;
    Catalog catalog;
    RetrievalRows rows;
    BackupRecord backup;
    SlowArchive target;
    final List<Duration> sleeps = new ArrayList<>();
    final List<String> notices = new ArrayList<>();

    @BeforeEach
    void setUp() {
        catalog = Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir.resolve("catalog"), null, null), Clock.systemUTC());
        rows = new RetrievalRows(catalog.dataSource());
        BackupId id = BackupId.create(T0);
        backup = new BackupRecord(id, "tree", "directory", BackupStatus.COMPLETE, T0, T0, T0, true, null, 0, 0, 0, 0,
                null, "tree/x/data.tar.zst", "test", null);
        catalog.insertBackup(backup);
        target = new SlowArchive(dir.resolve("t"), 3);
    }

    @AfterEach
    void tearDown() {
        target.close();
        catalog.close();
    }

    ArchivedReads reads(boolean waitUntilReady) {
        return new ArchivedReads(rows, Clock.fixed(T0, ZoneOffset.UTC), d -> sleeps.add(d), notices::add,
                new ArchivedReads.Options(waitUntilReady, null, "tester@host"));
    }

    @Test
    void withoutWaitStartsOnceThenResumesAndExits75() {
        LifeboatException first = catchThrowableOfType(LifeboatException.class, () -> reads(false).await(backup, target, "k"));
        assertThat(first.code()).isEqualTo(ErrorCode.OBJECT_ARCHIVED);
        assertThat(first.code().exitCode()).isEqualTo(75);
        LifeboatException second = catchThrowableOfType(LifeboatException.class, () -> reads(false).await(backup, target, "k"));
        assertThat(second.code()).isEqualTo(ErrorCode.OBJECT_ARCHIVED);
        assertThat(target.started).isEqualTo(1);
        assertThat(notices.get(0)).matches("retrieval r-[0-9a-f-]+ started \\(tier bulk, expected ready in 5-12 h\\); job job-1");
        assertThat(notices.get(1)).startsWith("retrieval " + notices.get(0).split(" ")[1] + " resumed");
        assertThat(rows.pending()).singleElement().extracting(RetrievalRecord::tier).isEqualTo(RetrievalTier.BULK);
    }

    @Test
    void waitPollsWithGrowingIntervalsUntilReadyThenMarksDone() throws Exception {
        ArchivedReads reads = reads(true);
        try (RetrievedData data = reads.await(backup, target, "k")) {
            assertThat(data.reader().open(2, 3).readAllBytes()).isEqualTo("llo".getBytes());
            assertThat(data.bytesDownloaded()).isEqualTo(5);
            reads.done(data);
        }
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(rows.pending()).isEmpty();
        assertThat(rows.recent(5)).singleElement().extracting(RetrievalRecord::phase).isEqualTo(RetrievalRecord.Phase.DONE);
    }

    @Test
    void failedRetrievalIsRecordedAndTheNextRestoreStartsAgain() {
        target.fail = true;
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> reads(true).await(backup, target, "k"));
        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO);
        assertThat(e.getMessage()).contains("expired").contains("run the restore again");
        assertThat(rows.pending()).isEmpty();
        target.fail = false;
        catchThrowableOfType(LifeboatException.class, () -> reads(false).await(backup, target, "k"));
        assertThat(target.started).isEqualTo(2);
    }

    /** Ready after {@code pollsUntilReady} polls; the whole object is "hello". */
    static final class SlowArchive extends io.lifeboat.core.storage.ForwardingTarget implements Retrievable {
        final int pollsUntilReady;
        int polls;
        int started;
        boolean fail;

        SlowArchive(Path root, int pollsUntilReady) {
            super(new FileTarget(new FileTargetConfig("cold", root)));
            this.pollsUntilReady = pollsUntilReady;
        }

        @Override
        public RetrievalTier defaultTier() {
            return RetrievalTier.BULK;
        }

        @Override
        public RetrievalTicket startRetrieval(String key, RetrievalTier tier) {
            started++;
            polls = 0;
            return new RetrievalTicket(name(), key, tier, "job-" + started);
        }

        @Override
        public RetrievalStatus poll(RetrievalTicket ticket) {
            if (fail) {
                return RetrievalStatus.failed("job expired");
            }
            return ++polls > pollsUntilReady ? RetrievalStatus.READY : RetrievalStatus.IN_PROGRESS;
        }

        @Override
        public boolean rangedReadsWhenReady() {
            return false;
        }

        @Override
        public InputStream openRetrieved(RetrievalTicket ticket) {
            return new ByteArrayInputStream("hello".getBytes());
        }

        @Override
        public String expectedWait(RetrievalTier tier) {
            return "5-12 h";
        }
    }
}
