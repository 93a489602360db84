package io.lifeboat.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;

/** Trees that exercise the archive format's corners. */
final class TestTrees {
    static final String LONG_NAME = "l".repeat(196) + ".txt";
    static final String UNICODE_NAME = "ünïcødé-日本語-файл-🚀.txt";

    private TestTrees() {
    }

    /**
     * Unicode and 200-character names, empty files and directories, symlinks (relative, absolute,
     * dangling), modes, fixed mtimes, and one file of {@code bigBytes} random bytes (several frames).
     */
    static Path tricky(Path root, int bigBytes) throws IOException {
        Files.createDirectories(root.resolve("deep/nested/dir"));
        Files.createDirectories(root.resolve("empty-dir"));
        Files.createDirectories(root.resolve("ünï/子目录"));
        Files.writeString(root.resolve(UNICODE_NAME), "unicode content ✓\n");
        Files.writeString(root.resolve("ünï/子目录/" + UNICODE_NAME), "nested unicode\n");
        Files.writeString(root.resolve("deep/nested/dir/" + LONG_NAME), "long name\n");
        Files.createFile(root.resolve("empty.txt"));
        Files.writeString(root.resolve("secret.conf"), "mode 600\n");
        Files.setPosixFilePermissions(root.resolve("secret.conf"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("link-to-unicode"), Path.of(UNICODE_NAME));
        Files.createSymbolicLink(root.resolve("deep/link-up"), Path.of("../run.sh"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("does-not-exist"));
        Random random = new Random(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("deep/big.bin"))) {
            for (int left = bigBytes; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, Math.min(left, buf.length));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            text.append("2026-10-12 10:00:").append(i % 60).append(" INFO request ").append(i).append(" handled\n");
        }
        Files.writeString(root.resolve("deep/app.log"), text);
        fixTimes(root);
        return root;
    }

    /** Sets every file's and directory's mtime to a fixed, distinct second (bottom-up). */
    static void fixTimes(Path root) throws IOException {
        long[] t = {1_760_000_000L};
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(t[0]++)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
