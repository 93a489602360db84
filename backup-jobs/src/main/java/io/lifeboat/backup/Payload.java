package io.lifeboat.backup;

import io.lifeboat.core.archive.ArchiveSummary;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a source wrote into its first target: the main data object (committed), any extra objects,
 * and what goes into the manifest about them.
 */
record Payload(
        String format,
        ArchiveSummary summary,
        List<ManifestEntry> entries,
        List<StoredObject> extraObjects,
        List<String> warnings,
        long files,
        long bytesIn,
        Instant consistentPoint,
        Map<String, String> properties) {

    Payload {
        entries = List.copyOf(entries);
        extraObjects = List.copyOf(extraObjects);
        warnings = List.copyOf(warnings);
        properties = Map.copyOf(properties);
    }
}
