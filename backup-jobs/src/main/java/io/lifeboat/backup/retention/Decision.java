package io.lifeboat.backup.retention;

import io.lifeboat.core.catalog.BackupRecord;
import java.util.List;
import java.util.Objects;

/**
 * What retention does with one backup, and why: {@code newest, daily 2026-11-20}, {@code base of kept
 * 20261121T...}, {@code expired: older than every bucket}.
 */
public record Decision(BackupRecord backup, boolean keep, List<String> reasons) {
    public Decision {
        Objects.requireNonNull(backup, "backup");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision needs a reason: " + backup.id());
        }
    }

    public String reason() {
        return String.join(", ", reasons);
    }
}
