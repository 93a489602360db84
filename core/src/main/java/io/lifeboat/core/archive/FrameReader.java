package io.lifeboat.core.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The raw (tar) bytes of consecutive frames, decompressed one frame at a time from a stream of their
 * stored bytes, each checked against the frame table (stored size, raw size, zstd checksum).
 *
 * <p>A frame that cannot be read raises {@link DamagedFrameException} once; the reader is then
 * positioned after it and continues with the next frame, so callers can resynchronise on the next
 * entry they know of. Failures of the stored stream itself are {@link StoredReadException}.
 *
 * <p>Given {@link FrameDecoders}, frames are read and decompressed ahead on other threads
 * ({@link ParallelFrames}) and frames passed over are decompressed too (but not verified: a skipped
 * frame's damage is not reported, as when reading sequentially without {@code verifySkipped}).
 */
final class FrameReader extends InputStream {
    private static final byte[] EMPTY = new byte[0];
    private static final long MAX_STORED = Zstd.compressBound(ArchiveOptions.MAX_FRAME_SIZE);

    private final InputStream stored;
    private final List<Frame> frames;
    private final boolean verifySkipped;
    private final ZstdDecompressCtx zstd;
    private final ParallelFrames ahead;
    private ParallelFrames.Decoded current;
    private byte[] src = EMPTY;
    private byte[] raw = EMPTY;
    private int next;
    private long base;
    private int rawPos;
    private int rawLen;
    private long storedRead;
    private boolean ended;

    /**
     * @param stored        the stored bytes of {@code frames}, starting at the first one's storedOffset
     * @param frames        consecutive frames of the table
     * @param verifySkipped decompress (and so verify) frames that {@link #skipTo} passes over entirely
     */
    FrameReader(InputStream stored, List<Frame> frames, boolean verifySkipped) {
        this.stored = stored;
        this.frames = frames;
        this.verifySkipped = verifySkipped;
        this.base = frames.isEmpty() ? 0 : frames.get(0).rawOffset();
        this.zstd = new ZstdDecompressCtx();
        this.ahead = null;
    }

    /** Reads {@code frames} ahead and decompresses them on {@code decoders}; skipped frames are not verified. */
    FrameReader(InputStream stored, List<Frame> frames, FrameDecoders decoders) {
        this.stored = stored;
        this.frames = frames;
        this.verifySkipped = false;
        this.base = frames.isEmpty() ? 0 : frames.get(0).rawOffset();
        this.zstd = null;
        this.ahead = decoders.open(stored, frames);
    }

    /** Raw offset of the next byte. */
    long position() {
        return base + rawPos;
    }

    /** Whether the stored stream ended before the frame table did. */
    boolean truncated() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        while (rawPos == rawLen) {
            if (!loadNext()) {
                return -1;
            }
        }
        return raw[rawPos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (rawPos == rawLen) {
            if (!loadNext()) {
                return -1;
            }
        }
        int n = Math.min(len, rawLen - rawPos);
        System.arraycopy(raw, rawPos, b, off, n);
        rawPos += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long from = position();
        skipTo(from + Math.max(0, n));
        return position() - from;
    }

    /** Moves forward to raw offset {@code target} (or the end of the frames). */
    void skipTo(long target) throws IOException {
        while (position() < target) {
            if (rawPos < rawLen) {
                rawPos += (int) Math.min(rawLen - rawPos, target - position());
            } else if (next == frames.size()) {
                return;
            } else if (!verifySkipped && frames.get(next).rawEnd() <= target) {
                skipFrame(frames.get(next++));
            } else {
                loadNext();
            }
        }
    }

    @Override
    public void close() throws IOException {
        releaseDecompressor();
        if (ahead == null) {
            stored.close();
            return;
        }
        finishCurrent();
        ahead.close(stored);
    }

    /** Frees the native decompression context; the reader is unusable afterwards. */
    void releaseDecompressor() {
        if (zstd != null) {
            zstd.close();
        }
    }

    private boolean loadNext() throws IOException {
        if (next == frames.size()) {
            return false;
        }
        if (ahead != null) {
            return loadAhead();
        }
        Frame f = frames.get(next++);
        rawPos = 0;
        rawLen = 0;
        base = f.rawOffset();
        if (f.rawSize() > ArchiveOptions.MAX_FRAME_SIZE || f.storedSize() > MAX_STORED) {
            skipFrame(f);
            throw new DamagedFrameException(f, "frame table entry is implausibly large (raw "
                    + f.rawSize() + ", stored " + f.storedSize() + " bytes)");
        }
        int size = (int) f.storedSize();
        if (src.length < size) {
            src = new byte[size];
        }
        int got = readStored(src, size);
        if (got < size) {
            ended = true;
            base = f.rawEnd();
            throw new DamagedFrameException(f, got == 0
                    ? "missing: the stored object ends at byte " + storedRead
                    : "truncated: the stored object ends " + got + " of " + size + " bytes into it");
        }
        if (raw.length < f.rawSize()) {
            raw = new byte[(int) f.rawSize()];
        }
        String problem = decompress(f, size);
        if (problem != null) {
            base = f.rawEnd();
            throw new DamagedFrameException(f, problem);
        }
        rawLen = (int) f.rawSize();
        return true;
    }

    /** {@link #loadNext()} from the frames read ahead: the same outcomes, found on other threads. */
    private boolean loadAhead() throws IOException {
        finishCurrent();
        Frame f = frames.get(next++);
        base = f.rawOffset();
        ParallelFrames.Decoded d = ahead.take();
        if (d.failure() != null || d.problem() != null) {
            ahead.done(d);
            ended |= d.ended();
            base = f.rawEnd();
            if (d.failure() != null) {
                throw d.failure();
            }
            throw new DamagedFrameException(f, d.problem());
        }
        current = d;
        raw = d.raw();
        rawLen = (int) f.rawSize();
        return true;
    }

    /** Hands the frame being read back to the read-ahead. */
    private void finishCurrent() {
        rawPos = 0;
        rawLen = 0;
        raw = EMPTY;
        if (current != null) {
            ahead.done(current);
            current = null;
        }
    }

    private String decompress(Frame f, int size) {
        try {
            long frameSize = Zstd.findFrameCompressedSize(src, 0, size);
            if (Zstd.isError(frameSize)) {
                return "not a zstd frame (" + Zstd.getErrorName(frameSize) + ")";
            }
            if (frameSize != size) {
                return "zstd frame is " + frameSize + " bytes, the frame table says " + size;
            }
            int n = zstd.decompressByteArray(raw, 0, (int) f.rawSize(), src, 0, size);
            return n == f.rawSize() ? null
                    : "decompresses to " + n + " bytes, the frame table says " + f.rawSize();
        } catch (RuntimeException e) {
            return "cannot be decompressed: " + e.getMessage();
        }
    }

    private void skipFrame(Frame f) throws IOException {
        rawPos = 0;
        rawLen = 0;
        base = f.rawEnd();
        if (ahead != null) {
            finishCurrent();
            ParallelFrames.Decoded d = ahead.take();
            ahead.done(d);
            ended |= d.ended();
            if (d.failure() != null) {
                throw d.failure();
            }
            return;
        }
        long want = f.storedSize();
        try {
            long skipped = 0;
            while (skipped < want) {
                long n = stored.skip(want - skipped);
                if (n <= 0) {
                    if (stored.read() < 0) {
                        ended = true;
                        break;
                    }
                    n = 1;
                }
                skipped += n;
            }
            storedRead += skipped;
        } catch (IOException | RuntimeException e) {
            throw new StoredReadException(storedRead, e);
        }
    }

    private int readStored(byte[] into, int size) throws IOException {
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
        storedRead += got;
        return got;
    }

    /** A frame that is missing, truncated or does not decompress to what the frame table says. */
    static final class DamagedFrameException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient Frame frame;
        final String detail;

        DamagedFrameException(Frame frame, String detail) {
            super("frame " + frame.index() + " is unreadable: " + detail);
            this.frame = frame;
            this.detail = detail;
        }
    }

    /** Reading the stored stream itself failed (network, disk): not a property of the archive. */
    static final class StoredReadException extends IOException {
        private static final long serialVersionUID = 1L;

        StoredReadException(long at, Exception cause) {
            super("reading the stored object failed " + at + " bytes into the read: " + cause.getMessage(), cause);
        }
    }
}
