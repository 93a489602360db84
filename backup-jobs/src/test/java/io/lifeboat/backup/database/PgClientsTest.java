package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's pg_wrapper resolved to the newest installed client, in a tree laid out as Debian lays it out. */
class PgClientsTest {
    @TempDir
    Path root;

    private Path wrapperTree(String... clients) throws Exception {
        Path share = Files.createDirectories(root.resolve("usr/share/postgresql-common"));
        Path wrapper = tool(share.resolve("pg_wrapper"), "wrapper");
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        for (String t : new String[] {"pg_dump", "pg_restore"}) {
            Files.createSymbolicLink(bin.resolve(t), bin.relativize(wrapper));
        }
        for (String client : clients) { // "15/pg_dump"
            String[] vt = client.split("/");
            tool(Files.createDirectories(root.resolve("usr/lib/postgresql/" + vt[0] + "/bin")).resolve(vt[1]), vt[0]);
        }
        return bin;
    }

    /** A tool that answers --version with its version, and writes a tiny custom-format header when dumping. */
    private static Path tool(Path file, String version) throws Exception {
        Files.writeString(file, String.join("\n", "#!/bin/sh",
                "case \"$*\" in *--version*) echo \"pg_dump (PostgreSQL) " + version + " fake\"; exit 0;; esac",
                "printf 'PGDMP'", ""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void theWrapperIsResolvedToTheNewestClientThatHasTheTool() throws Exception {
        Path bin = wrapperTree("9.6/pg_dump", "15/pg_dump", "15/pg_restore", "17/pg_dump", "notaversion/pg_restore");

        assertThat(PgClients.resolve(bin.resolve("pg_dump")))
                .isEqualTo(root.resolve("usr/lib/postgresql/17/bin/pg_dump"));
        assertThat(PgClients.resolve(bin.resolve("pg_restore")))
                .isEqualTo(root.resolve("usr/lib/postgresql/15/bin/pg_restore"));
    }

    @Test
    void versionsSortAsNumbersNotAsText() throws Exception {
        Path bin = wrapperTree("9.6/pg_dump", "10/pg_dump");

        assertThat(PgClients.resolve(bin.resolve("pg_dump"))).isEqualTo(root.resolve("usr/lib/postgresql/10/bin/pg_dump"));
    }

    @Test
    void aRealBinaryOrAWrapperWithoutClientsStaysAsFound() throws Exception {
        Path plain = tool(Files.createDirectories(root.resolve("opt/pg/bin")).resolve("pg_dump"), "16");
        assertThat(PgClients.resolve(plain)).isEqualTo(plain);

        Path bin = wrapperTree(); // no lib/postgresql at all: the wrapper runs and says what is missing
        assertThat(PgClients.resolve(bin.resolve("pg_dump"))).isEqualTo(bin.resolve("pg_dump"));
        assertThat(PgClients.resolve(root.resolve("nowhere/pg_dump"))).isEqualTo(root.resolve("nowhere/pg_dump"));
    }

    @Test
    void theEngineDumpsWithTheResolvedClient() throws Exception {
        TestServers.requirePostgres();
        Path bin = wrapperTree("15/pg_dump", "17/pg_dump");
        DatabaseEngine engine = new PostgresEngine(new ToolLocator(bin.toString()), new ToolRunner(Duration.ofMinutes(1)), root);

        DumpInfo info = engine.dump(TestServers.pg("postgres"), OutputStream.nullOutputStream());

        assertThat(info.toolVersion()).isEqualTo("pg_dump (PostgreSQL) 17 fake");
    }

    @Test
    void onThisMachineTheDebianWrapperIsBypassed() throws Exception {
        Path onPath = new ToolLocator(System.getenv("PATH")).find(java.util.List.of("pg_dump"), "postgresql-client");
        Path resolved = PgClients.resolve(onPath);

        assertThat(Files.isExecutable(resolved)).isTrue();
        if (onPath.toRealPath().getFileName().toString().equals("pg_wrapper")) {
            assertThat(resolved.toString()).matches("/usr/lib/postgresql/[0-9.]+/bin/pg_dump");
        } else {
            assertThat(resolved).isEqualTo(onPath);
        }
    }
}
