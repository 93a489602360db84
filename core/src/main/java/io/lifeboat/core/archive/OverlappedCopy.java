package io.lifeboat.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Copies a file's content from an archive into a file and returns its sha256, hashing on a second
 * thread while this one writes: on a full restore the writing thread is the bottleneck, and hashing
 * alone took a fifth of its time. Chunks go through a small pool of buffers, in order; a file no
 * bigger than one chunk is hashed in place (no hand-off). The hashing thread ends itself when idle.
 * One instance serves one restoring thread.
 */
final class OverlappedCopy {
    static final int CHUNK = 256 * 1024;
    private static final int BUFFERS = 4;

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final MessageDigest sha = Digests.sha256();
    private final ThreadPoolExecutor hasher = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "lifeboat-restore-sha256");
                t.setDaemon(true);
                return t;
            });

    OverlappedCopy() {
        hasher.allowCoreThreadTimeOut(true);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[CHUNK]);
        }
    }

    /** Copies exactly {@code size} bytes of {@code content} into {@code out}; returns their sha256 (hex). */
    String copy(InputStream content, FileChannel out, long size) throws IOException {
        if (size <= CHUNK) {
            return copyInPlace(content, out, size);
        }
        Future<?> reset = hasher.submit(sha::reset);
        long copied = 0;
        IOException failure = null;
        try {
            while (copied < size) {
                byte[] chunk = take();
                int n = readFully(content, chunk, (int) Math.min(CHUNK, size - copied));
                if (n <= 0) {
                    free.add(chunk);
                    break;
                }
                write(out, chunk, n);
                copied += n;
                hasher.submit(() -> {
                    sha.update(chunk, 0, n);
                    free.add(chunk);
                });
            }
        } catch (IOException e) {
            failure = e;
        }
        Future<String> digest = hasher.submit(() -> Digests.hex(sha));
        String hex = await(digest);
        await(reset);
        if (failure != null) {
            throw failure;
        }
        if (copied != size) {
            throw new IOException("the archive holds only " + copied + " of its " + size + " bytes");
        }
        return hex;
    }

    private String copyInPlace(InputStream content, FileChannel out, long size) throws IOException {
        byte[] chunk = take();
        try {
            int n = readFully(content, chunk, (int) size);
            if (n != size) {
                throw new IOException("the archive holds only " + Math.max(n, 0) + " of its " + size + " bytes");
            }
            write(out, chunk, n);
            MessageDigest md = Digests.sha256();
            md.update(chunk, 0, n);
            return Digests.hex(md);
        } finally {
            free.add(chunk);
        }
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int filled = 0;
        while (filled < len) {
            int n = in.read(b, filled, len - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    private static void write(FileChannel out, byte[] chunk, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private byte[] take() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        }
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("restore interrupted");
        } catch (ExecutionException e) {
            throw new IOException("hashing the restored content failed: " + e.getCause(), e.getCause());
        }
    }
}
