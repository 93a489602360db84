package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
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
