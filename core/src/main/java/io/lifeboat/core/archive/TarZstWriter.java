package io.lifeboat.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes a file tree as a pax tar stream into a {@link FramedZstdOutputStream}: {@code zstd -d | tar -x}
 * reads the result whole, and each returned {@link ManifestEntry} says where the entry lies (raw
 * offsets, frame) so that it can be restored alone.
 *
 * <p>File content is read straight into the frame buffer and hashed there (sha256), in chunks small
 * enough to stay in the CPU cache; the writing thread reads and hashes while others compress. Paths are relative and '/'-separated; a directory gets its
 * trailing '/' in the tar only.
 *
 * <p>Content that ends early is padded with zeros, content longer than announced is cut; both mark
 * the entry {@code changed} and add a line to {@link #warnings()}; the sha256 is of what was stored.
 * A failing read of the content is handled the same way (the archive stays well-formed); failures
 * writing the archive throw.
 */
public final class TarZstWriter implements AutoCloseable {
    /** The manifest {@code format} of a tar+zstd file backup. */
    public static final String FORMAT = "tar+zstd";
    private static final int READ_CHUNK = 256 * 1024;
    private static final byte[] ZEROS = new byte[TarHeaders.BLOCK * 2];

    private final FramedZstdOutputStream frames;
    private final TarHeaders headers = new TarHeaders();
    private final MessageDigest sha = Digests.sha256();
    private final List<String> warnings = new ArrayList<>();
    private ArchiveSummary summary;

    public TarZstWriter(OutputStream out, ArchiveOptions options) {
        this.frames = new FramedZstdOutputStream(out, options);
    }

    public ManifestEntry addDirectory(String path, Instant mtime, int mode) throws IOException {
        checkPath(path);
        long header = frames.rawPosition();
        int frame = frames.currentFrameIndex();
        writeHeader(path + "/", TarHeaders.DIRECTORY, 0, mtime, mode, null);
        return new ManifestEntry(path, EntryType.DIRECTORY, 0, mtime, mode, null, null,
                header, frames.rawPosition(), frame, false);
    }

    public ManifestEntry addSymlink(String path, String linkTarget, Instant mtime, int mode) throws IOException {
        checkPath(path);
        if (linkTarget == null || linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad symlink target for " + path + ": '" + linkTarget + "'");
        }
        long header = frames.rawPosition();
        int frame = frames.currentFrameIndex();
        writeHeader(path, TarHeaders.SYMLINK, 0, mtime, mode, linkTarget);
        return new ManifestEntry(path, EntryType.SYMLINK, 0, mtime, mode, null, linkTarget,
                header, frames.rawPosition(), frame, false);
    }

    /**
     * Stores exactly {@code size} bytes of {@code content} (which the caller closes) as a regular file.
     */
    public ManifestEntry addFile(String path, long size, Instant mtime, int mode, InputStream content)
            throws IOException {
        checkPath(path);
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + path);
        }
        long header = frames.rawPosition();
        int frame = frames.currentFrameIndex();
        writeHeader(path, TarHeaders.REGULAR, size, mtime, mode, null);
        long data = frames.rawPosition();
        sha.reset();
        IOException readError = null;
        long copied = 0;
        while (copied < size) {
            byte[] b = frames.fillBuffer();
            int off = frames.fillPosition();
            int want = (int) Math.min(Math.min(frames.fillSpace(), READ_CHUNK), size - copied);
            int n;
            try {
                n = content.read(b, off, want);
            } catch (IOException e) {
                readError = e;
                break;
            }
            if (n < 0) {
                break;
            }
            sha.update(b, off, n);
            frames.filled(n);
            copied += n;
        }
        boolean changed = copied < size || readError == null && hasMore(content);
        if (copied < size) {
            zeros(size - copied, true);
            warnings.add(path + ": " + (readError != null
                    ? "reading failed after " + copied + " of " + size + " bytes (" + readError.getMessage() + ")"
                    : "shrank while read: " + copied + " of " + size + " bytes") + "; the rest is stored as zeros");
        } else if (changed) {
            warnings.add(path + ": grew while read; the first " + size + " bytes are stored");
        }
        zeros(TarHeaders.roundUp(size) - size, false);
        return new ManifestEntry(path, EntryType.FILE, size, mtime, mode, Digests.hex(sha), null,
                header, data, frame, changed);
    }

    /** One line per file that changed or failed while it was read, for the manifest's warnings. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Raw (tar) bytes written so far. */
    public long rawPosition() {
        return frames.rawPosition();
    }

    /** Writes the end-of-archive blocks and the last frame; does not close the output. Idempotent. */
    public ArchiveSummary finish() throws IOException {
        if (summary == null) {
            frames.write(ZEROS, 0, ZEROS.length);
            summary = frames.finish();
        }
        return summary;
    }

    /** Releases threads and buffers; without {@link #finish()} the archive is abandoned. */
    @Override
    public void close() {
        frames.close();
    }

    private void writeHeader(String name, byte type, long size, Instant mtime, int mode, String link)
            throws IOException {
        Objects.requireNonNull(mtime, "mtime");
        headers.encode(name, type, size, mtime.getEpochSecond(), mode, link);
        frames.write(headers.bytes(), 0, headers.length());
    }

    private static boolean hasMore(InputStream content) {
        try {
            return content.read() >= 0;
        } catch (IOException e) {
            return false; // what we stored is complete; a failure past the announced end does not matter
        }
    }

    /** Writes {@code count} zero bytes straight into the frame buffer, hashing them if asked. */
    private void zeros(long count, boolean hash) throws IOException {
        while (count > 0) {
            byte[] b = frames.fillBuffer();
            int off = frames.fillPosition();
            int n = (int) Math.min(frames.fillSpace(), count);
            Arrays.fill(b, off, off + n, (byte) 0);
            if (hash) {
                sha.update(b, off, n);
            }
            frames.filled(n);
            count -= n;
        }
    }

    static void checkPath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")
                || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a relative archive path: '" + path + "'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a normalized archive path: '" + path + "'");
            }
        }
    }
}
