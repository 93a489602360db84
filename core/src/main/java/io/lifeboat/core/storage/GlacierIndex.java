package io.lifeboat.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a Glacier vault cannot tell quickly, kept outside it (in the catalog): which archive holds
 * which key, and the bytes of small objects (manifests) so that they can be read without a
 * retrieval. Each archive's description is its key too, so a vault inventory can rebuild this.
 */
public interface GlacierIndex {
    /** One archive. {@code body} is the object's bytes when it was small enough to keep, else null. */
    record Entry(String target, String key, String archiveId, long size, String treeHash, Instant created, byte[] body) {
        public ObjectInfo info() {
            return new ObjectInfo(key, size, created, body == null);
        }
    }

    /** Adds or replaces the entry of {@code (target, key)}; returns the archive id replaced, if any. */
    Optional<String> put(Entry entry);

    Optional<Entry> get(String target, String key);

    /** Every entry of the target whose key starts with {@code prefix}, sorted by key. */
    List<Entry> list(String target, String prefix);

    void remove(String target, String key);
}
