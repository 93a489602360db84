package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A temp file created with mode 0600 (before anything is written) and deleted on close. */
final class PrivateFile implements AutoCloseable {
    private final Path path;

    private PrivateFile(Path path) {
        this.path = path;
    }

    static PrivateFile create(Path dir, String prefix, String suffix) {
        try {
            Path p = Files.createTempFile(dir, prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new PrivateFile(p);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, "cannot create a private temp file in " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code in} into the file; {@code what} starts the messages. Stops on interrupt. */
    void fill(InputStream in, String what) {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[ToolRunner.BUFFER];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                if (Thread.currentThread().isInterrupted()) {
                    throw new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted");
                }
            }
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, what + " to " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code prefix}, then this process's id: what {@link #sweep} recognises as this process's file. */
    static String ownPrefix(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-";
    }

    /**
     * Deletes the files in {@code dir} named {@code prefix<pid>-*} ({@link #ownPrefix}) of processes
     * that are gone: what a killed one (kill -9, a power cut) left; returns how many. A live process's
     * files are left alone however old, as a reused process id's are. Errors are skipped: this is
     * housekeeping, and the next run tries again.
     */
    static int sweep(Path dir, String prefix) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path f : files) {
                String rest = f.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(rest.substring(0, Math.max(dash, 0)));
                    if (ProcessHandle.of(pid).isEmpty() && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                            && Files.deleteIfExists(f)) {
                        deleted++;
                    }
                } catch (NumberFormatException | IOException e) {
                    // not such a file, or gone meanwhile
                }
            }
        } catch (IOException e) {
            // an unreadable directory: creating the next file there reports it
        }
        return deleted;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, "cannot delete the private temp file " + path
                    + "; delete it by hand: " + e.getMessage(), e);
        }
    }
}
