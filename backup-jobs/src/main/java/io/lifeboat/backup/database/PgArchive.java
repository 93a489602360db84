package io.lifeboat.backup.database;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header and table of contents (TOC) of an uncompressed {@code pg_dump --format=custom} archive,
 * as pg_backup_archiver.c writes them (archive versions 1.12 to 1.16: pg_dump 15 writes 1.14, 16
 * writes 1.15, 17 writes 1.16). After them come the data blocks: a block type byte, the entry's dump
 * id, and length-prefixed chunks ending with a zero length. A {@code TABLE DATA} entry's chunks are
 * the table's rows in COPY text format, one row per line, and then pg_dump's end-of-data marker
 * {@code \.} and two empty lines ({@link #END_MARKER}): COPY escapes a newline inside a value as
 * {@code \n}, so every newline byte but those three ends a row.
 */
final class PgArchive {
    static final int BLK_DATA = 1;
    static final int BLK_BLOBS = 3;
    /** pg_dump's sections ({@code teSection}). */
    static final int SECTION_NONE = 1;
    static final int SECTION_PRE_DATA = 2;
    static final int SECTION_DATA = 3;
    static final int SECTION_POST_DATA = 4;
    /** A header and TOC larger than this is given up on (a TOC entry is a few hundred bytes). */
    static final int MAX_HEAD = 256 << 20;
    /** What pg_dump writes after a table's rows (pg_dump.c, dumpTableData_copy): three newlines, no row. */
    static final byte[] END_MARKER = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int V1_12 = version(1, 12);
    private static final int V1_14 = version(1, 14);
    private static final int V1_15 = version(1, 15);
    private static final int V1_16 = version(1, 16);
    private static final int V1_17 = version(1, 17);
    private static final int FORMAT_CUSTOM = 1;
    private static final Pattern CLIENT_ENCODING = Pattern.compile("client_encoding = '([^']+)'");

    private PgArchive() {
    }

    /** The archive's header: its format version, offset size, compression, and the pg_dump that wrote it. */
    record Header(int archiveVersion, int intSize, int offSize, long compression, String pgDumpVersion) {
        static Header read(Cursor c) throws NeedMore, Unsupported {
            byte[] magic = c.bytes(5);
            if (!Arrays.equals(magic, "PGDMP".getBytes(StandardCharsets.US_ASCII))) {
                throw new Unsupported("not a pg_dump custom-format archive");
            }
            int version = version(c.u8(), c.u8()) + c.u8();
            if (version < V1_12 || version >= V1_17) {
                throw new Unsupported("archive version " + (version >> 16) + "." + ((version >> 8) & 0xFF) + " is not one this"
                        + " reader knows (1.12 to 1.16)");
            }
            int intSize = c.u8();
            int offSize = c.u8();
            if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) {
                throw new Unsupported("integer size " + intSize + ", offset size " + offSize);
            }
            c.intSize = intSize;
            if (c.u8() != FORMAT_CUSTOM) {
                throw new Unsupported("not the custom format");
            }
            long compression = version >= V1_15 ? c.u8() : c.readInt();
            for (int i = 0; i < 7; i++) {
                c.readInt(); // creation time
            }
            c.skipString(); // database
            c.skipString(); // server version
            return new Header(version, intSize, offSize, compression, c.stringOrNull());
        }
    }

    /**
     * One TOC entry. {@code hadDumper}: the archive holds a data block for it. {@code copyStmt}: for
     * {@code TABLE DATA}, the COPY statement its rows are for ("COPY public.t (a, b) FROM stdin;\n").
     */
    record Entry(long dumpId, boolean hadDumper, String tag, String desc, int section, String defn, String copyStmt,
                 String namespace) {
        /** {@code schema.table} (unquoted), as the restore reports a table. */
        String table() {
            return (namespace == null || namespace.isEmpty() ? "" : namespace + ".") + tag;
        }

        boolean isTableData() {
            return "TABLE DATA".equals(desc) && tag != null;
        }
    }

    /** The header, the TOC entries in archive order, and where the data blocks start ({@code end}). */
    record Toc(Header header, List<Entry> entries, int end) {
        Toc {
            entries = List.copyOf(entries);
        }

        /** The length of an archive integer: its sign byte and magnitude. */
        int intLength() {
            return header.intSize() + 1;
        }

        /** The {@code TABLE DATA} entries by dump id, as {@code schema.table}. */
        Map<Long, String> tableData() {
            Map<Long, String> tables = new HashMap<>();
            for (Entry e : entries) {
                if (e.isTableData()) {
                    tables.put(e.dumpId(), e.table());
                }
            }
            return Map.copyOf(tables);
        }

        /** The {@code ENCODING} entry's encoding ("UTF8"), or null. */
        String encoding() {
            for (Entry e : entries) {
                if ("ENCODING".equals(e.desc()) && e.defn() != null) {
                    Matcher m = CLIENT_ENCODING.matcher(e.defn());
                    return m.find() ? m.group(1) : null;
                }
            }
            return null;
        }

        /** Reads the header and TOC at the start of {@code b[0, length)}; {@link NeedMore} if they go on past it. */
        static Toc read(byte[] b, int length) throws NeedMore, Unsupported {
            Cursor c = new Cursor(b, length);
            Header header = Header.read(c);
            if (header.compression() != 0) {
                throw new Unsupported("compressed archive");
            }
            int version = header.archiveVersion();
            long count = c.readInt();
            if (count < 0) {
                throw new Unsupported("negative TOC size");
            }
            List<Entry> entries = new ArrayList<>();
            for (long e = 0; e < count; e++) {
                long dumpId = c.readInt();
                boolean hadDumper = c.readInt() != 0;
                c.skipString(); // table oid
                c.skipString(); // oid
                String tag = c.stringOrNull();
                String desc = c.stringOrNull();
                int section = (int) c.readInt();
                String defn = "ENCODING".equals(desc) ? c.stringOrNull() : c.skip();
                c.skipString(); // drop statement
                String copyStmt = c.stringOrNull();
                String namespace = c.stringOrNull();
                c.skipString(); // tablespace
                if (version >= V1_14) {
                    c.skipString(); // table access method
                }
                if (version >= V1_16) {
                    c.readInt(); // relkind
                }
                c.skipString(); // owner
                c.skipString(); // "false": with oids
                while (c.stringOrNull() != null) {
                    // dependencies, up to a null
                }
                c.u8(); // the data offset's flag
                c.bytes(header.offSize());
                entries.add(new Entry(dumpId, hadDumper, tag, desc, section, defn, copyStmt, namespace));
            }
            return new Toc(header, entries, c.pos);
        }
    }

    /** pg_dump's integer: a sign byte, then {@code size} bytes of magnitude, least significant first. */
    static long archiveInt(byte[] b, int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) (b[at + 1 + i] & 0xFF) << (8 * i);
        }
        return b[at] != 0 ? -v : v;
    }

    private static int version(int major, int minor) {
        return (major * 256 + minor) * 256;
    }

    /** Reads the header bytes gathered so far; {@link NeedMore} when they end too soon. */
    static final class Cursor {
        private final byte[] b;
        private final int limit;
        private int pos;
        private int intSize = 4;

        Cursor(byte[] b, int limit) {
            this.b = b;
            this.limit = limit;
        }

        int u8() throws NeedMore {
            need(1);
            return b[pos++] & 0xFF;
        }

        byte[] bytes(int n) throws NeedMore {
            need(n);
            byte[] r = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return r;
        }

        long readInt() throws NeedMore {
            need(intSize + 1);
            long v = archiveInt(b, pos, intSize);
            pos += intSize + 1;
            return v;
        }

        String stringOrNull() throws NeedMore, Unsupported {
            long n = readInt();
            if (n < 0) {
                return null;
            }
            if (n > MAX_HEAD) {
                throw new Unsupported("a TOC string of " + n + " bytes");
            }
            need((int) n);
            String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }

        /** Skips a string; returns null. */
        String skip() throws NeedMore, Unsupported {
            skipString();
            return null;
        }

        void skipString() throws NeedMore, Unsupported {
            long n = readInt();
            if (n > MAX_HEAD) {
                throw new Unsupported("a TOC string of " + n + " bytes");
            }
            if (n > 0) {
                need((int) n);
                pos += (int) n;
            }
        }

        private void need(int n) throws NeedMore {
            if (pos + n > limit || pos + n < 0) {
                throw NeedMore.INSTANCE;
            }
        }
    }

    /** The header and TOC go on past the bytes gathered so far. */
    static final class NeedMore extends Exception {
        private static final long serialVersionUID = 1L;
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super(null, null, false, false);
        }
    }

    /** An archive this reader does not know. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why);
        }
    }
}
