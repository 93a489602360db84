package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump that fails, is killed, is interrupted, times out, writes into a broken stream, or is missing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEngineFailureTest {
    private static final String SECRET = "hunter2-Sup3rSecret";
    private final DatabaseEngine engine = DatabaseEngines.forKind("postgres");
    private String db;
    private String role;

    @TempDir
    Path temp;

    @BeforeAll
    void database() throws SQLException {
        TestServers.requirePostgres();
        db = TestServers.unique("lb_pg_fail");
        role = TestServers.unique("lb_pg_noread");
        TestServers.pgDatabase(db,
                "create table filler(id int primary key, body text)",
                "insert into filler select g, repeat(md5(g::text), 4) from generate_series(1, 200000) g",
                "create table \"secret_" + SECRET + "\"(id int)",
                "create role " + role + " login",
                "grant connect on database " + db + " to " + role,
                "grant select on filler to " + role);
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        if (db != null) {
            engine.dropDatabase(TestServers.pg(db));
            try (Connection c = TestServers.pgAdmin("postgres")) {
                TestServers.execute(c, "drop role if exists " + role);
            }
        }
    }

    @Test
    void toolErrorNamesTheDatabaseAndConnectionWithoutThePassword() {
        DbConnection noRights = DbConnection.server("127.0.0.1", 5432, db, role, new Secret(SECRET));
        LifeboatException e = catchThrowableOfType(LifeboatException.class,
                () -> engine.dump(noRights, OutputStream.nullOutputStream()));
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
        assertThat(e.getMessage())
                .contains("dump of postgres database \"" + db + "\"", role + "@127.0.0.1:5432/" + db)
                .contains("pg_dump exited with code 1", "permission denied for table")
                .contains("secret_****")
                .doesNotContain(SECRET);
        assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET);
    }

    @Test
    void passwordOnlyInPgpassword() throws Exception {
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, String.join("\n", "#!/bin/sh", "d=\"$(dirname \"$0\")\"",
                "if [ \"$1\" = \"--version\" ]; then echo 'pg_dump (PostgreSQL) 99 fake'; exit 0; fi",
                "tr '\\0' '\\n' < /proc/$$/cmdline > \"$d/cmdline.txt\"",
                "printf '%s' \"$PGPASSWORD\" > \"$d/pgpassword.txt\"", "printf 'PGDMP'", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        DatabaseEngine faked = new PostgresEngine(new ToolLocator(bin.toString()), new ToolRunner(Duration.ofMinutes(1)),
                temp);
        DbConnection withPassword = DbConnection.server("127.0.0.1", 5432, db, "postgres", new Secret(SECRET));

        DumpInfo info = faked.dump(withPassword, OutputStream.nullOutputStream());

        assertThat(info.toolVersion()).isEqualTo("pg_dump (PostgreSQL) 99 fake");
        assertThat(Files.readString(bin.resolve("pgpassword.txt"))).isEqualTo(SECRET);
        assertThat(Files.readString(bin.resolve("cmdline.txt"))).doesNotContain(SECRET)
                .contains("--no-password", "--format=custom", "--snapshot=", "dbname='" + db + "'");
    }

    @Test
    void missingDatabaseIsNamed() {
        DbConnection missing = TestServers.pg(db + "_missing").withDatabase(db + "_missing");
        assertThatThrownBy(() -> engine.dump(missing, OutputStream.nullOutputStream()))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("dump of postgres database \"" + db + "_missing\"")
                .hasMessageContaining("postgres@127.0.0.1:5432/" + db + "_missing")
                .hasMessageContaining("does not exist");
    }

    @Test
    void killedMidStreamFails() {
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> engine.dump(TestServers.pg(db),
                StreamTricks.after(2 << 20, () -> TestServers.children("pg_dump")
                        .forEach(ProcessHandle::destroyForcibly))));
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
        assertThat(e.getMessage()).contains("dump of postgres database \"" + db + "\"", "pg_dump was killed (signal 9)");
        assertThat(TestServers.children("pg_dump")).isEmpty();
    }

    @Test
    void interruptKillsTheDump() {
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> engine.dump(TestServers.pg(db),
                StreamTricks.after(1 << 20, () -> Thread.currentThread().interrupt())));
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(e.getMessage()).contains(db, "interrupted");
        assertThat(TestServers.children("pg_dump")).isEmpty();
    }

    @Test
    void failingOutputStopsTheDump() {
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> engine.dump(TestServers.pg(db),
                StreamTricks.after(1 << 20, () -> {
                    throw new IOException("disk full");
                })));
        assertThat(e.code()).isEqualTo(ErrorCode.TARGET_IO);
        assertThat(e.getMessage()).contains(db, "disk full");
        assertThat(e.getCause()).hasMessage("disk full");
        assertThat(TestServers.children("pg_dump")).isEmpty();
    }

    @Test
    void timeoutKillsADumpWaitingForALock() throws SQLException {
        DatabaseEngine impatient = DatabaseEngines.forKind("postgres", Duration.ofSeconds(3), temp);
        try (Connection locker = TestServers.pgAdmin(db)) {
            locker.setAutoCommit(false);
            TestServers.execute(locker, "lock table filler in access exclusive mode");
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient.dump(TestServers.pg(db), OutputStream.nullOutputStream()))
                    .isInstanceOf(LifeboatException.class)
                    .hasMessageContaining("pg_dump timed out after")
                    .hasMessageContaining(db);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            locker.rollback();
        }
        assertThat(TestServers.children("pg_dump")).isEmpty();
    }

    @Test
    void garbageRestoreFailsWithPgRestoreMessage() {
        String target = TestServers.unique("lb_pg_garbage");
        DbConnection into = TestServers.pg(target);
        DatabaseEngine spoolingHere = DatabaseEngines.forKind("postgres", Duration.ofMinutes(5), temp);
        engine.createDatabase(into);
        try {
            for (int jobs : new int[] {1, 2}) {
                assertThatThrownBy(() -> spoolingHere.restore(new ByteArrayInputStream("not a dump".getBytes()), into, jobs))
                        .isInstanceOf(LifeboatException.class)
                        .hasMessageContaining("restore of postgres database \"" + target + "\"")
                        .hasMessageContaining("pg_restore");
            }
            assertThat(temp.toFile().list()).isEmpty();
        } finally {
            engine.dropDatabase(into);
        }
    }

    /** A protocol-level fake: this machine has one client version; the words are pg_dump 15's own. */
    @Test
    void aClientOlderThanTheServerNamesThePackageToInstall() throws Exception {
        Path bin = Files.createDirectory(temp.resolve("old-client"));
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, String.join("\n", "#!/bin/sh",
                "echo 'pg_dump: error: aborting because of server version mismatch' >&2",
                "echo 'pg_dump: detail: server version: 17.2 (Debian 17.2-1.pgdg120+1); pg_dump version: 15.10' >&2",
                "exit 1", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        DatabaseEngine old = new PostgresEngine(new ToolLocator(bin.toString()), new ToolRunner(Duration.ofMinutes(1)), temp);

        assertThatThrownBy(() -> old.dump(TestServers.pg(db), OutputStream.nullOutputStream()))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("pg_dump exited with code 1")
                .hasMessageContaining("server version mismatch")
                .hasMessageEndingWith("pg_dump must be as new as the server or newer, and Lifeboat runs the newest client installed ("
                        + fake + "): install postgresql-client-17 (apt-get install postgresql-client-17)");
    }

    @Test
    void otherToolFailuresGetNoVersionHint() throws Exception {
        Path bin = Files.createDirectory(temp.resolve("failing"));
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, String.join("\n", "#!/bin/sh", "echo 'pg_dump: error: query failed: server version: 17' >&2",
                "exit 1", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        DatabaseEngine failing = new PostgresEngine(new ToolLocator(bin.toString()), new ToolRunner(Duration.ofMinutes(1)), temp);

        assertThatThrownBy(() -> failing.dump(TestServers.pg(db), OutputStream.nullOutputStream()))
                .hasMessageContaining("query failed").hasMessageNotContaining("postgresql-client-");
    }

    @Test
    void missingToolNamesTheDebianPackage() {
        DatabaseEngine noTools = new PostgresEngine(new ToolLocator(temp.toString()), new ToolRunner(Duration.ofMinutes(1)),
                temp);
        assertThatThrownBy(() -> noTools.dump(TestServers.pg(db), OutputStream.nullOutputStream()))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("pg_dump not found on the PATH")
                .hasMessageContaining("postgresql-client");
    }

    @Test
    void otherKindsHaveNoGlobals() {
        assertThatThrownBy(() -> DatabaseEngines.forKind("mysql").dumpGlobals(TestServers.maria("x"),
                OutputStream.nullOutputStream())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> DatabaseEngines.forKind("oracle")).hasMessageContaining("postgres, mysql, h2");
    }
}
