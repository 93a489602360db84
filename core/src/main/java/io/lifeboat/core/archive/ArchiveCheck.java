package io.lifeboat.core.archive;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveFinding.FrameMismatch;
import io.lifeboat.core.archive.ArchiveFinding.ObjectMismatch;
import io.lifeboat.core.archive.ArchiveFinding.OffsetMismatch;
import io.lifeboat.core.archive.FrameReader.StoredReadException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Level-2 verification of a tar+zstd backup: streams the whole stored object once, decompresses it
 * frame by frame against the frame table, walks the tar and compares every entry with the manifest
 * (type, size, sha256, link target, offsets), and checks the object's size and sha256. For other
 * framed formats (a manifest {@code format} other than {@value TarZstWriter#FORMAT}, e.g. database
 * dumps written through {@link FramedZstdOutputStream}) it checks the frames and the object only.
 *
 * <p>Bad data never throws: it becomes {@link ArchiveFinding}s. It throws only when it cannot run:
 * {@link ErrorCode#TARGET_IO} when reading the stored stream fails.
 */
public final class ArchiveCheck {
    private ArchiveCheck() {
    }

    /** Findings, empty when the stored object matches the manifest; does not close {@code storedObject}. */
    public static List<ArchiveFinding> check(Manifest manifest, InputStream storedObject) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(storedObject, "storedObject");
        List<ArchiveFinding> findings = new ArrayList<>();
        long tableStored = checkTable(manifest, findings);
        Hashing stored = new Hashing(storedObject);
        FrameReader reader = new FrameReader(stored, manifest.frames(), true);
        try {
            if (manifest.frames().isEmpty()) {
                // nothing to walk
            } else if (manifest.format() == null || manifest.format().equals(TarZstWriter.FORMAT)) {
                new CheckWalk(manifest, reader, findings).run();
            } else {
                checkFramesOnly(reader, findings);
            }
            long trailing = stored.drain(tableStored);
            if (trailing > 0) {
                findings.add(new ObjectMismatch(trailing + " bytes follow the last frame"));
            }
        } catch (StoredReadException e) {
            if (e.getCause() instanceof LifeboatException cause) {
                throw cause;
            }
            throw new LifeboatException(ErrorCode.TARGET_IO, "cannot verify backup " + manifest.backupId()
                    + ": " + e.getMessage(), e.getCause());
        } finally {
            reader.releaseDecompressor();
        }
        if (stored.count != manifest.storedSize()) {
            findings.add(new ObjectMismatch("size is " + stored.count + " bytes, the manifest says " + manifest.storedSize()));
        }
        String sha256 = Digests.hex(stored.sha);
        if (!sha256.equals(manifest.sha256())) {
            findings.add(new ObjectMismatch("sha256 is " + sha256 + ", the manifest says " + manifest.sha256()));
        }
        return List.copyOf(findings);
    }

    /** For framed streams that are not tar (database dumps): every frame must decompress as the table says. */
    private static void checkFramesOnly(FrameReader reader, List<ArchiveFinding> findings) throws StoredReadException {
        while (!reader.truncated()) {
            try {
                reader.skipTo(Long.MAX_VALUE);
                return;
            } catch (FrameReader.DamagedFrameException d) {
                findings.add(new FrameMismatch(d.frame.index(), d.detail));
            } catch (StoredReadException e) {
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException("frame reader failed unexpectedly", e);
            }
        }
    }

    /** Checks that the frame table is contiguous and covers the entries; returns its stored size. */
    private static long checkTable(Manifest m, List<ArchiveFinding> findings) {
        List<Frame> frames = m.frames();
        if (frames.isEmpty()) {
            findings.add(new FrameMismatch(0, "the manifest has no frame table; the archive cannot be walked"));
            return 0;
        }
        long raw = 0;
        long stored = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f.index() != i || f.rawOffset() != raw || f.storedOffset() != stored) {
                findings.add(new FrameMismatch(i, "frame table is not contiguous: entry " + f
                        + " after raw " + raw + ", stored " + stored));
            }
            raw = f.rawEnd();
            stored = f.storedOffset() + f.storedSize();
        }
        if (raw != m.rawSize()) {
            findings.add(new ObjectMismatch("frames hold " + raw + " raw bytes, the manifest says " + m.rawSize()));
        }
        for (ManifestEntry e : m.entries()) {
            int actual = frameAt(frames, e.headerOffset());
            if (actual != e.frame()) {
                findings.add(new OffsetMismatch(e.path(), "frame", e.frame(), actual));
            }
        }
        return stored;
    }

    /** Index of the frame holding raw offset {@code offset}, or -1. */
    static int frameAt(List<Frame> frames, long offset) {
        int lo = 0;
        int hi = frames.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Frame f = frames.get(mid);
            if (offset < f.rawOffset()) {
                hi = mid - 1;
            } else if (offset >= f.rawEnd()) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Counts and hashes everything read through it; never closes the caller's stream. */
    private static final class Hashing extends InputStream {
        private final InputStream in;
        private final MessageDigest sha = Digests.sha256();
        private long count;

        Hashing(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sha.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                sha.update(b, off, n);
                count += n;
            }
            return n;
        }

        /** Reads to the end; returns how many bytes lay beyond {@code expectedEnd}. */
        long drain(long expectedEnd) throws StoredReadException {
            byte[] buf = new byte[64 * 1024];
            try {
                while (read(buf, 0, buf.length) >= 0) {
                    // hashing
                }
            } catch (IOException | RuntimeException e) {
                throw new StoredReadException(count, e);
            }
            return Math.max(0, count - expectedEnd);
        }

        @Override
        public void close() {
        }
    }
}
