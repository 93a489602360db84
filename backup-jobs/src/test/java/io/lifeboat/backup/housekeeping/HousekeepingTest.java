package io.lifeboat.backup.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.TargetRegistry;
import io.lifeboat.backup.TestStores;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.BackupStatus;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ForwardingTarget;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.ObjectWriter;
import io.lifeboat.core.storage.Target;
import io.lifeboat.core.storage.Targets;
import java.io.OutputStream;
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

/**
 * The debris sweep with a real H2 catalog and file targets: a sweep for one source touches only that
 * source's prefix in its own targets; the whole sweep (daemon, {@code --all}) touches everything.
 */
class HousekeepingTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;
    Catalog catalog;
    TargetRegistry targets;
    final List<String> listed = new ArrayList<>();
    SourceConfig app;
    SourceConfig db;

    @BeforeEach
    void setUp() {
        catalog = TestStores.catalog(dir, NOW);
        targets = new TargetRegistry(TestStores.fileTargets(dir, "primary", "dr", "broken"), c -> new Recording(Targets.open(c)));
        app = TestStores.directorySource("app", dir, List.of("primary"));
        db = TestStores.directorySource("db", dir, List.of("primary", "dr"));
    }

    @AfterEach
    void tearDown() {
        targets.close();
        catalog.close();
    }

    /** What a crashed run leaves: a FAILED row and its data object without a manifest. */
    private String debris(String source, String target) {
        Instant started = NOW.minus(Duration.ofHours(2));
        BackupId id = BackupId.create(started);
        String dataKey = ObjectLayout.dataKey(source, id, started, ObjectLayout.TAR_ZST);
        catalog.insertBackup(BackupRecord.running(id, source, "directory", started, null, dataKey)
                .withStatus(BackupStatus.FAILED, "crashed").withFinished(started.plusSeconds(5)));
        targets.get(target).put(dataKey, new byte[100]);
        return dataKey;
    }

    /** An upload started by a run the catalog says failed, never committed. */
    private void pendingUpload(String source, String target) throws Exception {
        ObjectWriter w = targets.get(target).create(debris(source, target) + ".part2");
        try (OutputStream out = w.stream()) {
            out.write(new byte[10]);
        }
    }

    private List<String> keys(String target) {
        return targets.get(target).list("").stream().map(ObjectInfo::key).toList();
    }

    @Test
    void aSourcesSweepListsOnlyItsOwnPrefixInItsOwnTargets() throws Exception {
        String appDebris = debris("app", "primary");
        String dbDebris = debris("db", "primary");
        String dbDrDebris = debris("db", "dr");
        pendingUpload("db", "primary");
        ((Recording) targets.get("broken")).failing = true;

        Housekeeping.Report report = new Housekeeping(catalog, targets, Clock.fixed(NOW, ZoneOffset.UTC)).sweep(List.of(app));

        assertThat(report.objectsRemoved()).isEqualTo(1);
        assertThat(report.uploadsAborted()).as("db's upload is not app's to abort").isZero();
        assertThat(report.problems()).as("the broken target is none of app's").isEmpty();
        assertThat(listed).containsExactly("primary:app/");
        assertThat(keys("primary")).doesNotContain(appDebris).contains(dbDebris);
        assertThat(keys("dr")).containsExactly(dbDrDebris);
        assertThat(targets.get("primary").incompleteUploads()).hasSize(1);
    }

    @Test
    void theWholeSweepCoversEveryTargetAndSource() throws Exception {
        debris("app", "primary");
        debris("db", "primary");
        debris("db", "dr");
        debris("gone", "dr"); // a source no longer in the config
        pendingUpload("db", "primary");
        ((Recording) targets.get("broken")).failing = true;

        Housekeeping.Report report = new Housekeeping(catalog, targets, Clock.fixed(NOW, ZoneOffset.UTC)).sweep();

        assertThat(report.objectsRemoved()).as("app, db twice in primary (one beside the upload), db and gone in dr").isEqualTo(5);
        assertThat(report.uploadsAborted()).isEqualTo(1);
        assertThat(report.problems()).singleElement().asString().startsWith("target broken not swept: ").contains("injected");
        assertThat(keys("primary")).isEmpty();
        assertThat(keys("dr")).isEmpty();
        assertThat(targets.get("primary").incompleteUploads()).isEmpty();
    }

    /** Records what is listed; can fail every listing (a target that cannot be reached). */
    final class Recording extends ForwardingTarget {
        volatile boolean failing;

        Recording(Target inner) {
            super(inner);
        }

        @Override
        public List<ObjectInfo> list(String prefix) {
            if (failing) {
                throw new LifeboatException(ErrorCode.TARGET_IO, name() + ": injected failure listing");
            }
            listed.add(name() + ":" + prefix);
            return inner.list(prefix);
        }
    }
}
