package io.lifeboat.core.archive;

import java.util.List;
import java.util.Objects;

/**
 * What a restore did.
 *
 * @param files        regular files restored
 * @param bytes        content bytes of those files
 * @param bytesFetched stored (compressed) bytes read from the target
 * @param restored     paths restored (files, directories, symlinks, hard links), in archive order
 * @param refused      entries not restored for safety (paths escaping the directory, existing files
 *                     without overwrite, ...)
 * @param failed       entries that could not be restored (unreadable frames, checksum mismatches, ...)
 */
public record RestoreReport(long files, long bytes, long bytesFetched, List<String> restored,
                            List<Problem> refused, List<Problem> failed) {
    public RestoreReport {
        restored = List.copyOf(restored);
        refused = List.copyOf(refused);
        failed = List.copyOf(failed);
    }

    /** Everything selected was restored. */
    public boolean complete() {
        return refused.isEmpty() && failed.isEmpty();
    }

    /** One entry not restored, and why. */
    public record Problem(String path, String reason) {
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }
}
