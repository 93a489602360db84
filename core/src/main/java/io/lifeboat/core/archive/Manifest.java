package io.lifeboat.core.archive;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The commit marker of a backup, stored beside its data as {@code manifest.json}. A backup without
 * its manifest does not exist. Carries everything needed to verify, restore selectively and rebuild
 * the catalog from the target alone.
 *
 * @param format          {@code tar+zstd} for file trees; database kinds name their dump format
 * @param consistentPoint the instant the data is consistent as of (start of the walk for files)
 * @param baseBackupId    for an incremental backup, the backup it is relative to; null for a full
 * @param rawSize         bytes of the uncompressed stream
 * @param storedSize      bytes of the stored data object
 * @param sha256          hex sha256 of the stored data object
 * @param properties      free-form facts (tool versions, hostname, row estimates)
 * @param warnings        what the operator should know (skipped sockets, files changed while read)
 * @param extraObjects    data objects besides {@code dataKey} (database globals); empty for file trees
 * @param deleted         for an incremental backup, the paths of its chain's state that were gone when it
 *                        ran (a restore "as of" this backup leaves them out); empty for a full
 */
public record Manifest(
        int formatVersion,
        String backupId,
        String source,
        String sourceType,
        String format,
        Instant started,
        Instant finished,
        Instant consistentPoint,
        boolean full,
        String baseBackupId,
        String dataKey,
        long rawSize,
        long storedSize,
        String sha256,
        List<Frame> frames,
        List<ManifestEntry> entries,
        Map<String, String> properties,
        List<String> warnings,
        List<StoredObject> extraObjects,
        List<String> deleted) {

    public static final int FORMAT_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dataKey, "dataKey");
        frames = List.copyOf(frames);
        entries = List.copyOf(entries);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        extraObjects = extraObjects == null ? List.of() : List.copyOf(extraObjects);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
    }

    /** A manifest of a full backup or one without deletions. */
    public Manifest(int formatVersion, String backupId, String source, String sourceType, String format, Instant started,
                    Instant finished, Instant consistentPoint, boolean full, String baseBackupId, String dataKey, long rawSize,
                    long storedSize, String sha256, List<Frame> frames, List<ManifestEntry> entries,
                    Map<String, String> properties, List<String> warnings, List<StoredObject> extraObjects) {
        this(formatVersion, backupId, source, sourceType, format, started, finished, consistentPoint, full, baseBackupId,
                dataKey, rawSize, storedSize, sha256, frames, entries, properties, warnings, extraObjects, List.of());
    }

    /** A manifest with no extra objects (file trees). */
    public Manifest(int formatVersion, String backupId, String source, String sourceType, String format, Instant started,
                    Instant finished, Instant consistentPoint, boolean full, String baseBackupId, String dataKey, long rawSize,
                    long storedSize, String sha256, List<Frame> frames, List<ManifestEntry> entries,
                    Map<String, String> properties, List<String> warnings) {
        this(formatVersion, backupId, source, sourceType, format, started, finished, consistentPoint, full, baseBackupId,
                dataKey, rawSize, storedSize, sha256, frames, entries, properties, warnings, List.of());
    }

    /** Every stored data object's key: the main one first. */
    public List<String> dataKeys() {
        List<String> keys = new java.util.ArrayList<>();
        keys.add(dataKey);
        extraObjects.forEach(o -> keys.add(o.key()));
        return List.copyOf(keys);
    }
}
