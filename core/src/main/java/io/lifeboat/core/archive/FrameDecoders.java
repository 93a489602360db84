package io.lifeboat.core.archive;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads and native decompression contexts of one restore, shared by its slices: one thread
 * per slice reads the stored bytes in order (a ranged read is one stream) and {@code threads}
 * threads decompress frames, so a restore reads, decompresses and extracts at the same time. The
 * reverse of {@link FramedZstdOutputStream}, which compresses on a pool and writes in order.
 *
 * <p>{@link #close()} releases threads and contexts; every {@link ParallelFrames} opened from it
 * must be closed first.
 */
final class FrameDecoders implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;
    private final ConcurrentLinkedQueue<ZstdDecompressCtx> contexts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private boolean closed;

    FrameDecoders(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        String name = "lifeboat-unzstd-" + POOLS.incrementAndGet();
        AtomicInteger id = new AtomicInteger();
        // the decompressing threads and, as one long task per slice, the thread reading stored bytes
        this.pool = Executors.newFixedThreadPool(threads + 1, r -> {
            Thread t = new Thread(r, name + "-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** As many decompressing threads as the machine has processors. */
    static FrameDecoders forMachine() {
        return new FrameDecoders(Runtime.getRuntime().availableProcessors());
    }

    /** Frames decompressed ahead of the reader: every thread busy, and one ready for the reader. */
    int inFlight() {
        return threads + 2;
    }

    /** Starts reading and decompressing {@code frames} from {@code stored} (positioned at the first one). */
    ParallelFrames open(InputStream stored, List<Frame> frames) {
        return new ParallelFrames(this, stored, frames);
    }

    ExecutorService pool() {
        return pool;
    }

    ZstdDecompressCtx context() {
        ZstdDecompressCtx ctx = contexts.poll();
        return ctx != null ? ctx : new ZstdDecompressCtx();
    }

    void release(ZstdDecompressCtx ctx) {
        contexts.add(ctx);
    }

    /** A buffer of at least {@code size} bytes, reused when one is free. */
    byte[] buffer(int size) {
        for (int tries = 0; tries < 4; tries++) {
            byte[] b = free.poll();
            if (b == null) {
                break;
            }
            if (b.length >= size) {
                return b;
            }
        }
        return new byte[size];
    }

    void recycle(byte[] b) {
        if (b != null && b.length > 0 && free.size() < 4 * inFlight()) {
            free.add(b);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                return; // a thread is stuck in native code: leak the contexts rather than free them under it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (ZstdDecompressCtx ctx; (ctx = contexts.poll()) != null; ) {
            ctx.close();
        }
        free.clear();
    }
}
