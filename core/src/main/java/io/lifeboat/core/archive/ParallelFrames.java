package io.lifeboat.core.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.lifeboat.core.archive.FrameReader.StoredReadException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consecutive frames of one ranged read, decompressed ahead of the reader: one thread reads their
 * stored bytes in order and hands each frame to the pool of {@link FrameDecoders}; {@link #take()}
 * returns them in order. At most {@link FrameDecoders#inFlight()} frames are read and not yet
 * {@link #done done} with, so memory stays bounded whatever the size of the read.
 *
 * <p>What the stream or a frame's bytes do wrong is carried to the reader with the frame, exactly as
 * {@link FrameReader} would have found it reading sequentially; nothing is thrown on other threads.
 */
final class ParallelFrames {
    private static final long MAX_STORED = Zstd.compressBound(ArchiveOptions.MAX_FRAME_SIZE);

    /** One frame for the reader: its raw bytes, or why there are none. */
    record Decoded(Frame frame, byte[] raw, String problem, boolean ended, StoredReadException failure) {
    }

    private final FrameDecoders decoders;
    private final InputStream stored;
    private final List<Frame> frames;
    private final List<CompletableFuture<Decoded>> results;
    private final Semaphore inFlight;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch fetched = new CountDownLatch(1);
    private final Future<?> fetching;
    private volatile int submitted;
    private int taken;

    ParallelFrames(FrameDecoders decoders, InputStream stored, List<Frame> frames) {
        this.decoders = decoders;
        this.stored = stored;
        this.frames = frames;
        this.results = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            results.add(new CompletableFuture<>());
        }
        this.inFlight = new Semaphore(decoders.inFlight());
        this.fetching = decoders.pool().submit(this::fetch);
    }

    /** The next frame, in order; hand it back with {@link #done} once its bytes are used. */
    Decoded take() throws InterruptedIOException {
        CompletableFuture<Decoded> result = results.get(taken++);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for frame " + frames.get(taken - 1).index());
        } catch (ExecutionException e) {
            throw new IllegalStateException("frames are always completed with a result", e);
        }
    }

    /** Returns a frame's buffer and lets one more frame be read ahead. */
    void done(Decoded d) {
        decoders.recycle(d.raw());
        inFlight.release();
    }

    /**
     * Stops reading ahead, closes {@code storedStream} (to unblock a read in progress), and waits for
     * the reading and decompressing threads to let go of this read's buffers.
     */
    void close(Closeable storedStream) throws IOException {
        boolean running = !started.compareAndSet(false, true);
        fetching.cancel(true);
        try {
            storedStream.close();
        } finally {
            boolean interrupted = false;
            if (running) {
                while (true) {
                    try {
                        fetched.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            for (int i = 0; i < submitted; i++) {
                Decoded d = results.get(i).join();
                if (i >= taken) {
                    decoders.recycle(d.raw());
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On the reading thread: the stored bytes of every frame in order, each handed to the pool. */
    private void fetch() {
        if (!started.compareAndSet(false, true)) {
            return; // closed before it started
        }
        long storedRead = 0;
        boolean ended = false;
        StoredReadException failure = null;
        int i = 0;
        try {
            for (; i < frames.size(); i++) {
                Frame f = frames.get(i);
                if (failure != null) {
                    results.get(i).complete(new Decoded(f, null, null, ended, failure));
                    continue;
                }
                inFlight.acquire();
                try {
                    if (f.rawSize() > ArchiveOptions.MAX_FRAME_SIZE || f.storedSize() > MAX_STORED) {
                        long skipped = skip(f.storedSize());
                        ended |= skipped < f.storedSize();
                        storedRead += skipped;
                        results.get(i).complete(new Decoded(f, null, "frame table entry is implausibly large (raw "
                                + f.rawSize() + ", stored " + f.storedSize() + " bytes)", ended, null));
                        continue;
                    }
                    int size = (int) f.storedSize();
                    byte[] src = decoders.buffer(size);
                    int got = readFully(src, size, storedRead);
                    storedRead += got;
                    if (got < size) {
                        ended = true;
                        decoders.recycle(src);
                        results.get(i).complete(new Decoded(f, null, got == 0
                                ? "missing: the stored object ends at byte " + storedRead
                                : "truncated: the stored object ends " + got + " of " + size + " bytes into it", true, null));
                        continue;
                    }
                    decompressLater(i, f, src, size);
                } catch (StoredReadException e) {
                    failure = e;
                    results.get(i).complete(new Decoded(f, null, null, ended, e));
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody takes the rest
        } catch (RuntimeException | Error e) { // out of memory: the reader must not wait for frames forever
            failure = new StoredReadException(storedRead, new IOException("reading ahead failed: " + e, e));
        } finally {
            submitted = frames.size(); // every frame is now completed, or will be by its decompressing task
            for (int j = i; j < frames.size(); j++) { // no-op for frames already completed
                results.get(j).complete(new Decoded(frames.get(j), null, "not read: the read-ahead stopped", ended, failure));
            }
            fetched.countDown();
        }
    }

    private void decompressLater(int i, Frame f, byte[] src, int size) {
        CompletableFuture<Decoded> result = results.get(i);
        try {
            decoders.pool().execute(() -> {
                byte[] raw = null;
                String problem;
                try {
                    raw = decoders.buffer((int) f.rawSize());
                    problem = decompress(f, src, size, raw);
                } catch (RuntimeException | Error e) {
                    problem = "cannot be decompressed: " + e;
                } finally {
                    decoders.recycle(src);
                }
                if (problem != null) {
                    decoders.recycle(raw);
                    raw = null;
                }
                result.complete(new Decoded(f, raw, problem, false, null));
            });
        } catch (RuntimeException rejected) { // the pool is shut down: the restore is ending
            decoders.recycle(src);
            result.complete(new Decoded(f, null, "cannot be decompressed: " + rejected, false, null));
        }
    }

    private String decompress(Frame f, byte[] src, int size, byte[] raw) {
        long frameSize = Zstd.findFrameCompressedSize(src, 0, size);
        if (Zstd.isError(frameSize)) {
            return "not a zstd frame (" + Zstd.getErrorName(frameSize) + ")";
        }
        if (frameSize != size) {
            return "zstd frame is " + frameSize + " bytes, the frame table says " + size;
        }
        ZstdDecompressCtx ctx = decoders.context();
        try {
            int n = ctx.decompressByteArray(raw, 0, (int) f.rawSize(), src, 0, size);
            return n == f.rawSize() ? null : "decompresses to " + n + " bytes, the frame table says " + f.rawSize();
        } catch (RuntimeException e) {
            return "cannot be decompressed: " + e.getMessage();
        } finally {
            decoders.release(ctx);
        }
    }

    private int readFully(byte[] into, int size, long storedRead) throws StoredReadException {
        int got = 0;
        try {
            while (got < size) {
                int n = stored.read(into, got, size - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (IOException | RuntimeException e) {
            throw new StoredReadException(storedRead + got, e);
        }
        return got;
    }

    private long skip(long want) throws StoredReadException {
        long skipped = 0;
        try {
            while (skipped < want) {
                long n = stored.skip(want - skipped);
                if (n <= 0) {
                    if (stored.read() < 0) {
                        break;
                    }
                    n = 1;
                }
                skipped += n;
            }
        } catch (IOException | RuntimeException e) {
            throw new StoredReadException(skipped, e); // offset within this frame
        }
        return skipped;
    }
}
