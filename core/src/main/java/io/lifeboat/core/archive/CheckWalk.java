package io.lifeboat.core.archive;

import io.lifeboat.core.archive.ArchiveFinding.ChecksumMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Damaged;
import io.lifeboat.core.archive.ArchiveFinding.FrameMismatch;
import io.lifeboat.core.archive.ArchiveFinding.LinkMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Missing;
import io.lifeboat.core.archive.ArchiveFinding.OffsetMismatch;
import io.lifeboat.core.archive.ArchiveFinding.SizeMismatch;
import io.lifeboat.core.archive.ArchiveFinding.TypeMismatch;
import io.lifeboat.core.archive.ArchiveFinding.Unexpected;
import io.lifeboat.core.archive.ArchiveFinding.Unreadable;
import io.lifeboat.core.archive.FrameReader.DamagedFrameException;
import io.lifeboat.core.archive.FrameReader.StoredReadException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The tar walk of {@link ArchiveCheck}: reads every entry of the decompressed stream and compares it
 * with the manifest. After an unreadable frame or a tar header that cannot be parsed it resumes at
 * the next entry the manifest knows of, so one damaged frame costs only the entries in it.
 */
final class CheckWalk {
    private final FrameReader reader;
    private final List<ArchiveFinding> findings;
    private final List<ManifestEntry> entries;
    private final int frameCount;
    private final Map<String, ManifestEntry> byPath = new HashMap<>();
    private final TreeMap<Long, ManifestEntry> byHeader = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> damaged = new HashSet<>();
    private final byte[] buffer = new byte[256 * 1024];
    private final MessageDigest sha = Digests.sha256();
    private long header;
    private ManifestEntry current;

    CheckWalk(Manifest manifest, FrameReader reader, List<ArchiveFinding> findings) {
        this.reader = reader;
        this.findings = findings;
        this.entries = manifest.entries();
        this.frameCount = manifest.frames().size();
        for (ManifestEntry e : entries) {
            byPath.putIfAbsent(e.path(), e);
            byHeader.putIfAbsent(e.headerOffset(), e);
        }
    }

    void run() throws StoredReadException {
        long resume = reader.position();
        while (resume >= 0) {
            try {
                reader.skipTo(resume);
                walkFrom(reader.position());
                resume = -1;
            } catch (DamagedFrameException d) {
                resume = onDamage(d);
            } catch (StoredReadException e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                findings.add(new Unreadable("tar entry at raw offset " + header + ": " + e.getMessage()));
                current = null;
                resume = nextHeaderFrom(Math.max(header + 1, reader.position()));
            }
        }
        verifyRemainingFrames();
        for (ManifestEntry e : entries) {
            if (!seen.contains(e.path()) && !damaged.contains(e.path())) {
                findings.add(new Missing(e.path()));
            }
        }
    }

    private void walkFrom(long start) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(TarEntries.nonClosing(reader));
        header = start;
        for (TarArchiveEntry te; (te = tar.getNextEntry()) != null; ) {
            long data = reader.position();
            visit(te, tar, data);
            current = null;
            header = data + TarHeaders.roundUp(te.getSize());
        }
    }

    private void visit(TarArchiveEntry te, TarArchiveInputStream tar, long data) throws IOException {
        String path = TarEntries.path(te.getName());
        ManifestEntry e = byPath.get(path);
        if (e == null || damaged.contains(path) || !seen.add(path)) {
            findings.add(new Unexpected(path));
            return;
        }
        current = e;
        String kind = TarEntries.kind(te);
        if (!kind.equals(e.type().name())) {
            findings.add(new TypeMismatch(path, e.type(), kind));
            return;
        }
        if (e.headerOffset() != header) {
            findings.add(new OffsetMismatch(path, "header", e.headerOffset(), header));
        } else if (e.dataOffset() != data) {
            findings.add(new OffsetMismatch(path, "data", e.dataOffset(), data));
        }
        if (e.type() == EntryType.FILE) {
            checkContent(e, te, tar);
        } else if (e.type() == EntryType.SYMLINK && !Objects.equals(e.linkTarget(), te.getLinkName())) {
            findings.add(new LinkMismatch(path, e.linkTarget(), te.getLinkName()));
        }
    }

    private void checkContent(ManifestEntry e, TarArchiveEntry te, TarArchiveInputStream tar) throws IOException {
        sha.reset();
        long size = 0;
        for (int n; (n = tar.read(buffer, 0, buffer.length)) > 0; ) {
            sha.update(buffer, 0, n);
            size += n;
        }
        if (te.getSize() != e.size() || size != e.size()) {
            findings.add(new SizeMismatch(e.path(), e.size(), te.getSize() != e.size() ? te.getSize() : size));
        }
        String actual = Digests.hex(sha);
        if (!actual.equals(e.sha256())) {
            findings.add(new ChecksumMismatch(e.path(), e.sha256(), actual));
        }
    }

    /** Reports the frame and the entries in it; returns where to resume, or -1 to stop. */
    private long onDamage(DamagedFrameException d) {
        Frame frame = d.frame;
        int last = frameCount() - 1;
        if (reader.truncated()) {
            findings.add(new FrameMismatch(frame.index(), d.detail
                    + (frame.index() < last ? "; frames " + (frame.index() + 1) + ".." + last + " are missing too" : "")));
            markDamaged(current, frame);
            return -1;
        }
        findings.add(new FrameMismatch(frame.index(), d.detail));
        markDamaged(current, frame);
        for (ManifestEntry e : entries) {
            long end = Math.max(e.dataOffset() + e.size(), e.headerOffset() + TarHeaders.BLOCK);
            if (e.headerOffset() < frame.rawEnd() && end > frame.rawOffset() && !seen.contains(e.path())) {
                markDamaged(e, frame);
            }
        }
        current = null;
        return nextHeaderFrom(reader.position());
    }

    private void markDamaged(ManifestEntry e, Frame frame) {
        if (e != null && damaged.add(e.path())) {
            seen.remove(e.path());
            findings.add(new Damaged(e.path(), frame.index()));
        }
    }

    private long nextHeaderFrom(long offset) {
        Long next = byHeader.ceilingKey(offset);
        return next == null ? -1 : next;
    }

    private void verifyRemainingFrames() throws StoredReadException {
        while (!reader.truncated()) {
            try {
                reader.skipTo(Long.MAX_VALUE);
                return;
            } catch (DamagedFrameException d) {
                if (!reader.truncated()) {
                    findings.add(new FrameMismatch(d.frame.index(), d.detail));
                } else {
                    int last = frameCount() - 1;
                    findings.add(new FrameMismatch(d.frame.index(), d.detail + (d.frame.index() < last
                            ? "; frames " + (d.frame.index() + 1) + ".." + last + " are missing too" : "")));
                }
            } catch (StoredReadException e) {
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException("frame reader failed unexpectedly", e);
            }
        }
    }

    private int frameCount() {
        return frameCount;
    }
}
