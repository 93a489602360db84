package io.lifeboat.restore.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code run} step: one word is a shell command line ({@code sh -c}), several words are the program
 * and its arguments. Killed (with its children) at the timeout or when the drill is interrupted.
 */
final class ShellStep {
    private ShellStep() {
    }

    static StepOutcome run(List<String> words, Duration timeout, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = words.size() == 1 ? List.of("sh", "-c", words.get(0)) : new ArrayList<>(words);
        Path log = Files.createTempFile("lifeboat-drill-run", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill(p);
                    return StepOutcome.failed(output(log) + "\ntimed out after " + Durations.format(timeout) + "; killed");
                }
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            String out = output(log);
            return p.exitValue() == 0 ? StepOutcome.passed(out) : StepOutcome.failed(out + (out.isEmpty() ? "" : "\n") + "exit " + p.exitValue());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String output(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).strip();
    }
}
