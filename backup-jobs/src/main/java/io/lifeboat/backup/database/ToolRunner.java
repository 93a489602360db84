package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tool as a child process: stdin fed from a stream, stdout streamed into a stream with a
 * large buffer (both on the calling thread), stderr kept as a bounded tail by a helper thread. A
 * watchdog kills the process and its children when the timeout passes or the calling thread is
 * interrupted (a blocking pipe read does not notice interrupts by itself).
 */
final class ToolRunner {
    static final int BUFFER = 1 << 20;
    /**
     * What stdin is fed in: no more than a Linux pipe holds (64 KiB). A larger piece is written only
     * as the tool drains the pipe, and the tool then drains the rest and waits, idle, while the next
     * piece is read (decompressed); pieces this size keep the pipe full. Restoring a 513 MB dump:
     * pg_restore fed 1 MiB pieces took a median 1.10x as long as {@code zstd -dc | pg_restore},
     * 64 KiB pieces 1.02x (8 interleaved runs).
     */
    static final int FEED = 64 << 10;
    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);
    private static final long WATCH_MILLIS = 50;

    private enum Kill { TIMEOUT, INTERRUPT }

    private final Duration timeout;
    private final Map<java.nio.file.Path, String> versions = new java.util.concurrent.ConcurrentHashMap<>();

    ToolRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /** What {@code tool --version} prints (asked once per tool and runner); {@code SOURCE_IO} when it fails. */
    String version(java.nio.file.Path tool) {
        return versions.computeIfAbsent(tool, t -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            String label = t.getFileName() + " --version";
            ToolResult r = run(new ToolCall(t, java.util.List.of("--version"), Map.of(), java.util.Set.of(), label, null), null, out);
            if (r.exitCode() != 0) {
                throw new LifeboatException(ErrorCode.SOURCE_IO, t + " --version " + r.ending() + ": " + r.stderr());
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
        });
    }

    /**
     * Runs {@code call}. Returns how it ended; the caller judges the exit code and stderr. Throws
     * {@code INTERRUPTED} (interrupt status kept) or {@code SOURCE_IO} (timeout, cannot start) after
     * killing the tool, and {@code TARGET_IO} when {@code stdin} or {@code stdout} fail.
     *
     * @param stdin  fed to the tool, or null for none
     * @param stdout receives the tool's stdout, or null to discard it (one of stdin and stdout is null)
     */
    ToolResult run(ToolCall call, InputStream stdin, OutputStream stdout) {
        if (stdin != null && stdout != null) {
            throw new IllegalArgumentException("feeding stdin and streaming stdout at once is not supported");
        }
        log.debug("running {}", call);
        long started = System.nanoTime();
        Process process = start(call);
        OutputTail stderr = new OutputTail(OutputTail.DEFAULT_LIMIT);
        Thread stderrReader = daemon(call.tool() + "-stderr", () -> stderr.drain(process.getErrorStream()));
        Thread stdoutReader = stdout == null
                ? daemon(call.tool() + "-stdout", () -> process.getInputStream().transferTo(OutputStream.nullOutputStream()))
                : null;
        AtomicReference<Kill> killed = new AtomicReference<>();
        Thread watchdog = watchdog(process, Thread.currentThread(), started, killed);
        boolean inputIncomplete = false;
        long bytesOut = 0;
        try {
            if (stdin != null) {
                inputIncomplete = !feed(call, stdin, process);
            } else {
                closeInput(process);
            }
            if (stdout != null) {
                bytesOut = copyOut(call, process, stdout);
            }
            waitFor(process, killed);
        } catch (RuntimeException | Error e) {
            killTree(process);
            throw e;
        } finally {
            watchdog.interrupt();
            join(stderrReader);
            if (stdoutReader != null) {
                join(stdoutReader);
            }
        }
        String err = Redactor.redact(stderr.text(), call.secret());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (killed.get() == Kill.INTERRUPT || Thread.currentThread().isInterrupted()) {
            Thread.currentThread().interrupt();
            throw new LifeboatException(ErrorCode.INTERRUPTED, call.what() + ": interrupted; " + call.tool()
                    + " was stopped");
        }
        if (killed.get() == Kill.TIMEOUT) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, call.what() + ": " + call.tool() + " timed out after "
                    + timeout + " and was killed" + (err.isEmpty() ? "" : "; its stderr:\n" + err));
        }
        return new ToolResult(process.exitValue(), bytesOut, err, inputIncomplete, elapsed);
    }

    private static Process start(ToolCall call) {
        ProcessBuilder pb = new ProcessBuilder(call.command());
        Map<String, String> env = pb.environment();
        call.unset().forEach(env::remove);
        env.putAll(call.env());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.SOURCE_IO, call.what() + ": cannot start " + call.executable()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Feeds stdin; false when the tool stopped reading early (it exited). */
    private static boolean feed(ToolCall call, InputStream stdin, Process process) {
        byte[] buf = new byte[FEED];
        try (OutputStream toTool = process.getOutputStream()) {
            while (true) {
                int n;
                try {
                    n = stdin.read(buf);
                } catch (IOException e) {
                    throw new LifeboatException(ErrorCode.TARGET_IO, call.what() + ": reading the dump failed: "
                            + e.getMessage(), e);
                }
                if (n < 0) {
                    return true;
                }
                toTool.write(buf, 0, n);
            }
        } catch (IOException e) {
            log.debug("{} stopped reading its input: {}", call.tool(), e.getMessage());
            return false;
        }
    }

    private static void closeInput(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            log.debug("closing stdin: {}", e.getMessage());
        }
    }

    private static long copyOut(ToolCall call, Process process, OutputStream out) {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (InputStream fromTool = process.getInputStream()) {
            while (true) {
                int n = readFully(fromTool, buf);
                if (n <= 0) {
                    return total;
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw new LifeboatException(ErrorCode.TARGET_IO, call.what() + ": writing the dump failed: "
                            + e.getMessage(), e);
                }
                total += n;
            }
        } catch (IOException e) {
            // The pipe broke: the tool was killed. Its exit code tells the story.
            log.debug("reading {} output: {}", call.tool(), e.getMessage());
            return total;
        }
    }

    /** Fills buf unless the stream ends: fewer, larger writes downstream. */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int filled = 0;
        while (filled < buf.length) {
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
            if (in.available() == 0 && filled >= buf.length / 4) {
                break;
            }
        }
        return filled;
    }

    private static void waitFor(Process process, AtomicReference<Kill> killed) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            killed.compareAndSet(null, Kill.INTERRUPT);
            killTree(process);
            Thread.currentThread().interrupt();
        }
    }

    private Thread watchdog(Process process, Thread caller, long started, AtomicReference<Kill> killed) {
        long deadline = started + timeout.toNanos();
        return daemon("tool-watchdog", () -> {
            while (process.isAlive()) {
                Kill reason = caller.isInterrupted() ? Kill.INTERRUPT
                        : System.nanoTime() - deadline > 0 ? Kill.TIMEOUT : null;
                if (reason != null) {
                    killed.compareAndSet(null, reason);
                    killTree(process);
                    return;
                }
                try {
                    process.waitFor(WATCH_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** SIGKILL to the tool's descendants, then to the tool; waits a little for it to go. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static Thread daemon(String name, IoTask task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                log.debug("{}: {}", name, e.getMessage());
            }
        }, "lifeboat-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
