package io.lifeboat.backup.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which PostgreSQL client runs. On Debian and Ubuntu {@code /usr/bin/pg_dump} is a link to
 * postgresql-common's {@code pg_wrapper}, a Perl script that picks one of the installed
 * {@code /usr/lib/postgresql/<version>/bin} clients. It picks by the <em>local</em> cluster, because
 * it does not see the host inside our {@code --dbname} connection string: with a local PostgreSQL 15
 * and a remote 17 server, it ran pg_dump 15, which refuses to dump a newer server. Lifeboat
 * resolves the wrapper itself as pg_wrapper does for an explicit host: the newest installed client
 * (pg_dump reads every server from 9.2 up, and the newest pg_restore reads every archive). It also
 * saves the wrapper's Perl start on every run (about 30 ms).
 */
final class PgClients {
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)?");

    private PgClients() {
    }

    /**
     * {@code found} itself, unless it is a link to {@code pg_wrapper}: then the same tool in the newest
     * {@code lib/postgresql/<version>/bin} beside the wrapper's {@code share/postgresql-common}
     * (the wrapper's own choice when none has the tool).
     */
    static Path resolve(Path found) {
        Path real;
        try {
            real = found.toRealPath();
        } catch (IOException e) {
            return found;
        }
        Path share = real.getParent();
        if (!real.getFileName().toString().equals("pg_wrapper") || share == null || share.getParent() == null
                || share.getParent().getParent() == null) {
            return found;
        }
        Path binroot = share.getParent().getParent().resolve("lib").resolve("postgresql");
        return newest(binroot, found.getFileName().toString()).orElse(found);
    }

    static Optional<Path> newest(Path binroot, String tool) {
        if (!Files.isDirectory(binroot)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(binroot)) {
            return versions.filter(v -> VERSION.matcher(v.getFileName().toString()).matches())
                    .map(v -> v.resolve("bin").resolve(tool))
                    .filter(t -> Files.isRegularFile(t) && Files.isExecutable(t))
                    .max(Comparator.comparing(t -> versionOf(t.getParent().getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** 9.6 as 9006, 15 as 15000: 9.6 sorts before 10, as pg_wrapper sorts them. */
    private static int versionOf(Path dir) {
        String[] parts = dir.getFileName().toString().split("\\.");
        return Integer.parseInt(parts[0]) * 1000 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }
}
