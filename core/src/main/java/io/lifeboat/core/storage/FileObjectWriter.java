package io.lifeboat.core.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes into a partial file; commit = fsync + atomic rename + fsync of the folder. While writing, every
 * {@value #SYNC_EVERY} bytes start an fsync in the background, so the disk works while we compress and
 * the commit's fsync only has the tail left (on 800 MB the final fsync alone took 1.5-2 s otherwise).
 */
final class FileObjectWriter implements ObjectWriter {
    private static final Logger log = LoggerFactory.getLogger(FileObjectWriter.class);
    private static final int BUFFER = 256 * 1024;
    static final long SYNC_EVERY = 32L * 1024 * 1024;
    private static final java.util.concurrent.ExecutorService SYNCER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lifeboat-fsync");
        t.setDaemon(true);
        return t;
    });

    private enum State { OPEN, COMMITTED, ABORTED }

    private final FileTarget target;
    private final String key;
    private final Path partial;
    private final Path dest;
    private final FileChannel channel;
    private final Stream stream = new Stream();
    private State state = State.OPEN;
    private long unsynced;
    private java.util.concurrent.Future<?> syncing;
    private volatile IOException syncError;

    FileObjectWriter(FileTarget target, String key, Path partial, Path dest, FileChannel channel) {
        this.target = target;
        this.key = key;
        this.partial = partial;
        this.dest = dest;
        this.channel = channel;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public ObjectInfo commit() {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer of '" + key + "' is already " + state.name().toLowerCase());
        }
        try {
            stream.flushBuffer();
            awaitBackgroundSync();
            channel.force(true);
            channel.close();
            moveIntoPlace();
            syncDirectory(dest.getParent());
            state = State.COMMITTED;
            return FileTarget.info(key, Files.readAttributes(dest, BasicFileAttributes.class));
        } catch (IOException e) {
            abort();
            throw target.ioError("commit", key, e);
        }
    }

    @Override
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        try {
            channel.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            log.warn("{}: could not remove partial file {} of '{}' (the next sweep will): {}",
                    target.describe(), partial, key, e.toString());
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** Starts an fsync of what is written so far unless one is still running. */
    private void syncInBackground() {
        if (syncing != null && !syncing.isDone()) {
            return;
        }
        unsynced = 0;
        syncing = SYNCER.submit(() -> {
            try {
                channel.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // aborted meanwhile
            } catch (IOException e) {
                syncError = e;
            }
        });
    }

    private void awaitBackgroundSync() throws IOException {
        if (syncing != null) {
            try {
                syncing.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while syncing '" + key + "'");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
        if (syncError != null) {
            // Linux reports a write-back error to one fsync only: the background one saw it, so fail here.
            throw syncError;
        }
    }

    /** A concurrent delete may prune the empty parent folder between creating it and the rename. */
    private void moveIntoPlace() throws IOException {
        for (int attempt = 1; ; attempt++) {
            Files.createDirectories(dest.getParent());
            try {
                Files.move(partial, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (NoSuchFileException e) {
                if (!Files.exists(partial)) {
                    throw new NoSuchFileException(partial.toString(), null,
                            "partial file is gone (removed by a debris sweep?)");
                }
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
        }
    }

    /** Buffers writes; closing it flushes but does not commit. */
    private final class Stream extends OutputStream {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            ensureOpen();
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            while (len > 0) {
                if (!buffer.hasRemaining()) {
                    flushBuffer();
                }
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (state == State.OPEN) {
                flushBuffer();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
            closed = true;
        }

        void flushBuffer() throws IOException {
            buffer.flip();
            unsynced += buffer.remaining();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
            if (unsynced >= SYNC_EVERY) {
                syncInBackground();
            }
        }

        private void ensureOpen() throws IOException {
            if (closed || state != State.OPEN) {
                throw new IOException("writer of '" + key + "' in " + target.describe() + " is "
                        + (closed ? "closed" : state.name().toLowerCase()));
            }
        }
    }
}
