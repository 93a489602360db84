package io.lifeboat.backup.database;

import java.io.IOException;
import java.io.OutputStream;

/** Output streams that misbehave after a number of bytes, for killed / interrupted / failing dumps. */
final class StreamTricks {
    private StreamTricks() {
    }

    /** Counts bytes; runs {@code action} once, when {@code after} bytes have passed. */
    static OutputStream after(long after, IoAction action) {
        return new OutputStream() {
            private long count;
            private boolean fired;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count += len;
                if (!fired && count >= after) {
                    fired = true;
                    action.run();
                }
            }
        };
    }

    interface IoAction {
        void run() throws IOException;
    }
}
