package io.lifeboat.backup.retention;

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
import io.lifeboat.core.catalog.CopyRecord;
import io.lifeboat.core.catalog.CopyStatus;
import io.lifeboat.core.config.RetentionConfig;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.ForwardingTarget;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Target;
import io.lifeboat.core.storage.Targets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying retention with a real H2 catalog and file targets, one of which fails half-way through a copy. */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;
    Catalog catalog;
    TargetRegistry targets;
    FailingTarget dr;
    SourceConfig source;

    @BeforeEach
    void setUp() {
        catalog = TestStores.catalog(dir, NOW);
        targets = new TargetRegistry(TestStores.fileTargets(dir, "primary", "dr"),
                c -> c.name().equals("dr") ? dr = new FailingTarget(Targets.open(c)) : Targets.open(c));
        source = TestStores.directorySource("app", dir, List.of("primary", "dr"))
                .withRetention(new RetentionConfig(1, 0, 0, 0, 0, Duration.ZERO));
    }

    @AfterEach
    void tearDown() {
        targets.close();
        catalog.close();
    }

    private BackupRecord stored(Instant started) {
        BackupId id = BackupId.create(started);
        String dataKey = ObjectLayout.dataKey("app", id, started, ObjectLayout.TAR_ZST);
        BackupRecord r = BackupRecord.running(id, "app", "directory", started, null, dataKey)
                .withStatus(BackupStatus.VERIFIED, null).withFinished(started.plusSeconds(5)).withConsistentPoint(started);
        catalog.insertBackup(r);
        for (String name : List.of("primary", "dr")) {
            Target t = targets.get(name);
            t.put(dataKey, new byte[1000]);
            t.put(ObjectLayout.manifestKeyFor(dataKey), new byte[24]);
            catalog.upsertCopy(new CopyRecord(id, name, CopyStatus.WRITTEN, 1000, null, started, null));
        }
        return r;
    }

    @Test
    void aFailingTargetKeepsItsCopyMarkedUnreadableWithoutStoppingTheOthersAndTheNextRunFinishes() {
        BackupRecord old = stored(NOW.minus(Duration.ofDays(2)));
        BackupRecord kept = stored(NOW.minus(Duration.ofHours(1)));
        Retention retention = new Retention(catalog, targets, Clock.fixed(NOW, ZoneOffset.UTC));
        targets.get("dr");
        dr.failOn = ObjectLayout.MANIFEST;

        SourceReport dry = retention.apply(source, true);
        assertThat(dry.expired()).singleElement().satisfies(o -> {
            assertThat(o.deletedIn()).containsExactly("primary", "dr");
            assertThat(o.bytes()).isEqualTo(2000);
        });
        assertThat(targets.get("primary").list("")).hasSize(4);

        SourceReport first = retention.apply(source, false);
        assertThat(first.incomplete()).isTrue();
        Outcome o = first.expired().get(0);
        assertThat(o.deletedIn()).containsExactly("primary");
        assertThat(o.refused()).containsOnlyKeys("dr").extractingByKey("dr").asString().contains("injected failure");
        assertThat(o.bytes()).as("primary's two objects and dr's data object").isEqualTo(1000 + 24 + 1000);
        assertThat(targets.get("primary").list("")).extracting(ObjectInfo::key).noneMatch(k -> k.contains(old.id().value()));
        assertThat(targets.get("dr").list("")).extracting(ObjectInfo::key).filteredOn(k -> k.contains(old.id().value()))
                .containsExactly(ObjectLayout.manifestKeyFor(old.dataKey()));
        BackupRecord after = catalog.backup(old.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(BackupStatus.VERIFIED);
        assertThat(after.reason()).contains("the copy in dr could not be deleted and is kept", "injected failure");
        assertThat(catalog.copies(old.id())).extracting(CopyRecord::target, CopyRecord::status, CopyRecord::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dr", CopyStatus.FAILED, "partly deleted by retention at " + NOW
                                + "; the rest goes on the next run"),
                        org.assertj.core.groups.Tuple.tuple("primary", CopyStatus.FAILED, "deleted by retention at " + NOW));
        assertThat(catalog.backup(kept.id()).orElseThrow().status()).isEqualTo(BackupStatus.VERIFIED);
        assertThat(targets.get("dr").list("")).filteredOn(i -> i.key().contains(kept.id().value())).hasSize(2);

        dr.failOn = null;
        SourceReport second = retention.apply(source, false);
        assertThat(second.incomplete()).isFalse();
        assertThat(second.expired().get(0).deletedIn()).containsExactly("primary", "dr");
        assertThat(targets.get("dr").list("")).extracting(ObjectInfo::key).noneMatch(k -> k.contains(old.id().value()));
        BackupRecord expired = catalog.backup(old.id()).orElseThrow();
        assertThat(expired.status()).isEqualTo(BackupStatus.EXPIRED);
        assertThat(expired.reason()).isEqualTo("expired by retention at " + NOW + " (older than every bucket)");
        assertThat(retention.apply(source, false).expired()).as("an EXPIRED backup is not considered again").isEmpty();
    }

    /** A file target whose purge of keys ending in {@code failOn} fails. */
    static final class FailingTarget extends ForwardingTarget {
        volatile String failOn;

        FailingTarget(Target inner) {
            super(inner);
        }

        @Override
        public void purge(String key) {
            if (failOn != null && key.endsWith(failOn)) {
                throw new LifeboatException(ErrorCode.TARGET_IO, "dr: injected failure deleting " + key);
            }
            inner.purge(key);
        }
    }
}
