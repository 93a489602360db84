package io.lifeboat.core.archive;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** File attributes as a restore sets them, never following symlinks. */
final class PosixFiles {
    static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private PosixFiles() {
    }

    /** The attributes of {@code p} itself, or null if nothing is there. */
    static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static void setMode(Path p, int mode) throws IOException {
        try {
            Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
            for (int bit = 0; bit < 9; bit++) {
                if ((mode & (0400 >> bit)) != 0) {
                    perms.add(all[bit]);
                }
            }
            Files.setPosixFilePermissions(p, perms);
        }
    }

    static void setTime(Path p, Instant mtime) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW)
                .setTimes(FileTime.from(mtime), null, null);
    }

    static void deleteEmptyDirectory(Path dir) throws IOException {
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException("a non-empty directory is in the way", e);
        }
    }
}
