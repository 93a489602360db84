package io.lifeboat.backup;

import io.lifeboat.backup.database.DatabaseEngine;
import io.lifeboat.backup.database.DatabaseEngines;
import io.lifeboat.backup.database.DbConnection;
import io.lifeboat.backup.database.DumpInfo;
import io.lifeboat.backup.files.IncrementalState;
import io.lifeboat.core.archive.ArchiveOptions;
import io.lifeboat.core.archive.ArchiveSummary;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.FramedZstdOutputStream;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.archive.StoredObject;
import io.lifeboat.core.config.SourceConfig;
import io.lifeboat.core.storage.Target;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Databases: the engine's native dump ({@code pg_dump --format=custom}, {@code mariadb-dump},
 * H2 {@code SCRIPT}) streamed straight into independent zstd frames, so {@code zstd -d | pg_restore}
 * reads it; with {@code globals: true}, {@code pg_dumpall --globals-only} beside it.
 */
final class DatabaseStreamer implements SourceStreamer {
    static final String GLOBALS = "globals.sql";

    private final ArchiveOptions options;
    private final Connections connections;

    DatabaseStreamer(ArchiveOptions options, Connections connections) {
        this.options = options;
        this.connections = connections;
    }

    static String dumpName(SourceConfig source, DbConnection c) {
        String ext = switch (source.type()) {
            case POSTGRES -> ".pgdump";
            default -> ".sql";
        };
        return c.database() + ext;
    }

    @Override
    public String dataFileName(SourceConfig source) {
        return dumpName(source, connections.of(source)) + ".zst";
    }

    @Override
    public Payload write(SourceConfig source, IncrementalState.Plan plan, Target first, String dir, String dataKey) {
        DatabaseEngine engine = DatabaseEngines.forKind(source.type().configName());
        DbConnection conn = connections.of(source);
        List<StoredObject> extras = new ArrayList<>();
        Hashed globals = new Hashed();
        if (source.globals()) {
            String key = dir + GLOBALS + ".zst";
            ArchiveSummary s = ObjectUpload.write(first, key, out -> compress(out, globals, o -> engine.dumpGlobals(conn, o)));
            extras.add(new StoredObject(GLOBALS, key, globals.size, globals.hex(), s.storedSize(), s.sha256(), s.frames()));
        }
        Hashed dump = new Hashed();
        DumpInfo[] info = new DumpInfo[1];
        ArchiveSummary summary = ObjectUpload.write(first, dataKey, out -> compress(out, dump, o -> info[0] = engine.dump(conn, o)));
        Instant consistent = info[0].consistentPoint();
        List<ManifestEntry> entries = new ArrayList<>();
        entries.add(entry(dumpName(source, conn), dump, consistent));
        if (source.globals()) {
            entries.add(entry(GLOBALS, globals, consistent));
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("database", conn.address());
        props.put("toolVersion", info[0].toolVersion());
        props.put("serverVersion", info[0].serverVersion());
        props.put("dumpFormat", info[0].format());
        info[0].rowEstimates().forEach((table, rows) -> props.put("rows." + table, Long.toString(rows)));
        long bytesIn = dump.size + extras.stream().mapToLong(StoredObject::rawSize).sum();
        return new Payload(info[0].format() + "+zstd", summary, entries, extras, List.of(), entries.size(), bytesIn,
                consistent, props);
    }

    private static ManifestEntry entry(String name, Hashed h, Instant mtime) {
        return new ManifestEntry(name, EntryType.FILE, h.size, mtime, 0600, h.hex(), null, 0, 0, 0, false);
    }

    @FunctionalInterface
    private interface Dump {
        void into(OutputStream out) throws IOException;
    }

    private ArchiveSummary compress(OutputStream out, Hashed hashed, Dump dump) throws IOException {
        try (FramedZstdOutputStream zst = new FramedZstdOutputStream(out, options)) {
            OutputStream counting = new FilterOutputStream(zst) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    hashed.update(b, off, len);
                    zst.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
            };
            dump.into(counting);
            counting.flush();
            return zst.finish();
        }
    }

    /** Size and sha256 of the raw (uncompressed) stream. */
    private static final class Hashed {
        private final MessageDigest digest;
        long size;
        private String hex;

        Hashed() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
            size += len;
        }

        String hex() {
            if (hex == null) {
                hex = HexFormat.of().formatHex(digest.digest());
            }
            return hex;
        }
    }
}
