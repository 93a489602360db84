package io.lifeboat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Hidden: the class-loading workout of the {@code lifeboat} launcher. The launcher runs it once per
 * build under {@code -XX:ArchiveClassesAtExit} to make a class-data-sharing archive, which takes about
 * 0.5 s off the start of every later command (1.1 s to 0.6 s for {@code backup list}). It runs the common
 * commands in-process on a throw-away config, catalog and target in a temporary folder, and removes it.
 */
@Command(name = "cds-training", hidden = true, description = "Internal: exercise the common commands (launcher use).")
final class CdsTrainingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("lifeboat-cds-");
        try {
            Path data = Files.createDirectories(dir.resolve("data/logs"));
            for (int i = 0; i < 20; i++) {
                Files.writeString(data.resolve("app-2026-10-" + (10 + i) + ".log"),
                        ("2026-10-12T10:00:00Z line " + i + "\n").repeat(200), StandardCharsets.UTF_8);
            }
            Path config = dir.resolve("lifeboat.yaml");
            Files.writeString(config, String.join("\n",
                    "catalog: { url: \"jdbc:h2:file:" + dir.resolve("catalog") + "\" }",
                    "targets:",
                    "  primary: { type: file, path: " + dir.resolve("primary") + " }",
                    "  dr: { type: s3, bucket: cds-training, region: eu-central-1, endpoint: \"http://127.0.0.1:9\", pathStyle: true }",
                    "sources:",
                    "  - { name: logs, type: logs, path: " + dir.resolve("data") + ", schedule: \"0 0 3 * * ?\","
                            + " targets: [primary], rpo: 25h }",
                    ""), StandardCharsets.UTF_8);
            String c = config.toString();
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            int failed = 0;
            for (List<String> args : List.of(
                    List.of("config", "validate", "--config", c),
                    List.of("backup", "run", "--all", "--config", c),
                    List.of("backup", "list", "--config", c),
                    List.of("verify", "--source", "logs", "--level", "2", "--config", c),
                    List.of("restore", "files", "--source", "logs", "--include", "**/*-11.log", "--into",
                            dir.resolve("restored").toString(), "--config", c),
                    List.of("restore", "logs", "--source", "logs", "--from", "2026-10-12", "--into",
                            dir.resolve("restored-logs").toString(), "--config", c),
                    List.of("status", "--config", c),
                    List.of("check", "--config", c))) {
                int code = Main.run(args.toArray(String[]::new), sink, sink);
                if (code != 0) {
                    // The archive still helps; the exit code tells a test that the workout has gone stale.
                    spec.commandLine().getErr().println("lifeboat cds-training: '" + args.get(0) + " " + args.get(1)
                            + "' exited " + code);
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
