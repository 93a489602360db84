package io.lifeboat.restore.select;

import io.lifeboat.core.archive.Manifest;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.storage.Target;
import java.time.Instant;

/** A backup whose manifest was read from one of its copies, {@code target}, from which its data is then read. */
public record Opened(BackupRecord backup, Manifest manifest, Target target) {
    /** When the backup's data is consistent as of (its start when not recorded). */
    public Instant asOf() {
        return Backups.asOf(backup);
    }

    public String id() {
        return backup.id().value();
    }

    /** One backup read from one target: equality by those two, not by the (large) manifest. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Opened other && backup.id().equals(other.backup.id())
                && java.util.Objects.equals(targetName(), other.targetName());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(backup.id(), targetName());
    }

    private String targetName() {
        return target == null ? null : target.name();
    }
}
