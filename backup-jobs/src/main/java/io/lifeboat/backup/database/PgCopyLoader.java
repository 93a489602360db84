package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Loads the data blocks of an uncompressed custom-format archive ({@link PgArchive}) as they stream
 * in, over {@code jobs} connections at once: each table's rows are cut into pieces of about a MiB
 * at row ends, and the pieces go to whichever connection is free, which loads them with the
 * entry's own COPY statement. pg_restore loads one table over one connection, and a table's COPY is
 * bound by one server core: 2 connections loaded the 5M-row pgbench table in 4.6-5.0 s where one
 * took 7.2-8.4 s.
 *
 * <p>Every COPY is its own transaction, as pg_restore's are. The rows of one table arrive in a
 * different physical order than they were dumped (what CLUSTER did is not kept). The end-of-data
 * marker is never sent: a cut is made only before a block's last {@link PgArchive#END_MARKER}
 * bytes, and a block that does not end with it fails the load. The rows per table are the servers'
 * own COPY counts.
 *
 * <p>Connections are set up as pg_restore sets up its own: no statement, lock or idle timeouts, and
 * {@code row_security = off} (a table whose policies would filter rows fails rather than loading
 * fewer). JDBC speaks UTF8 only, so the caller sends other encodings through pg_restore instead.
 */
final class PgCopyLoader {
    /** The piece a table's rows are cut into. */
    static final int PIECE = 1 << 20;
    /** Pieces waiting per connection. */
    private static final int QUEUED = 2;
    private static final long POLL_MILLIS = 50;
    private static final long ABORT_WAIT_MILLIS = 2000;
    private static final Piece END = new Piece(null, new byte[0], 0);

    private final DbConnection into;
    private final String what;
    private final Map<Long, PgArchive.Entry> byId = new HashMap<>();
    /** Pieces loaded, for the next rows: a restore allocates a few MiB, not one per MiB loaded. */
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(64);
    private final int intLength;
    private final int jobs;
    private final int pieceSize;

    PgCopyLoader(DbConnection into, String what, PgArchive.Toc toc, int jobs) {
        this(into, what, toc, jobs, PIECE);
    }

    PgCopyLoader(DbConnection into, String what, PgArchive.Toc toc, int jobs, int pieceSize) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1: " + jobs);
        }
        this.into = into;
        this.what = what;
        this.intLength = toc.intLength();
        this.jobs = jobs;
        this.pieceSize = Math.max(pieceSize, 2 * PgArchive.END_MARKER.length);
        for (PgArchive.Entry e : toc.entries()) {
            byId.put(e.dumpId(), e);
        }
    }

    /** Rows of a table, ready to load. */
    private record Piece(PgArchive.Entry entry, byte[] bytes, int length) {
    }

    /**
     * Loads every data block in {@code data} (the archive after its TOC) until it ends; returns the
     * rows loaded per table ({@code schema.table}), tables without rows included.
     */
    Map<String, Long> load(InputStream data) {
        Map<String, Long> rows = new ConcurrentHashMap<>();
        AtomicReference<LifeboatException> failure = new AtomicReference<>();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Worker w = new Worker(i, rows, failure);
            workers.add(w);
            w.thread.start();
        }
        Map<String, Long> order = new LinkedHashMap<>();
        boolean done = false;
        try {
            Blocks blocks = new Blocks(data, workers, failure, order);
            blocks.readAll();
            blocks.checkComplete();
            for (Worker w : workers) {
                w.put(END, failure);
            }
            for (Worker w : workers) {
                w.thread.join();
            }
            done = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted"));
        } catch (LifeboatException e) {
            failure.compareAndSet(null, e);
        } finally {
            if (!done) {
                abort(workers);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        Map<String, Long> result = new LinkedHashMap<>();
        order.keySet().forEach(t -> result.put(t, rows.getOrDefault(t, 0L)));
        return result;
    }

    /** Stops every worker: their COPYs are cancelled and their connections closed before this returns. */
    private static void abort(List<Worker> workers) {
        boolean interrupted = Thread.interrupted();
        for (Worker w : workers) {
            w.aborted = true;
            w.queue.clear();
            w.queue.offer(END);
        }
        for (Worker w : workers) {
            // a worker blocked on its server (a COPY waiting for a lock, a full socket) is cancelled there
            for (int tries = 0; w.thread.isAlive(); tries++) {
                try {
                    w.thread.join(ABORT_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (w.thread.isAlive()) {
                    w.cancelOnServer(tries > 0);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the data blocks and cuts each table's rows into pieces for the workers. */
    private final class Blocks {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private final byte[] intBytes = new byte[intLength];
        private int pos;
        private int limit;
        private final List<Worker> workers;
        private final AtomicReference<LifeboatException> failure;
        private final Map<String, Long> tables;
        private int next;
        private Worker last;
        private Worker pinned;

        Blocks(InputStream in, List<Worker> workers, AtomicReference<LifeboatException> failure, Map<String, Long> tables) {
            this.in = in;
            this.workers = workers;
            this.failure = failure;
            this.tables = tables;
        }

        void readAll() throws InterruptedException {
            while (true) {
                int type = u8();
                if (type < 0) {
                    return;
                }
                if (type != PgArchive.BLK_DATA) {
                    throw corrupt("a data block of type " + type + " (" + (type == PgArchive.BLK_BLOBS ? "large objects" : "unknown")
                            + "), which the table of contents did not announce");
                }
                long id = archiveInt();
                PgArchive.Entry entry = byId.get(id);
                if (entry == null || !entry.isTableData() || !entry.hadDumper()) {
                    throw corrupt("a data block for dump id " + id + ", which is no table's data in the table of contents");
                }
                tables.put(entry.table(), 0L);
                table(entry);
            }
        }

        /** Fails unless every table the TOC gives data had its block. */
        void checkComplete() {
            byId.values().stream().filter(e -> e.isTableData() && e.hadDumper() && !tables.containsKey(e.table()))
                    .map(PgArchive.Entry::table).sorted().findFirst().ifPresent(t -> {
                        throw corrupt("the archive ends before the data of " + t);
                    });
        }

        /** One table's chunks, up to the zero-length chunk that ends them. */
        private void table(PgArchive.Entry entry) throws InterruptedException {
            byte[] piece = buffer();
            int length = 0;
            int marker = PgArchive.END_MARKER.length;
            while (true) {
                long chunk = archiveInt();
                if (chunk < 0) {
                    throw corrupt("a negative chunk length in the data of " + entry.table());
                }
                if (chunk == 0) {
                    break;
                }
                while (chunk > 0) {
                    if (length == piece.length) {
                        // cut after the last row end before the final bytes, which may be the end marker; a
                        // row longer than a piece goes in parts, all to the same connection
                        int end = lastNewline(piece, length - marker) + 1;
                        boolean rowEnds = end > 0;
                        int cut = rowEnds ? end : length - marker;
                        byte[] rest = buffer();
                        System.arraycopy(piece, cut, rest, 0, length - cut);
                        send(new Piece(entry, piece, cut), rowEnds);
                        piece = rest;
                        length -= cut;
                    }
                    int n = (int) Math.min(chunk, piece.length - length);
                    readFully(piece, length, n);
                    length += n;
                    chunk -= n;
                }
            }
            if (length < marker || !Arrays.equals(piece, length - marker, length, PgArchive.END_MARKER, 0, marker)) {
                throw corrupt("the data of " + entry.table() + " does not end with COPY's end marker");
            }
            length -= marker;
            if (length > 0) {
                if (piece[length - 1] != '\n') {
                    throw corrupt("the data of " + entry.table() + " ends inside a row");
                }
                send(new Piece(entry, piece, length), true);
            } else if (pinned != null) {
                throw corrupt("the data of " + entry.table() + " ends inside a row");
            }
        }

        /**
         * To the first worker with room, from the one after the last used; waits when all are busy. A
         * piece that ends inside a row pins its worker until the piece that ends the row.
         */
        private void send(Piece p, boolean rowEnds) throws InterruptedException {
            Worker to = pinned != null ? pinned : pick(p);
            if (to != null) {
                to.put(p, failure);
            }
            pinned = rowEnds ? null : to == null ? last : to;
        }

        /** Offers {@code p} to the first worker with room and returns null, else returns the next worker. */
        private Worker pick(Piece p) throws InterruptedException {
            int n = workers.size();
            if (failure.get() != null) {
                throw failure.get();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            for (int k = 0; k < n; k++) {
                int i = (next + k) % n;
                if (workers.get(i).queue.offer(p)) {
                    next = (i + 1) % n;
                    last = workers.get(i);
                    return null;
                }
            }
            last = workers.get(next);
            next = (next + 1) % n;
            return last;
        }

        private int u8() {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xFF;
        }

        private long archiveInt() {
            if (limit - pos >= intLength) { // one per row: pg_dump writes each row as a chunk of its own
                long v = PgArchive.archiveInt(buf, pos, intLength - 1);
                pos += intLength;
                return v;
            }
            readFully(intBytes, 0, intLength);
            return PgArchive.archiveInt(intBytes, 0, intLength - 1);
        }

        private void readFully(byte[] dst, int off, int len) {
            while (len > 0) {
                if (pos == limit && !fill()) {
                    throw corrupt("the archive ends inside a data block");
                }
                int n = Math.min(len, limit - pos);
                System.arraycopy(buf, pos, dst, off, n);
                pos += n;
                off += n;
                len -= n;
            }
        }

        private boolean fill() {
            try {
                int n = in.read(buf);
                if (n <= 0) {
                    return false;
                }
                pos = 0;
                limit = n;
                return true;
            } catch (IOException e) {
                throw new LifeboatException(ErrorCode.TARGET_IO, what + ": reading the dump failed: " + e.getMessage(), e);
            }
        }
    }

    private byte[] buffer() {
        byte[] b = spare.poll();
        return b != null ? b : new byte[pieceSize];
    }

    /** The index of the last newline in {@code b[0, end)}, or -1. */
    static int lastNewline(byte[] b, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private LifeboatException corrupt(String detail) {
        return new LifeboatException(ErrorCode.TARGET_IO, what + ": the dump is damaged: " + detail);
    }

    /** A connection of its own, loading the pieces it is given. */
    private final class Worker {
        final BlockingQueue<Piece> queue = new ArrayBlockingQueue<>(QUEUED);
        final Thread thread;
        volatile boolean aborted;
        private volatile Connection connection;
        private final Map<String, Long> rows;
        private final AtomicReference<LifeboatException> failure;

        Worker(int index, Map<String, Long> rows, AtomicReference<LifeboatException> failure) {
            this.rows = rows;
            this.failure = failure;
            this.thread = new Thread(this::run, "pg-copy-" + index);
            this.thread.setDaemon(true);
        }

        /** Waits for room; throws the first failure of any worker instead. */
        void put(Piece p, AtomicReference<LifeboatException> failure) throws InterruptedException {
            do {
                if (failure.get() != null) {
                    throw failure.get();
                }
            } while (!queue.offer(p, POLL_MILLIS, TimeUnit.MILLISECONDS));
        }

        private void run() {
            PgArchive.Entry current = null;
            CopyIn copy = null;
            Connection jdbc = null;
            try {
                jdbc = PostgresSql.open(into);
                connection = jdbc;
                try (Statement st = jdbc.createStatement()) {
                    st.execute("set statement_timeout = 0; set lock_timeout = 0; set idle_in_transaction_session_timeout = 0;"
                            + " set row_security = off; set client_min_messages = warning");
                }
                CopyManager copies = jdbc.unwrap(PGConnection.class).getCopyAPI();
                while (!aborted) {
                    Piece p = queue.take();
                    if (p == END || aborted) {
                        break;
                    }
                    if (p.entry() != current) {
                        if (copy != null) {
                            rows.merge(current.table(), copy.endCopy(), Long::sum);
                            copy = null;
                        }
                        current = p.entry();
                        copy = copies.copyIn(current.copyStmt());
                    }
                    copy.writeToCopy(p.bytes(), 0, p.length());
                    spare.offer(p.bytes());
                }
                if (copy != null && !aborted) {
                    rows.merge(current.table(), copy.endCopy(), Long::sum);
                    copy = null;
                }
            } catch (SQLException e) {
                String during = current == null ? what : what + ", loading the rows of " + current.table() + ",";
                failure.compareAndSet(null, Failures.sql(during, into, e));
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted"));
            } catch (RuntimeException | Error e) {
                // the reader waits on this worker's queue until a failure is recorded: record every one
                failure.compareAndSet(null, new LifeboatException(ErrorCode.INTERNAL, what + ": " + e, e));
            } finally {
                cancel(copy);
                close(jdbc);
            }
        }

        /** Cancels what the connection is doing on the server (from another thread), or closes it ({@code close}). */
        void cancelOnServer(boolean close) {
            Connection jdbc = connection;
            if (jdbc == null) {
                return;
            }
            try {
                if (close) {
                    jdbc.close();
                } else {
                    jdbc.unwrap(PGConnection.class).cancelQuery();
                }
            } catch (SQLException e) {
                // it is ending anyway
            }
        }

        private void close(Connection jdbc) {
            if (jdbc != null) {
                try {
                    jdbc.close();
                } catch (SQLException e) {
                    // the server ends the session with the socket
                }
            }
        }

        private void cancel(CopyIn copy) {
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // the connection closes next; the server rolls the COPY back
                }
            }
        }
    }
}
