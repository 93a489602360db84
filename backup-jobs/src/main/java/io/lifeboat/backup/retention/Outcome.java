package io.lifeboat.backup.retention;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What retention did (or, in a dry run, would do) with one backup.
 *
 * @param bytes     bytes deleted (dry run: stored in its copies); 0 for a kept backup
 * @param deletedIn targets whose copy was deleted (dry run: would be)
 * @param refused   targets that kept their copy, with the reason (Object Lock, unreachable...)
 */
public record Outcome(Decision decision, long bytes, List<String> deletedIn, Map<String, String> refused) {
    public Outcome {
        Objects.requireNonNull(decision, "decision");
        deletedIn = List.copyOf(deletedIn);
        refused = Map.copyOf(refused);
    }

    static Outcome kept(Decision d) {
        return new Outcome(d, 0, List.of(), Map.of());
    }
}
