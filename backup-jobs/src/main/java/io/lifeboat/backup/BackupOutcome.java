package io.lifeboat.backup;

import io.lifeboat.core.catalog.BackupRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one backup run did, for the command line and the daemon.
 *
 * @param copyErrors per target that failed to receive its copy, the reason
 */
public record BackupOutcome(BackupRecord record, Duration duration, List<String> warnings, Map<String, String> copyErrors) {
    public BackupOutcome {
        warnings = List.copyOf(warnings);
        copyErrors = Map.copyOf(copyErrors);
    }

    /** Bytes read from the source per byte stored, as {@code du -b SOURCE / size of tar.zst}. */
    public double compressionRatio() {
        return record.storedBytes() == 0 ? 0 : (double) record.bytesIn() / record.storedBytes();
    }
}
