package io.lifeboat.core.archive;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Measures archive writing: walks a directory into a {@link TarZstWriter} whose output is discarded,
 * hashing every file, and prints MB/s of raw input.
 *
 * <pre>java -cp ... io.lifeboat.core.archive.ArchiveThroughputMain DIR [runs=3] [threads=cores] [frameMiB=4] [level=3] [adaptive=true]</pre>
 */
public final class ArchiveThroughputMain {
    private ArchiveThroughputMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ArchiveThroughputMain DIR [runs] [threads] [frameMiB] [level] [adaptive]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ArchiveOptions options = new ArchiveOptions(
                (args.length > 3 ? Integer.parseInt(args[3]) : 4) << 20,
                args.length > 4 ? Integer.parseInt(args[4]) : ArchiveOptions.DEFAULT.level(),
                args.length > 2 ? Integer.parseInt(args[2]) : ArchiveOptions.DEFAULT.threads(),
                args.length > 5 ? Boolean.parseBoolean(args[5]) : ArchiveOptions.DEFAULT.adaptive());
        System.out.printf("%s: frame %d KiB, level %d%s, %d threads%n", dir, options.frameSize() >> 10,
                options.level(), options.adapts() ? " adaptive" : "", options.threads());
        for (int run = 1; run <= runs; run++) {
            Sink sink = new Sink();
            long[] counts = new long[2];
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            try (TarZstWriter writer = new TarZstWriter(sink, options)) {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                        if (!d.equals(dir)) {
                            writer.addDirectory(rel(dir, d), a.lastModifiedTime().toInstant(), 0755);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                        if (a.isSymbolicLink()) {
                            writer.addSymlink(rel(dir, f), Files.readSymbolicLink(f).toString(),
                                    a.lastModifiedTime().toInstant(), 0777);
                        } else if (a.isRegularFile()) {
                            try (InputStream in = new FileInputStream(f.toFile())) {
                                writer.addFile(rel(dir, f), a.size(), a.lastModifiedTime().toInstant(), 0644, in);
                            }
                            counts[0]++;
                            counts[1] += a.size();
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
                ArchiveSummary summary = writer.finish();
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = (cpuNanos() - cpuStart) / 1e9;
                System.out.printf("run %d: %d files, %.1f MB content, tar %.1f MB -> %.1f MB stored (%d frames) "
                                + "in %.2f s = %.0f MB/s (process CPU %.2f s = %.2f cores)%n", run, counts[0],
                        counts[1] / 1e6, summary.rawSize() / 1e6, summary.storedSize() / 1e6, summary.frames().size(),
                        seconds, summary.rawSize() / 1e6 / seconds, cpu, cpu / seconds);
            }
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** Discards everything, like /dev/null. */
    private static final class Sink extends OutputStream {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
