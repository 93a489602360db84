package io.lifeboat.verifier;

import java.time.Duration;
import java.util.List;

/**
 * The verification of one copy of a backup at one level. {@code note} says what was not checked and
 * why (an archived copy that cannot be read back without a retrieval), or is null.
 */
public record CopyResult(String target, int level, List<Finding> findings, Duration duration, String note) {
    public CopyResult {
        findings = List.copyOf(findings);
    }

    public CopyResult(String target, int level, List<Finding> findings, Duration duration) {
        this(target, level, findings, duration, null);
    }

    public boolean passed() {
        return findings.isEmpty();
    }
}
