package io.lifeboat.backup.retention;

import java.util.List;
import java.util.Objects;

/**
 * Retention of one source: every decision, newest first.
 *
 * @param policy the policy as configured, or null when the source has none (everything is kept)
 */
public record SourceReport(String source, String policy, boolean dryRun, List<Outcome> outcomes) {
    public SourceReport {
        Objects.requireNonNull(source, "source");
        outcomes = List.copyOf(outcomes);
    }

    public List<Outcome> kept() {
        return outcomes.stream().filter(o -> o.decision().keep()).toList();
    }

    public List<Outcome> expired() {
        return outcomes.stream().filter(o -> !o.decision().keep()).toList();
    }

    public long bytesFreed() {
        return outcomes.stream().mapToLong(Outcome::bytes).sum();
    }

    /** Whether some copy could not be deleted. */
    public boolean incomplete() {
        return outcomes.stream().anyMatch(o -> !o.refused().isEmpty());
    }
}
