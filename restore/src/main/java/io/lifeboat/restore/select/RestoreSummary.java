package io.lifeboat.restore.select;

import io.lifeboat.core.archive.RestoreReport.Problem;
import java.time.Duration;
import java.util.List;

/**
 * What a restore over one or more backups did.
 *
 * @param backupsUsed  ids of the backups data was read from, oldest first
 * @param targetsUsed  the targets read from
 * @param bytesFetched stored bytes read from targets
 * @param bytesStored  stored bytes of every backup considered
 * @param notices      things the operator should know (fallbacks to another copy)
 */
public record RestoreSummary(List<String> backupsUsed, List<String> targetsUsed, long files, long bytes, long bytesFetched,
                             long bytesStored, Duration duration, List<Problem> refused, List<Problem> failed,
                             List<String> notices) {
    public RestoreSummary {
        backupsUsed = List.copyOf(backupsUsed);
        targetsUsed = List.copyOf(targetsUsed);
        refused = List.copyOf(refused);
        failed = List.copyOf(failed);
        notices = List.copyOf(notices);
    }

    public boolean complete() {
        return refused.isEmpty() && failed.isEmpty();
    }
}
