package io.lifeboat.backup.files;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.TarZstWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a directory tree into a {@link TarZstWriter}: files, directories and symlinks (stored as
 * links, never followed); sockets, pipes and devices are skipped with a warning; a file that
 * changes while it is read is stored as read and flagged in the manifest.
 */
public final class FileTreeWalker {
    private static final Logger log = LoggerFactory.getLogger(FileTreeWalker.class);

    /** Decides, for incremental backups, whether an unchanged file is skipped. */
    @FunctionalInterface
    public interface ChangeFilter {
        boolean store(String path, long size, Instant mtime);

        /** {@code path} (a file, or a folder and all under it) could not be read: it is not known to be gone. */
        default void unreadable(String path) {
        }

        ChangeFilter ALL = (p, s, m) -> true;
    }

    /** What a walk stored. */
    public record Result(List<ManifestEntry> entries, List<String> warnings, long files, long bytesIn) {
        public Result {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    private final Path root;
    private final GlobFilter filter;
    private final ChangeFilter changes;

    public FileTreeWalker(Path root, GlobFilter filter, ChangeFilter changes) {
        this.root = root;
        this.filter = filter;
        this.changes = changes;
    }

    public Result walk(TarZstWriter tar) {
        if (!Files.isDirectory(root)) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, root + " is not a directory (check the source's path)");
        }
        Visitor visitor = new Visitor(tar);
        try {
            Files.walkFileTree(root, visitor);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, "cannot read " + root + ": " + e.getMessage(), e);
        }
        return new Result(visitor.entries, visitor.warnings, visitor.files, visitor.bytesIn);
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    private final class Visitor extends SimpleFileVisitor<Path> {
        private final TarZstWriter tar;
        final List<ManifestEntry> entries = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        long files;
        long bytesIn;

        Visitor(TarZstWriter tar) {
            this.tar = tar;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
            }
            String rel = relative(dir);
            if (filter.prunes(rel)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (filter.includesEverything()) {
                entries.add(tar.addDirectory(rel, attrs.lastModifiedTime().toInstant(), mode(dir)));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String rel = relative(file);
            if (!filter.selects(rel)) {
                return FileVisitResult.CONTINUE;
            }
            Instant mtime = attrs.lastModifiedTime().toInstant();
            if (attrs.isSymbolicLink()) {
                if (changes.store(rel, 0, mtime)) {
                    String target = Files.readSymbolicLink(file).toString();
                    entries.add(tar.addSymlink(rel, target, mtime, mode(file)));
                }
            } else if (attrs.isRegularFile()) {
                if (changes.store(rel, attrs.size(), mtime)) {
                    storeFile(file, rel, attrs);
                }
            } else {
                warn("skipped " + rel + ": not a regular file, directory or symlink (socket, pipe or device)");
            }
            return FileVisitResult.CONTINUE;
        }

        private void storeFile(Path file, String rel, BasicFileAttributes attrs) throws IOException {
            long size = attrs.size();
            Instant mtime = attrs.lastModifiedTime().toInstant();
            ManifestEntry entry;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                entry = tar.addFile(rel, size, mtime, mode(file), in);
            } catch (AccessDeniedException | NoSuchFileException e) {
                warn("skipped " + rel + ": " + describe(e));
                return;
            }
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean changed = entry.changed() || after.size() != size || !after.lastModifiedTime().toInstant().equals(mtime);
            if (changed) {
                entry = new ManifestEntry(entry.path(), entry.type(), entry.size(), entry.mtime(), entry.mode(), entry.sha256(),
                        entry.linkTarget(), entry.headerOffset(), entry.dataOffset(), entry.frame(), true);
                warn("changed while being read: " + rel + " (stored as read; it may be inconsistent)");
            }
            entries.add(entry);
            files++;
            bytesIn += size;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            changes.unreadable(relative(file));
            warn("skipped " + relative(file) + ": " + describe(e));
            return FileVisitResult.CONTINUE;
        }

        private void warn(String message) {
            log.warn(message);
            warnings.add(message);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "deleted while the backup ran";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static int mode(Path p) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return 0644;
        }
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        int mode = 0;
        for (PosixFilePermission perm : perms) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }
}
