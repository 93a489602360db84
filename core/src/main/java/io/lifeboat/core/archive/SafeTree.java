package io.lifeboat.core.archive;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.RestoreReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The directory a restore writes into, and the security boundary of a restore: nothing is ever
 * written outside it. Paths must be relative without '..'; no entry is written through a symlink
 * (a parent that is a symlink refuses the entry); symlinks must resolve inside, checked when made
 * and again when the restore ends; hard links must name a regular file inside. Files are written to
 * a temporary name, checked against their sha256 and renamed into place, so a failed file leaves
 * nothing behind. Directory modes and mtimes are set last, deepest first.
 */
final class SafeTree {
    private static final Set<OpenOption> NEW_PART =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final String EXISTS = "already exists (restore with overwrite to replace it)";

    private final Path root;
    private final boolean overwrite;
    private final List<String> restored = new ArrayList<>();
    private final List<Problem> refused = new ArrayList<>();
    private final List<Problem> failed = new ArrayList<>();
    private final Set<String> refusedPaths = new HashSet<>();
    // directories below root that this restore made or found to be real directories (not symlinks), by
    // relative path; only this restore replaces anything, and it forgets a directory before removing it
    private final Set<String> knownDirectories = new HashSet<>();
    private final List<ManifestEntry> directories = new ArrayList<>();
    private final List<String> symlinks = new ArrayList<>();
    private final FileWriters writers = FileWriters.forMachine();
    // files handed to the writers, oldest first, and their paths: collected (counted, reported) in order
    private final java.util.ArrayDeque<FileWriters.Job> pending = new java.util.ArrayDeque<>();
    // where each pending file's path goes in 'restored' (archive order), null until it is in place
    private final java.util.Map<FileWriters.Job, Integer> slots = new java.util.IdentityHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    private long parts;
    private long files;
    private long bytes;

    private SafeTree(Path root, boolean overwrite) {
        this.root = root;
        this.overwrite = overwrite;
    }

    static SafeTree open(Path into, boolean overwrite) {
        try {
            Files.createDirectories(into);
            return new SafeTree(into.toRealPath(), overwrite);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.RESTORE_REFUSED,
                    "cannot restore into " + into + ": " + e.getMessage(), e);
        }
    }

    /** Why the manifest alone forbids restoring {@code e}; null if it may be tried. */
    String refusal(ManifestEntry e) {
        String bad = PathRules.badPath(e.path());
        if (bad != null) {
            return bad;
        }
        String ancestor = refusedAncestor(e.path());
        if (ancestor != null) {
            return "inside refused entry '" + ancestor + "'";
        }
        if (e.type() == EntryType.SYMLINK && !PathRules.resolvesInside(root, e.path(), e.linkTarget())) {
            return "symlink to '" + e.linkTarget() + "' points outside the restore directory";
        }
        if (e.type() == EntryType.FILE && e.linkTarget() != null && PathRules.badPath(e.linkTarget()) != null) {
            return "hard link to '" + e.linkTarget() + "' points outside the restore directory";
        }
        return null;
    }

    void refuse(String path, String reason) {
        refused.add(new Problem(path, reason));
        refusedPaths.add(path);
    }

    void fail(String path, String reason) {
        failed.add(new Problem(path, reason));
    }

    /** Restores one tar entry, already matched with its manifest entry by path. */
    void restore(ManifestEntry e, TarArchiveEntry te, InputStream content) throws IOException, Refusal {
        if (inFlight.contains(e.path())) {
            collect(true); // the same path again (a hand-made archive): the first must be in place first
        }
        String kind = TarEntries.kind(te);
        if (kind.startsWith("OTHER")) {
            throw new Refusal("unsupported tar entry type " + kind + " (devices, fifos are not restored)");
        }
        if (kind.equals(TarEntries.HARDLINK) && e.type() == EntryType.FILE) {
            hardLink(e, te.getLinkName());
            return;
        }
        if (!kind.equals(e.type().name())) {
            throw new IOException("is a " + kind + " in the archive, the manifest says " + e.type());
        }
        switch (e.type()) {
            case DIRECTORY -> directory(e);
            case SYMLINK -> symlink(e, te.getLinkName());
            case FILE -> {
                if (te.getSize() != e.size()) {
                    throw new IOException("is " + te.getSize() + " bytes in the archive, the manifest says " + e.size());
                }
                file(e, content);
            }
        }
    }

    /** Re-checks symlinks, sets directory modes and mtimes, and reports. */
    RestoreReport finish(long bytesFetched) {
        try {
            collect(true);
        } catch (InterruptedIOException e) {
            pending.forEach(j -> fail(j.entry().path(), "restore interrupted"));
            pending.clear();
        }
        writers.close();
        restored.removeIf(java.util.Objects::isNull); // files that failed after their slot was taken
        boolean removed = true;
        while (removed) { // removing one link can change where another leads: until nothing changes
            removed = false;
            for (Iterator<String> it = symlinks.iterator(); it.hasNext(); ) {
                removed |= recheckSymlink(it);
            }
        }
        directories.sort(Comparator.comparingInt((ManifestEntry d) -> depth(d.path())).reversed());
        for (ManifestEntry d : directories) {
            Path dir = root.resolve(d.path());
            try {
                if (Files.isDirectory(dir, PosixFiles.NOFOLLOW)) {
                    PosixFiles.setMode(dir, d.mode());
                    PosixFiles.setTime(dir, d.mtime());
                }
            } catch (IOException e) {
                fail(d.path(), "cannot set mode or mtime: " + e.getMessage());
            }
        }
        return new RestoreReport(files, bytes, bytesFetched, restored, refused, failed);
    }

    /** Removes the symlink at {@code it.next()} if it now resolves outside; returns whether it did. */
    private boolean recheckSymlink(Iterator<String> it) {
        String path = it.next();
        Path link = root.resolve(path);
        try {
            String target = Files.readSymbolicLink(link).toString();
            if (PathRules.resolvesInside(root, path, target)) {
                return false;
            }
            Files.delete(link);
            refuse(path, "symlink to '" + target + "' resolves outside the restore directory once restored");
        } catch (IOException e) {
            fail(path, "cannot re-check symlink: " + e.getMessage());
        }
        it.remove();
        restored.remove(path);
        return true;
    }

    private void file(ManifestEntry e, InputStream content) throws IOException, Refusal {
        Path dir = parent(e.path());
        Path target = dir.resolve(name(e.path()));
        BasicFileAttributes existing = PosixFiles.attributes(target);
        if (existing != null) {
            if (!overwrite) {
                throw new Refusal(EXISTS);
            }
            if (existing.isDirectory()) {
                collect(true); // files in flight may be inside it
                knownDirectories.remove(e.path());
                PosixFiles.deleteEmptyDirectory(target);
            }
        }
        Part part = openPart(dir);
        FileWriters.Job job = writers.start(new FileWriters.Destination(part.path(), part.channel(), target, overwrite, e));
        pending.add(job);
        slots.put(job, restored.size());
        restored.add(null);
        inFlight.add(e.path());
        writers.feed(job, content, e.size()); // on a read failure the job is aborted (its part removed) and this throws
        collect(false);
    }

    /**
     * Counts and reports the files the writers are done with, in the order they were started: all of
     * them ({@code all}, waiting), or those at the head of the queue that are done.
     */
    private void collect(boolean all) throws InterruptedIOException {
        while (!pending.isEmpty() && (all || pending.peek().isDone())) {
            FileWriters.Job job = pending.peek();
            FileWriters.Outcome o = job.outcome();
            pending.poll();
            ManifestEntry e = job.entry();
            inFlight.remove(e.path());
            int slot = slots.remove(job);
            if (o.aborted()) {
                continue; // the restoring thread reported why
            }
            if (o.failure() != null) {
                fail(e.path(), o.failure());
            } else {
                files++;
                bytes += e.size();
                restored.set(slot, e.path());
            }
        }
    }

    /** Stops the writers (idempotent); {@link #finish} does this too. */
    void close() {
        writers.close();
    }

    /** A temporary file being written beside its target. */
    private record Part(Path path, FileChannel channel) {
    }

    /**
     * A new, empty, owner-only temporary file in {@code dir}, made with one exclusive open that never
     * follows a symlink. Not truncating matters: ext4 flushes a file truncated to zero on close.
     */
    private Part openPart(Path dir) throws IOException {
        for (int tries = 0; ; tries++) {
            Path part = dir.resolve(".lifeboat-" + nonce + "-" + (++parts) + ".part");
            try {
                return new Part(part, FileChannel.open(part, NEW_PART, OWNER_ONLY));
            } catch (FileAlreadyExistsException taken) {
                if (tries == 8) {
                    throw taken;
                }
            }
        }
    }


    private void directory(ManifestEntry e) throws IOException, Refusal {
        Path target = parent(e.path()).resolve(name(e.path()));
        BasicFileAttributes existing = PosixFiles.attributes(target);
        if (existing == null || !existing.isDirectory()) {
            makeRoom(target, existing);
            Files.createDirectory(target);
        }
        directories.add(e);
        restored.add(e.path());
    }

    private void symlink(ManifestEntry e, String linkTarget) throws IOException, Refusal {
        if (!linkTarget.equals(e.linkTarget())) {
            throw new IOException("links to '" + linkTarget + "' in the archive, the manifest says '" + e.linkTarget() + "'");
        }
        if (!PathRules.resolvesInside(root, e.path(), linkTarget)) {
            throw new Refusal("symlink to '" + linkTarget + "' points outside the restore directory");
        }
        Path target = parent(e.path()).resolve(name(e.path()));
        makeRoom(target, PosixFiles.attributes(target));
        Files.createSymbolicLink(target, Path.of(linkTarget));
        try {
            PosixFiles.setTime(target, e.mtime());
        } catch (IOException | UnsupportedOperationException ignored) {
            // symlink times are best effort
        }
        symlinks.add(e.path());
        restored.add(e.path());
    }

    private void hardLink(ManifestEntry e, String linkName) throws IOException, Refusal {
        collect(true); // what it links to may still be in flight
        if (PathRules.badPath(linkName) != null) {
            throw new Refusal("hard link to '" + linkName + "' points outside the restore directory");
        }
        if (e.linkTarget() != null && !e.linkTarget().equals(linkName)) {
            throw new IOException("hard link to '" + linkName + "' in the archive, the manifest says '" + e.linkTarget() + "'");
        }
        Path source = root;
        List<String> segments = Arrays.asList(linkName.split("/"));
        for (int i = 0; i < segments.size(); i++) {
            source = source.resolve(segments.get(i));
            BasicFileAttributes a = PosixFiles.attributes(source);
            boolean last = i == segments.size() - 1;
            if (a == null || a.isSymbolicLink() || (last ? !a.isRegularFile() : !a.isDirectory())) {
                throw new Refusal("hard link target '" + linkName + "' is not a regular file inside the restore directory");
            }
        }
        Path target = parent(e.path()).resolve(name(e.path()));
        makeRoom(target, PosixFiles.attributes(target));
        Files.createLink(target, source);
        restored.add(e.path());
    }

    /** The entry's parent directory, created as needed, refusing any that is a symlink. */
    private Path parent(String path) throws IOException, Refusal {
        String ancestor = refusedAncestor(path);
        if (ancestor != null) {
            throw new Refusal("inside refused entry '" + ancestor + "'");
        }
        String[] segments = path.split("/");
        Path dir = root;
        int end = 0;
        for (int i = 0; i < segments.length - 1; i++) {
            dir = dir.resolve(segments[i]);
            end += segments[i].length() + (i > 0 ? 1 : 0);
            String relative = path.substring(0, end);
            if (knownDirectories.contains(relative)) {
                continue;
            }
            BasicFileAttributes a = PosixFiles.attributes(dir);
            if (a == null) {
                try {
                    Files.createDirectory(dir);
                    knownDirectories.add(relative);
                    continue;
                } catch (FileAlreadyExistsException raced) {
                    a = PosixFiles.attributes(dir);
                }
            }
            if (a == null || a.isSymbolicLink()) {
                throw new Refusal("parent '" + root.relativize(dir) + "' is a symlink; nothing is written through symlinks");
            } else if (!a.isDirectory()) {
                throw new IOException("parent '" + root.relativize(dir) + "' is not a directory");
            }
            knownDirectories.add(relative);
        }
        return dir;
    }

    private void makeRoom(Path target, BasicFileAttributes existing) throws IOException, Refusal {
        if (existing == null) {
            return;
        }
        if (!overwrite) {
            throw new Refusal(EXISTS);
        }
        collect(true); // files in flight may be inside what is removed
        if (existing.isDirectory()) {
            knownDirectories.remove(root.relativize(target).toString());
            PosixFiles.deleteEmptyDirectory(target);
        } else {
            Files.delete(target); // a symlink itself, never what it points to
        }
    }

    private String refusedAncestor(String path) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            if (refusedPaths.contains(path.substring(0, i))) {
                return path.substring(0, i);
            }
        }
        return null;
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /** An entry refused for safety (reported as refused, not failed). */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason);
        }
    }
}
