package io.lifeboat.core.archive;

import io.lifeboat.core.archive.FrameReader.DamagedFrameException;
import io.lifeboat.core.archive.FrameReader.StoredReadException;
import io.lifeboat.core.archive.SafeTree.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Restores selected entries of a tar+zstd backup into a directory, fetching only the frames that
 * hold them: each selected entry needs the frames covering its headers, content and padding;
 * overlapping or adjacent frame ranges merge into slices, and each slice is one ranged read.
 *
 * <p>Frames are read ahead and decompressed on a small pool of threads ({@link FrameDecoders}); this
 * thread extracts, in archive order, and hands file content to writer threads ({@link FileWriters}).
 *
 * <p>Writing is confined to the target directory by {@link SafeTree}. An entry that is unsafe is
 * refused, one that cannot be read or does not match its sha256 fails; either way the restore goes
 * on with the rest, and the report says what happened to each.
 */
public final class ArchiveRestorer {
    private ArchiveRestorer() {
    }

    public static RestoreReport restore(Manifest manifest, RangeReader data, Path into,
                                        Predicate<ManifestEntry> select, RestoreOptions options) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(data, "data");
        SafeTree tree = SafeTree.open(into, options.overwrite());
        List<ManifestEntry> chosen = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (select.test(e)) {
                String refusal = tree.refusal(e);
                if (refusal != null) {
                    tree.refuse(e.path(), refusal);
                } else {
                    chosen.add(e);
                }
            }
        }
        chosen.sort(Comparator.comparingLong(ManifestEntry::headerOffset));
        long fetched = 0;
        try (FrameDecoders decoders = FrameDecoders.forMachine()) {
            boolean first = true;
            for (Slice slice : plan(manifest.frames(), chosen, tree)) {
                fetched += restoreSlice(manifest.frames(), slice, data, tree, decoders, first);
                first = false;
            }
            return tree.finish(fetched);
        } finally {
            tree.close();
        }
    }

    /** Consecutive frames {@code first..last} (table positions) read with one ranged read. */
    record Slice(int first, int last, List<ManifestEntry> entries) {
    }

    /** Groups entries (sorted by header offset) into slices of frames. */
    static List<Slice> plan(List<Frame> frames, List<ManifestEntry> sorted, SafeTree tree) {
        List<Slice> slices = new ArrayList<>();
        List<ManifestEntry> current = null;
        int first = -1;
        int last = -1;
        for (ManifestEntry e : sorted) {
            long end = Math.max(TarHeaders.roundUp(e.dataOffset() + e.size()), e.headerOffset() + TarHeaders.BLOCK);
            int a = ArchiveCheck.frameAt(frames, e.headerOffset());
            int b = ArchiveCheck.frameAt(frames, end - 1);
            if (b < 0 && a >= 0 && !frames.isEmpty() && end > frames.get(frames.size() - 1).rawEnd()) {
                b = frames.size() - 1;
            }
            if (a < 0 || b < 0) {
                tree.fail(e.path(), "the manifest places it at raw offset " + e.headerOffset() + ", outside the frame table");
                continue;
            }
            if (current != null && a <= last + 1) {
                last = Math.max(last, b);
                current.add(e);
            } else {
                if (current != null) {
                    slices.add(new Slice(first, last, current));
                }
                first = a;
                last = b;
                current = new ArrayList<>(List.of(e));
            }
        }
        if (current != null) {
            slices.add(new Slice(first, last, current));
        }
        return slices;
    }

    /**
     * Restores one slice's entries; returns the stored bytes read. The {@code first} ranged read failing
     * with a target's error (no credentials, unreachable, no such object) is the restore's failure, told
     * once: nothing of this copy can be read, and every entry failing with the same line says less.
     */
    private static long restoreSlice(List<Frame> frames, Slice slice, RangeReader data, SafeTree tree,
                                     FrameDecoders decoders, boolean first) {
        Frame a = frames.get(slice.first());
        Frame b = frames.get(slice.last());
        long offset = a.storedOffset();
        long length = b.storedOffset() + b.storedSize() - offset;
        CountingInputStream counting;
        try {
            counting = new CountingInputStream(data.open(offset, length));
        } catch (IOException | RuntimeException e) {
            if (e instanceof io.lifeboat.core.LifeboatException le && (first || le.code() == io.lifeboat.core.ErrorCode.OBJECT_ARCHIVED
                    || le.code() == io.lifeboat.core.ErrorCode.INTERRUPTED)) {
                throw le; // the copy cannot be read, the whole archive must be retrieved first, or the restore stops
            }
            for (ManifestEntry entry : slice.entries()) {
                tree.fail(entry.path(), "fetching stored bytes " + offset + "+" + length + " failed: " + e.getMessage());
            }
            return 0;
        }
        try (FrameReader reader = new FrameReader(counting, frames.subList(slice.first(), slice.last() + 1), decoders)) {
            DamagedFrameException damage = null;
            List<ManifestEntry> entries = slice.entries();
            for (int i = 0; i < entries.size(); i++) {
                try {
                    damage = extract(entries.get(i), reader, tree, damage);
                } catch (StoredReadException e) {
                    for (ManifestEntry rest : entries.subList(i, entries.size())) {
                        tree.fail(rest.path(), e.getMessage());
                    }
                    break;
                }
            }
        } catch (IOException closing) {
            // everything needed was read; a failure to close the ranged read changes nothing
        }
        return counting.count();
    }

    /** Extracts one entry; returns the latest unreadable frame of this slice (to explain later failures). */
    private static DamagedFrameException extract(ManifestEntry e, FrameReader reader, SafeTree tree,
                                                 DamagedFrameException lastDamage) throws StoredReadException {
        if (reader.position() > e.headerOffset()) {
            tree.fail(e.path(), lastDamage != null ? lastDamage.getMessage() : "overlaps the previous entry in the archive");
            return lastDamage;
        }
        try {
            reader.skipTo(e.headerOffset());
            TarArchiveInputStream tar = new TarArchiveInputStream(TarEntries.nonClosing(reader));
            TarArchiveEntry te = tar.getNextEntry();
            if (te == null) {
                throw new IOException("the archive has no entry at raw offset " + e.headerOffset());
            }
            String name = TarEntries.path(te.getName());
            if (!name.equals(e.path())) {
                throw new IOException("the archive holds '" + name + "' where the manifest places this entry");
            }
            tree.restore(e, te, tar);
        } catch (DamagedFrameException d) {
            tree.fail(e.path(), d.getMessage());
            return d;
        } catch (StoredReadException s) {
            throw s;
        } catch (Refusal r) {
            tree.refuse(e.path(), r.getMessage());
        } catch (IOException | IllegalArgumentException x) {
            tree.fail(e.path(), x.getMessage());
        }
        return lastDamage;
    }

}
