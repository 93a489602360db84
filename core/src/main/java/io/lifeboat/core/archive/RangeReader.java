package io.lifeboat.core.archive;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ranged reads of one stored object; callers bind it to {@code target.openRange(key, ...)} of the
 * data key.
 */
@FunctionalInterface
public interface RangeReader {
    /** Opens {@code length} bytes of the object starting at {@code offset}. */
    InputStream open(long offset, long length) throws IOException;
}
