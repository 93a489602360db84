package io.lifeboat.backup.database;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the rows of every table in an uncompressed {@code pg_dump --format=custom} archive as it
 * streams past, so that a restore can say how many rows it loaded without a {@code count(*)} over
 * every table afterwards (a quarter of a second per 5 million rows, after the restore is done).
 *
 * <p>The archive is the header, the table of contents (TOC), then one data block per TOC entry with
 * data: a block type byte, the entry's dump id, and length-prefixed chunks ending with a zero length.
 * A {@code TABLE DATA} entry's chunks are the table's rows in COPY text format, one row per line, and
 * then pg_dump's end-of-data marker {@code \.} and two empty lines: COPY escapes a newline inside a
 * value as {@code \n}, so every newline byte but those three ends a row. When pg_restore
 * has loaded such an archive with {@code --exit-on-error} and exited 0, every COPY succeeded, and the
 * rows it loaded are exactly these.
 *
 * <p>Archive versions 1.12 to 1.16 are read (pg_dump 15 writes 1.14, 16 writes 1.15, 17 writes 1.16). Anything else, a compressed archive,
 * or a stream that does not parse or ends inside a block gives {@code null} from {@link #rows()}: the
 * caller then counts in the database, as before. This class never fails the restore.
 */
final class PgDumpRows {
    private static final int V1_12 = version(1, 12);
    private static final int V1_14 = version(1, 14);
    private static final int V1_15 = version(1, 15);
    private static final int V1_16 = version(1, 16);
    private static final int V1_17 = version(1, 17);
    private static final int BLK_DATA = 1;
    private static final int BLK_BLOBS = 3;
    private static final int FORMAT_CUSTOM = 1;
    /** A header and TOC larger than this is given up on (a TOC entry is a few hundred bytes). */
    static final int MAX_HEAD = 256 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    /** What pg_dump writes after a table's rows (pg_dump.c, dumpTableData_copy): three newlines, no row. */
    private static final byte[] END_MARKER = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);

    private enum State { BLOCK_TYPE, DUMP_ID, CHUNK_LENGTH, CHUNK, BLOB_OID }

    // the header and TOC, gathered until they parse
    private byte[] head = new byte[8192];
    private int headLength;
    private int nextParse = 8192;
    private Toc toc;
    // the data blocks
    private State state = State.BLOCK_TYPE;
    private final byte[] field = new byte[16];
    private int fieldLength;
    private int blockType;
    private long chunkLeft;
    private String table; // the table whose rows the current block holds, or null
    private long tableRows;
    // the last bytes of the current table's data: they must be the end marker
    private final byte[] tail = new byte[END_MARKER.length];
    private int tailLength;
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private String unsupported;

    /** {@code in}, with every byte read from it counted here as well. */
    InputStream tap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    accept(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    accept(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                byte[] scratch = new byte[(int) Math.min(n, 8192)];
                int read = read(scratch, 0, scratch.length);
                return Math.max(read, 0);
            }

            @Override
            public boolean markSupported() {
                return false;
            }
        };
    }

    /** The next {@code len} bytes of the archive. */
    void accept(byte[] b, int off, int len) {
        if (unsupported != null || len <= 0) {
            return;
        }
        if (toc != null) {
            data(b, off, len);
            return;
        }
        if (headLength + len > head.length) {
            if (headLength + len > MAX_HEAD) {
                giveUp("header and table of contents larger than " + (MAX_HEAD >> 20) + " MiB");
                return;
            }
            head = Arrays.copyOf(head, Math.max(headLength + len, Math.min(MAX_HEAD, head.length * 2)));
        }
        System.arraycopy(b, off, head, headLength, len);
        headLength += len;
        if (headLength >= nextParse) {
            parseHead();
            nextParse = headLength * 2; // re-parsing only as the buffer doubles keeps a large TOC linear
        }
    }

    /**
     * Rows per table ({@code schema.table}), if the archive was read to its end (every table its TOC
     * lists has had its data) and understood; else null. Tables whose data the archive does not hold
     * are not in the map.
     */
    Map<String, Long> rows() {
        if (toc == null && unsupported == null) {
            parseHead();
        }
        if (unsupported != null || toc == null || state != State.BLOCK_TYPE || !rows.keySet().containsAll(toc.tableData().values())) {
            return null;
        }
        return Map.copyOf(rows);
    }

    /** Why {@link #rows()} is null, for the log; null if it is not. */
    String whyNot() {
        if (rows() != null) {
            return null;
        } else if (unsupported != null) {
            return unsupported;
        }
        if (toc == null) {
            return "the archive ended inside its table of contents";
        }
        return state != State.BLOCK_TYPE ? "the archive ended inside a data block"
                : "the archive ended before the data of " + toc.tableData().values().stream().filter(t -> !rows.containsKey(t))
                        .sorted().findFirst().orElse("a table");
    }

    private void giveUp(String why) {
        unsupported = why;
        head = null;
    }

    private void parseHead() {
        try {
            Cursor c = new Cursor(head, headLength);
            Toc parsed = Toc.read(c);
            toc = parsed;
            byte[] rest = head;
            head = null;
            data(rest, c.pos, headLength - c.pos);
        } catch (NeedMore more) {
            // wait for more bytes
        } catch (Unsupported u) {
            giveUp(u.getMessage());
        }
    }

    private void data(byte[] b, int off, int len) {
        int end = off + len;
        while (off < end && unsupported == null) {
            switch (state) {
                case BLOCK_TYPE -> {
                    blockType = b[off++] & 0xFF;
                    if (blockType != BLK_DATA && blockType != BLK_BLOBS) {
                        giveUp("unknown data block type " + blockType);
                        return;
                    }
                    state = State.DUMP_ID;
                }
                case DUMP_ID -> {
                    off = gather(b, off, end);
                    if (fieldLength == toc.intLength()) {
                        long id = takeInt();
                        table = blockType == BLK_DATA ? toc.tableData().get(id) : null;
                        tableRows = 0;
                        tailLength = 0;
                        state = blockType == BLK_DATA ? State.CHUNK_LENGTH : State.BLOB_OID;
                    }
                }
                case CHUNK_LENGTH -> {
                    off = gather(b, off, end);
                    if (fieldLength == toc.intLength()) {
                        long length = takeInt();
                        if (length < 0) {
                            giveUp("negative chunk length");
                            return;
                        } else if (length > 0) {
                            chunkLeft = length;
                            state = State.CHUNK;
                        } else if (blockType == BLK_DATA) {
                            if (table != null) {
                                if (tailLength != END_MARKER.length || !Arrays.equals(tail, END_MARKER)) {
                                    giveUp("the data of " + table + " does not end with COPY's end marker");
                                    return;
                                }
                                rows.merge(table, tableRows - 3, Long::sum);
                            }
                            state = State.BLOCK_TYPE;
                        } else {
                            state = State.BLOB_OID; // one large object ended; the next, or 0
                        }
                    }
                }
                case CHUNK -> {
                    int n = (int) Math.min(chunkLeft, end - off);
                    if (table != null) {
                        tableRows += newlines(b, off, n);
                        keepTail(b, off, n);
                    }
                    off += n;
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = State.CHUNK_LENGTH;
                    }
                }
                case BLOB_OID -> {
                    off = gather(b, off, end);
                    if (fieldLength == toc.intLength()) {
                        state = takeInt() == 0 ? State.BLOCK_TYPE : State.CHUNK_LENGTH;
                    }
                }
            }
        }
    }

    /** Keeps the last {@code tail.length} bytes of the table's data seen so far. */
    private void keepTail(byte[] b, int off, int n) {
        int take = Math.min(n, tail.length);
        int keep = Math.min(tailLength, tail.length - take);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(b, off + n - take, tail, keep, take);
        tailLength = keep + take;
    }

    /** Adds bytes to the integer being read, up to its length; returns the new offset. */
    private int gather(byte[] b, int off, int end) {
        int n = Math.min(toc.intLength() - fieldLength, end - off);
        System.arraycopy(b, off, field, fieldLength, n);
        fieldLength += n;
        return off + n;
    }

    private long takeInt() {
        fieldLength = 0;
        return archiveInt(field, 0, toc.intLength() - 1);
    }

    /** pg_dump's integer: a sign byte, then {@code size} bytes of magnitude, least significant first. */
    static long archiveInt(byte[] b, int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (long) (b[at + 1 + i] & 0xFF) << (8 * i);
        }
        return b[at] != 0 ? -v : v;
    }

    /**
     * Newline bytes in {@code b[off, off + len)}, eight at a time. The launcher lets C2 compile this
     * method (scheduler/src/main/jvm/cli-compiler-directives.json): C1 code counts several times slower.
     */
    static long newlines(byte[] b, int off, int len) {
        long count = 0;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a newline byte is now a zero byte
            // high bit set exactly in the zero bytes: no carry crosses a byte in (x & 0x7F..) + 0x7F..
            long zero = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += Long.bitCount(zero);
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    private static int version(int major, int minor) {
        return (major * 256 + minor) * 256;
    }

    /**
     * The version string of the pg_dump that wrote the archive starting with {@code head[0, length)}
     * ("15.20 (Debian 15.20-0+deb12u1)", what {@code pg_dump --version} prints after its name), as its
     * header records it; null if that is not the start of an archive this class reads.
     */
    static String pgDumpVersion(byte[] head, int length) {
        try {
            return Header.read(new Cursor(head, length)).pgDumpVersion();
        } catch (NeedMore | Unsupported e) {
            return null;
        }
    }

    /** The archive's header: its format version, offset size, compression, and the pg_dump that wrote it. */
    private record Header(int archiveVersion, int offSize, long compression, String pgDumpVersion) {
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
            return new Header(version, offSize, compression, c.stringOrNull());
        }
    }

    /** What the data blocks need from the TOC: the integer size, and the tables by dump id. */
    private record Toc(int intLength, Map<Long, String> tableData) {
        static Toc read(Cursor c) throws NeedMore, Unsupported {
            Header header = Header.read(c);
            if (header.compression() != 0) {
                throw new Unsupported("compressed archive");
            }
            int version = header.archiveVersion();
            int offSize = header.offSize();
            int intSize = c.intSize;
            long entries = c.readInt();
            if (entries < 0) {
                throw new Unsupported("negative TOC size");
            }
            Map<Long, String> tables = new HashMap<>();
            for (long e = 0; e < entries; e++) {
                long dumpId = c.readInt();
                c.readInt(); // had a data dumper
                c.skipString(); // table oid
                c.skipString(); // oid
                String tag = c.stringOrNull();
                String desc = c.stringOrNull();
                c.readInt(); // section
                c.skipString(); // definition
                c.skipString(); // drop statement
                c.skipString(); // copy statement
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
                c.bytes(offSize);
                if ("TABLE DATA".equals(desc) && tag != null) {
                    tables.put(dumpId, (namespace == null || namespace.isEmpty() ? "" : namespace + ".") + tag);
                }
            }
            return new Toc(intSize + 1, Map.copyOf(tables));
        }
    }

    /** Reads the header bytes gathered so far; {@link NeedMore} when they end too soon. */
    private static final class Cursor {
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
    private static final class NeedMore extends Exception {
        private static final long serialVersionUID = 1L;
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why);
        }
    }
}
