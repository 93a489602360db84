package io.lifeboat.restore.archive;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.archive.ObjectLayout;
import io.lifeboat.core.storage.ForwardingTarget;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A restore's view of a target that may hold archived objects: the first read of an archived data
 * object starts (or resumes) its retrieval through {@link ArchivedReads}, which exits 75 unless
 * waiting; once retrieved, reads are served from it. Everything else goes to the target as is.
 * {@link #close()} marks the retrievals used and deletes spool files; it never closes the target.
 */
public final class RetrievingTarget extends ForwardingTarget {
    private final ArchivedReads archives;
    private final Map<String, RetrievedData> retrieved = new LinkedHashMap<>();

    public RetrievingTarget(Target target, ArchivedReads archives) {
        super(target);
        this.archives = archives;
    }

    @Override
    public InputStream open(String key) {
        Optional<BackupId> backup = backupOf(key);
        if (backup.isPresent() && (retrieved.containsKey(key) || archives.needsRetrieval(backup.get(), inner, key))) {
            long size = inner.stat(key).map(ObjectInfo::size).orElse(0L);
            return openRange(key, 0, size);
        }
        return inner.open(key);
    }

    @Override
    public synchronized InputStream openRange(String key, long offset, long length) {
        RetrievedData data = retrieved.get(key);
        if (data == null) {
            Optional<BackupId> backup = backupOf(key);
            if (backup.isEmpty() || !archives.needsRetrieval(backup.get(), inner, key)) {
                return inner.openRange(key, offset, length);
            }
            data = archives.await(backup.get(), inner, key);
            retrieved.put(key, data);
        }
        try {
            return data.reader().open(offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks the retrievals read as done and deletes their spool files; the target stays open. */
    @Override
    public synchronized void close() {
        for (RetrievedData data : retrieved.values()) {
            try (data) {
                archives.done(data);
            }
        }
        retrieved.clear();
    }

    /** The backup a key belongs to: the id is the last folder of its backup directory ({@link ObjectLayout}). */
    static Optional<BackupId> backupOf(String key) {
        return ObjectLayout.backupDirOf(key).map(dir -> {
            String d = dir.substring(0, dir.length() - 1);
            return d.substring(d.lastIndexOf('/') + 1);
        }).filter(BackupId::isValid).map(BackupId::new);
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
