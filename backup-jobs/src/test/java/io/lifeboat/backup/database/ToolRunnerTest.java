package io.lifeboat.backup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The process runner against small shell scripts. */
class ToolRunnerTest {
    private static final Path SH = Path.of("/bin/sh");
    private final ToolRunner runner = new ToolRunner(Duration.ofMinutes(1));

    @TempDir
    Path temp;

    private static ToolCall sh(String script, Map<String, String> env, Secret secret) {
        return new ToolCall(SH, List.of("-c", script), env, Set.of(), "test of script", secret);
    }

    @Test
    void streamsStdoutAndKeepsTheEndOfStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ToolResult r = runner.run(sh("head -c 3000000 /dev/zero; i=0; while [ $i -lt 3000 ]; do"
                + " echo \"line $i of some noise on stderr\" >&2; i=$((i+1)); done; echo last >&2", Map.of(), null),
                null, out);
        assertThat(r.exitCode()).isZero();
        assertThat(r.bytesOut()).isEqualTo(3_000_000L);
        assertThat(out.size()).isEqualTo(3_000_000);
        assertThat(r.stderr()).startsWith("[... first ").endsWith("last").contains("line 2999 of")
                .doesNotContain("line 1 of");
        assertThat(r.stderr().length()).isLessThan(OutputTail.DEFAULT_LIMIT + 100);
    }

    @Test
    void feedsStdinAndNoticesAToolThatStopsReading() {
        byte[] big = new byte[5 << 20];
        ToolResult all = runner.run(sh("wc -c >&2", Map.of(), null), new ByteArrayInputStream(big), null);
        assertThat(all.stderr()).isEqualTo(Integer.toString(big.length));
        assertThat(all.ok()).isTrue();
        ToolResult early = runner.run(sh("head -c 10 >/dev/null", Map.of(), null), new ByteArrayInputStream(big), null);
        assertThat(early.inputIncomplete()).isTrue();
        assertThat(early.ok()).isFalse();
        assertThat(early.ending()).isEqualTo("stopped reading its input before the end");
    }

    @Test
    void passwordTravelsInTheEnvironmentAndIsRemovedFromStderr() {
        Secret secret = new Secret("tiger-Secret-1");
        ToolResult r = runner.run(sh("echo \"FATAL: bad password $PGPASSWORD\" >&2; echo 'password=other' >&2; exit 2",
                Map.of("PGPASSWORD", secret.value()), secret), null, OutputStream.nullOutputStream());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("FATAL: bad password ****\npassword=****");
        assertThatThrownBy(() -> new ToolCall(SH, List.of("--password=" + secret.value()), Map.of(), Set.of(), "x", secret))
                .hasMessageContaining("never be passed on a command line");
    }

    @Test
    void timeoutKillsTheToolAndItsChildren() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        ToolRunner quick = new ToolRunner(Duration.ofMillis(500));
        long started = System.nanoTime();
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> quick.run(
                sh("sleep 300 & echo $! > " + pidFile + "; echo waiting >&2; wait", Map.of(), null),
                null, OutputStream.nullOutputStream()));
        assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_IO);
        assertThat(e.getMessage()).contains("test of script", "sh timed out after", "waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(goneWithin(child, Duration.ofSeconds(5))).as("grandchild sleep killed").isTrue();
    }

    /** Gone, or a zombie waiting for its new parent to reap it. */
    private static boolean goneWithin(long pid, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void interruptWhileTheToolIsSilentKillsIt() throws Exception {
        Thread interrupter = TestServers.interruptLater(Thread.currentThread(), 300);
        LifeboatException e = catchThrowableOfType(LifeboatException.class, () -> runner.run(sh("exec sleep 300", Map.of(), null), null,
                OutputStream.nullOutputStream()));
        interrupter.join();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(TestServers.children("sleep")).isEmpty();
    }

    @Test
    void failingInputIsTheTargetsFault() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("connection reset by S3");
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("connection reset by S3");
            }
        };
        assertThatThrownBy(() -> runner.run(sh("cat >/dev/null", Map.of(), null), broken, null))
                .isInstanceOf(LifeboatException.class).hasMessageContaining("connection reset by S3")
                .extracting(t -> ((LifeboatException) t).code()).isEqualTo(ErrorCode.TARGET_IO);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pg_dump: error: connection to server failed|true",
        "pg_restore: error: could not execute query: ERROR:  relation exists|true",
        "psql:<stdin>:3: ERROR:  role \"x\" already exists|true",
        "mariadb-dump: Got error: 1045: \"Access denied\"|true",
        "ERROR 1064 (42000) at line 2: You have an error|true",
        "pg_dump: warning: there are circular foreign-key constraints|false",
        "mariadb-dump: Warning: table error_log is crashed?|false",
    })
    void errorLinesAreRecognised(String line, boolean error) {
        assertThat(new ToolResult(0, 1, line, false, Duration.ZERO).printedErrors()).isEqualTo(error);
    }

    @Test
    void checksReadBooleanishValues() {
        assertThat(Checks.judge("q", true).passed()).isTrue();
        assertThat(Checks.judge("q", 0L).detail()).isEqualTo("value: 0");
        assertThat(Checks.judge("q", "t").passed()).isTrue();
        assertThat(Checks.judge("q", "NO").passed()).isFalse();
        assertThat(Checks.judge("q", null).detail()).isEqualTo("value: null");
        assertThat(Checks.judge("q", "maybe").detail()).contains("not a boolean");
        assertThat(new String(MysqlOptionFile.escape("a\"b'c\\d\ne").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).isEqualTo("a\\\"b\\'c\\\\d\\ne");
    }
}
