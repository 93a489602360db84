package io.lifeboat.backup.database;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a dump recorded, for the manifest.
 *
 * @param consistentPoint server time at the dump's snapshot, as reported by the server
 * @param rowEstimates    per table, taken at dump time (keys as in {@link DatabaseEngine#rowCounts})
 * @param format          {@code pg_dump-custom}, {@code mysqldump-sql} or {@code h2-script}
 */
public record DumpInfo(String toolVersion, String serverVersion, Instant consistentPoint,
        Map<String, Long> rowEstimates, String format) {
    public DumpInfo {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(consistentPoint, "consistentPoint");
        Objects.requireNonNull(format, "format");
        rowEstimates = Map.copyOf(rowEstimates);
    }
}
