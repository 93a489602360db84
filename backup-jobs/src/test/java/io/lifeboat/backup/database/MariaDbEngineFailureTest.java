package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Passwords (right, wrong, never on a command line), killed and interrupted dumps, missing tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbEngineFailureTest {
    /** Quotes, backslash, hash and space: what an option file must escape. */
    private static final String SECRET = "pa\"ss'w\\o#rd S3cr3t";
    private final DatabaseEngine engine = DatabaseEngines.forKind("mysql");
    private String db;
    private String copy;
    private String user;

    @TempDir
    Path temp;

    @BeforeAll
    void database() throws SQLException {
        TestServers.requireMaria();
        db = TestServers.unique("lb_my_fail");
        copy = TestServers.unique("lb_my_copy");
        user = TestServers.unique("lb_u");
        engine.createDatabase(TestServers.maria(db));
        engine.createDatabase(TestServers.maria(copy));
        try (Connection c = TestServers.mariaAdmin(db)) {
            TestServers.execute(c,
                    "create table digits(n int primary key)",
                    "insert into digits with recursive d(n) as (select 0 union all select n + 1 from d where n < 499)"
                            + " select n from d",
                    "create table filler(id int primary key, body text)",
                    "insert into filler select a.n * 500 + b.n, repeat(md5(a.n * 500 + b.n), 4) from digits a, digits b");
            try (PreparedStatement ps = c.prepareStatement("create user ?@'%' identified by ?")) {
                ps.setString(1, user);
                ps.setString(2, SECRET);
                ps.execute();
            }
            TestServers.execute(c, "grant all on `" + db + "`.* to '" + user + "'@'%'",
                    "grant all on `" + copy + "`.* to '" + user + "'@'%'");
        }
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        if (db != null) {
            engine.dropDatabase(TestServers.maria(db));
            engine.dropDatabase(TestServers.maria(copy));
            try (Connection c = TestServers.mariaAdmin(null)) {
                TestServers.execute(c, "drop user if exists '" + user + "'@'%'");
            }
        }
    }

    private DbConnection as(String database, String password) {
        return DbConnection.server("127.0.0.1", 3306, database, user, new Secret(password));
    }

    @Test
    void passwordWithQuotesAndBackslashesWorksThroughTheOptionFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpInfo info = engine.dump(as(db, SECRET), out);
        assertThat(info.rowEstimates()).containsKeys("digits", "filler");
        RestoreInfo restored = engine.restore(new ByteArrayInputStream(out.toByteArray()), as(copy, SECRET), 1);
        assertThat(restored.tables()).isEqualTo(2);
        assertThat(engine.rowCounts(as(copy, SECRET))).containsEntry("filler", 250_000L);
        assertThat(temp.toFile().list()).isEmpty();
    }

    @Test
    void wrongPasswordIsAClearErrorWithoutThePassword() {
        String wrong = "wrong-" + SECRET;
        LifeboatException dump = catchThrowableOfType(LifeboatException.class,
                () -> engine.dump(as(db, wrong), OutputStream.nullOutputStream()));
        LifeboatException restore = catchThrowableOfType(LifeboatException.class, () -> engine.restore(
                new ByteArrayInputStream("select 1;".getBytes()), as(copy, wrong), 1));
        for (LifeboatException e : new LifeboatException[] {dump, restore}) {
            assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
            assertThat(e.getMessage()).startsWith("authentication failed for user \"" + user + "\" at 127.0.0.1:3306/")
                    .contains("Access denied").doesNotContain(SECRET).doesNotContain("S3cr3t");
        }
        assertThat(dump.getMessage()).contains("dump of mysql database \"" + db + "\"");
        assertThat(restore.getMessage()).contains("restore of mysql database \"" + copy + "\"");
    }

    @Test
    void passwordNeverOnTheCommandLine() throws Exception {
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path fake = bin.resolve("mariadb-dump");
        Files.writeString(fake, String.join("\n", "#!/bin/sh", "d=\"$(dirname \"$0\")\"",
                "if [ \"$1\" = \"--version\" ]; then echo 'mariadb-dump fake'; exit 0; fi",
                "tr '\\0' '\\n' < /proc/$$/cmdline > \"$d/cmdline.txt\"",
                "f=\"${1#--defaults-extra-file=}\"", "echo \"$f\" > \"$d/path.txt\"",
                "stat -c %a \"$f\" > \"$d/mode.txt\"", "cat \"$f\" > \"$d/cnf.txt\"",
                "env > \"$d/env.txt\"", "echo '-- fake dump'", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path spool = Files.createDirectory(temp.resolve("private"));
        DatabaseEngine faked = new MysqlEngine(new ToolLocator(bin.toString()), new ToolRunner(Duration.ofMinutes(1)),
                spool);

        faked.dump(as(db, SECRET), OutputStream.nullOutputStream());

        assertThat(Files.readString(bin.resolve("cmdline.txt"))).doesNotContain(SECRET).contains("--user=" + user);
        assertThat(Files.readString(bin.resolve("env.txt"))).doesNotContain(SECRET);
        assertThat(Files.readString(bin.resolve("mode.txt")).strip()).isEqualTo("600");
        assertThat(Files.readString(bin.resolve("cnf.txt")))
                .isEqualTo("[client]\npassword=\"" + MysqlOptionFile.escape(SECRET) + "\"\n");
        Path optionFile = Path.of(Files.readString(bin.resolve("path.txt")).strip());
        assertThat(optionFile.getParent()).isEqualTo(spool);
        assertThat(optionFile).doesNotExist();
        assertThat(spool.toFile().list()).isEmpty();
    }

    @Test
    void killedMidStreamFails() {
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> engine.dump(TestServers.maria(db),
                StreamTricks.after(2 << 20, () -> TestServers.children("mariadb-dump", "mysqldump")
                        .forEach(ProcessHandle::destroyForcibly))));
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
        assertThat(e.getMessage()).contains("dump of mysql database \"" + db + "\"", "root@127.0.0.1:3306/" + db,
                "was killed (signal 9)");
        assertThat(TestServers.children("mariadb-dump", "mysqldump")).isEmpty();
    }

    @Test
    void interruptKillsTheDump() {
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> engine.dump(TestServers.maria(db),
                StreamTricks.after(1 << 20, () -> Thread.currentThread().interrupt())));
        assertThat(Thread.interrupted()).isTrue();
        assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(TestServers.children("mariadb-dump", "mysqldump")).isEmpty();
    }

    @Test
    void badSqlFailsTheRestoreWithTheClientsError() {
        assertThatThrownBy(() -> engine.restore(new ByteArrayInputStream("create table ok(i int);\nthis is not sql;\n"
                .getBytes()), TestServers.maria(copy), 1))
                .isInstanceOf(LifeboatException.class)
                .hasMessageContaining("restore of mysql database \"" + copy + "\"")
                .hasMessageContaining("ERROR 1064")
                .hasMessageContaining("at line 2");
    }

    @Test
    void missingToolNamesTheDebianPackage() {
        DatabaseEngine noTools = new MysqlEngine(new ToolLocator(temp.toString()), new ToolRunner(Duration.ofMinutes(1)),
                temp);
        assertThatThrownBy(() -> noTools.dump(TestServers.maria(db), OutputStream.nullOutputStream()))
                .hasMessageContaining("neither mariadb-dump nor mysqldump found on the PATH")
                .hasMessageContaining("mariadb-client");
    }
}
