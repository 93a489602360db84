package io.lifeboat.restore.drill;

import io.lifeboat.restore.logs.LogStamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The newest data in restored files: per file, the newest timestamp a line starts with
 * ({@code 2026-10-13 00:02:00.000}, {@code 2026-10-13T00:02:00Z}, with or without offset; no offset
 * means the system zone), or the file's modification time when no line starts with one. Gzipped
 * files are read through gunzip. The newest over all files counts.
 */
final class NewestData {
    record Found(Instant newest, Path file, boolean fromLine, int files) {
    }

    private NewestData() {
    }

    static Found in(Path dir, boolean mtimeOnly, ZoneId zone) throws IOException {
        if (!Files.exists(dir)) {
            throw new IOException(dir + " does not exist (did the restore step run?)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        Found best = null;
        for (Path f : files) {
            Instant line = mtimeOnly ? null : newestLine(f, zone);
            Instant t = line != null ? line : Files.getLastModifiedTime(f).toInstant();
            if (best == null || t.isAfter(best.newest())) {
                best = new Found(t, f, line != null, files.size());
            }
        }
        if (best == null) {
            throw new IOException(dir + " holds no files");
        }
        return new Found(best.newest(), best.file(), best.fromLine(), files.size());
    }

    private static Instant newestLine(Path file, ZoneId zone) throws IOException {
        Instant newest = null;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Instant t = stamp(line, zone);
                if (t != null && (newest == null || t.isAfter(newest))) {
                    newest = t;
                }
            }
        } catch (java.io.UncheckedIOException | java.util.zip.ZipException e) {
            return null; // not text: fall back to the modification time
        }
        return newest;
    }

    static Instant stamp(String line, ZoneId zone) {
        return LogStamps.at(line, zone);
    }
}
