package io.lifeboat.core.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Shared helpers of the archive tests: writing trees, snapshots of trees, manifests, ranged reads. */
final class ArchiveFixtures {
    static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    static final ArchiveOptions SMALL_FRAMES = new ArchiveOptions(64 * 1024, 3, 2);

    private ArchiveFixtures() {
    }

    /** A stored archive and its manifest. */
    record Written(byte[] stored, Manifest manifest, List<String> warnings) {
    }

    /** Writes {@code dir} (sorted walk) with {@link TarZstWriter}. */
    static Written write(Path dir, ArchiveOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ManifestEntry> entries = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        try (TarZstWriter writer = new TarZstWriter(out, options)) {
            for (Path p : paths) {
                String rel = dir.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
                Instant mtime = a.lastModifiedTime().toInstant();
                int mode = mode(p);
                if (a.isSymbolicLink()) {
                    entries.add(writer.addSymlink(rel, Files.readSymbolicLink(p).toString(), mtime, mode));
                } else if (a.isDirectory()) {
                    entries.add(writer.addDirectory(rel, mtime, mode));
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        entries.add(writer.addFile(rel, a.size(), mtime, mode, in));
                    }
                }
            }
            ArchiveSummary summary = writer.finish();
            return new Written(out.toByteArray(), manifest(entries, summary), writer.warnings());
        }
    }

    static Manifest manifest(List<ManifestEntry> entries, ArchiveSummary s) {
        Instant t = Instant.parse("2024-03-01T01:00:00Z");
        return new Manifest(Manifest.FORMAT_VERSION, "20240301T010000Z-1a2b3c4d", "files", "directory", "tar+zstd",
                t, t.plusSeconds(60), t, true, null, "files/2024/03/01/20240301T010000Z-1a2b3c4d/data.tar.zst",
                s.rawSize(), s.storedSize(), s.sha256(), s.frames(), entries, Map.of("zstd", "1.5.7"), List.of());
    }

    /** A manifest for a hand-built tar: offsets found by reading it back, frames from compressing it. */
    static Written compressHandBuilt(byte[] tar, ArchiveOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveSummary summary;
        try (FramedZstdOutputStream z = new FramedZstdOutputStream(out, options)) {
            z.write(tar);
            summary = z.finish();
        }
        List<ManifestEntry> entries = new ArrayList<>();
        CountingStream counting = new CountingStream(new ByteArrayInputStream(tar));
        try (TarArchiveInputStream in = new TarArchiveInputStream(counting)) {
            long header = 0;
            for (TarArchiveEntry te; (te = in.getNextEntry()) != null; ) {
                long data = counting.count.get();
                byte[] content = in.readAllBytes();
                String path = TarEntries.path(te.getName());
                Instant mtime = te.getLastModifiedTime().toInstant();
                int frame = ArchiveCheck.frameAt(summary.frames(), header);
                entries.add(switch (TarEntries.kind(te)) {
                    case "DIRECTORY" -> new ManifestEntry(path, EntryType.DIRECTORY, 0, mtime, te.getMode() & 07777,
                            null, null, header, data, frame, false);
                    case "SYMLINK" -> new ManifestEntry(path, EntryType.SYMLINK, 0, mtime, 0777, null,
                            te.getLinkName(), header, data, frame, false);
                    case "HARDLINK" -> new ManifestEntry(path, EntryType.FILE, 0, mtime, te.getMode() & 07777,
                            sha256(new byte[0]), te.getLinkName(), header, data, frame, false);
                    default -> new ManifestEntry(path, EntryType.FILE, content.length, mtime, te.getMode() & 07777,
                            sha256(content), null, header, data, frame, false);
                });
                header = data + TarHeaders.roundUp(te.getSize());
            }
        }
        return new Written(out.toByteArray(), manifest(entries, summary), List.of());
    }

    /** Ranged reads of an in-memory object, counting calls and bytes. */
    static final class Ranges implements RangeReader {
        final byte[] stored;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicLong requested = new AtomicLong();

        Ranges(byte[] stored) {
            this.stored = stored;
        }

        @Override
        public InputStream open(long offset, long length) {
            calls.incrementAndGet();
            requested.addAndGet(length);
            int from = (int) Math.min(offset, stored.length);
            int len = (int) Math.min(length, stored.length - from);
            return new ByteArrayInputStream(stored, from, len);
        }
    }

    /**
     * path → one line describing it: type, mode, mtime (or whole seconds), sha256 or link target.
     * Symlink mtimes are left out.
     */
    static Map<String, String> snapshot(Path root, boolean wholeSeconds) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
                String rel = root.relativize(p).toString();
                if (a.isSymbolicLink()) {
                    out.put(rel, "SYMLINK -> " + Files.readSymbolicLink(p));
                    continue;
                }
                FileTime t = a.lastModifiedTime();
                String mtime = wholeSeconds ? Long.toString(t.toInstant().getEpochSecond()) : t.toInstant().toString();
                String kind = a.isDirectory() ? "DIR" : "FILE " + sha256(Files.readAllBytes(p));
                out.put(rel, kind + " mode=" + Integer.toOctalString(mode(p)) + " mtime=" + mtime);
            }
        }
        return out;
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
    }

    static void setMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(Path root, String rel, byte[] content, int mode, Instant mtime) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            setMode(p, mode);
            Files.setLastModifiedTime(p, FileTime.from(mtime));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class CountingStream extends FilterInputStream {
        final AtomicLong count = new AtomicLong();

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count.addAndGet(Math.max(0, s));
            return s;
        }
    }
}
