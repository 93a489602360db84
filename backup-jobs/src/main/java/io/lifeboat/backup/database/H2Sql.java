package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL side of {@link H2Engine}. */
final class H2Sql {
    private static final String BASE_TABLES = "select table_schema, table_name from information_schema.tables"
            + " where table_schema <> 'INFORMATION_SCHEMA' and table_type = 'BASE TABLE' order by 1, 2";

    record Snapshot(Instant at, String serverVersion, Map<String, Long> counts) {
    }

    private H2Sql() {
    }

    static Snapshot snapshot(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement();
             ResultSet rs = st.executeQuery("select current_timestamp, h2version()")) {
            rs.next();
            Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
            return new Snapshot(at, "H2 " + rs.getString(2), rowCounts(jdbc));
        }
    }

    /** Streams {@code SCRIPT}'s rows (one statement each) into out as UTF-8 lines; out stays open. */
    static void script(Connection jdbc, OutputStream out, String what) throws SQLException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(nonClosing(out), StandardCharsets.UTF_8),
                ToolRunner.BUFFER);
        try (Statement st = jdbc.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("SCRIPT")) {
                while (rs.next()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted");
                    }
                    writer.write(rs.getString(1));
                    writer.write('\n');
                }
            }
            writer.flush();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, what + ": writing the dump failed: " + e.getMessage(), e);
        }
    }

    /** UTF-8 over the dump; read failures and interrupts surface as LifeboatExceptions through RunScript. */
    static Reader reader(InputStream dump, String what) {
        Reader utf8 = new InputStreamReader(dump, StandardCharsets.UTF_8);
        return new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new LifeboatException(ErrorCode.INTERRUPTED, what + ": interrupted");
                }
                try {
                    return utf8.read(cbuf, off, len);
                } catch (IOException e) {
                    throw new LifeboatException(ErrorCode.TARGET_IO, what + ": reading the dump failed: "
                            + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                // the caller owns the stream
            }
        };
    }

    static String serverVersion(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery("select h2version()")) {
            rs.next();
            return "H2 " + rs.getString(1);
        }
    }

    static boolean hasTables(Connection jdbc) throws SQLException {
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery("select count(*) from"
                + " information_schema.tables where table_schema <> 'INFORMATION_SCHEMA'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    static int tableCount(Connection jdbc) throws SQLException {
        return tables(jdbc).size();
    }

    static Map<String, Long> rowCounts(Connection jdbc) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement st = jdbc.createStatement()) {
            for (String[] t : tables(jdbc)) {
                try (ResultSet rs = st.executeQuery("select count(*) from " + ident(t[0]) + "." + ident(t[1]))) {
                    rs.next();
                    counts.put(t[0] + "." + t[1], rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static List<String[]> tables(Connection jdbc) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(BASE_TABLES)) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
