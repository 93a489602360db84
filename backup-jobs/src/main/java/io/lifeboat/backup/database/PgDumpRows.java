package io.lifeboat.backup.database;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the rows of every table in an uncompressed {@code pg_dump --format=custom} archive as it
 * streams past, so that a restore can say how many rows it loaded without a {@code count(*)} over
 * every table afterwards (a quarter of a second per 5 million rows, after the restore is done).
 *
 * <p>{@link PgArchive} describes the archive: every newline byte in a {@code TABLE DATA} block but the
 * three of its end marker ends a row. When pg_restore has loaded such an archive with
 * {@code --exit-on-error} and exited 0, every COPY succeeded, and the rows it loaded are exactly these.
 *
 * <p>Archive versions 1.12 to 1.16 are read. Anything else, a compressed archive,
 * or a stream that does not parse or ends inside a block gives {@code null} from {@link #rows()}: the
 * caller then counts in the database, as before. This class never fails the restore.
 */
final class PgDumpRows {
    private static final int BLK_DATA = PgArchive.BLK_DATA;
    private static final int BLK_BLOBS = PgArchive.BLK_BLOBS;
    private static final int MAX_HEAD = PgArchive.MAX_HEAD;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final byte[] END_MARKER = PgArchive.END_MARKER;

    private enum State { BLOCK_TYPE, DUMP_ID, CHUNK_LENGTH, CHUNK, BLOB_OID }

    // the header and TOC, gathered until they parse
    private byte[] head = new byte[8192];
    private int headLength;
    private int nextParse = 8192;
    private PgArchive.Toc toc;
    private Map<Long, String> tableData;
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
        if (unsupported != null || toc == null || state != State.BLOCK_TYPE || !rows.keySet().containsAll(tableData.values())) {
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
                : "the archive ended before the data of " + tableData.values().stream().filter(t -> !rows.containsKey(t))
                        .sorted().findFirst().orElse("a table");
    }

    private void giveUp(String why) {
        unsupported = why;
        head = null;
    }

    private void parseHead() {
        try {
            PgArchive.Toc parsed = PgArchive.Toc.read(head, headLength);
            toc = parsed;
            tableData = parsed.tableData();
            byte[] rest = head;
            head = null;
            data(rest, parsed.end(), headLength - parsed.end());
        } catch (PgArchive.NeedMore more) {
            // wait for more bytes
        } catch (PgArchive.Unsupported u) {
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
                        table = blockType == BLK_DATA ? tableData.get(id) : null;
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
        return PgArchive.archiveInt(field, 0, toc.intLength() - 1);
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

    /**
     * The version string of the pg_dump that wrote the archive starting with {@code head[0, length)}
     * ("15.20 (Debian 15.20-0+deb12u1)", what {@code pg_dump --version} prints after its name), as its
     * header records it; null if that is not the start of an archive this class reads.
     */
    static String pgDumpVersion(byte[] head, int length) {
        try {
            return PgArchive.Header.read(new PgArchive.Cursor(head, length)).pgDumpVersion();
        } catch (PgArchive.NeedMore | PgArchive.Unsupported e) {
            return null;
        }
    }
}
