package io.lifeboat.verifier;

import java.time.Duration;
import java.util.List;

/** The verification of one copy of a backup at one level. */
public record CopyResult(String target, int level, List<Finding> findings, Duration duration) {
    public CopyResult {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }
}
