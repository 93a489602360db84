package io.lifeboat.backup.database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last bytes written to it (a ring buffer); thread-safe. For a tool's stderr. */
final class OutputTail {
    static final int DEFAULT_LIMIT = 64 * 1024;

    private final byte[] ring;
    private long total;

    OutputTail(int limit) {
        this.ring = new byte[limit];
    }

    synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) (total++ % ring.length)] = b[off + i];
        }
    }

    /** Reads {@code in} to its end into this tail. */
    void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            write(buf, 0, n);
        }
    }

    synchronized String text() {
        if (total <= ring.length) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8).strip();
        }
        int start = (int) (total % ring.length);
        byte[] ordered = new byte[ring.length];
        System.arraycopy(ring, start, ordered, 0, ring.length - start);
        System.arraycopy(ring, 0, ordered, ring.length - start, start);
        return "[... first " + (total - ring.length) + " bytes cut]\n"
                + new String(ordered, StandardCharsets.UTF_8).strip();
    }
}
