package io.lifeboat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Hidden: the class-loading workout of the {@code lifeboat} launcher. The launcher runs it once per
 * build under {@code -XX:DumpLoadedClassList} and makes a static class-data-sharing archive of the
 * classes it loaded, which takes about 0.5 s off the start of every later command (1.1 s to 0.6 s for
 * {@code backup list}). It runs the common commands in-process on a throw-away config, catalog and
 * target in a temporary folder, and removes it.
 *
 * <p>The database commands need a server and its tools, which the workout cannot count on, so it
 * loads (without initialising) every class of Lifeboat and of the PostgreSQL and MariaDB drivers
 * instead: a {@code backup run} of a PostgreSQL source loaded 380 classes from the jar otherwise.
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
            Map<String, String> saved = new HashMap<>();
            for (String key : DUMMY_AWS.keySet()) {
                saved.put(key, System.getProperty(key));
                System.setProperty(key, DUMMY_AWS.get(key));
            }
            int failed;
            try {
                failed = workout(config.toString(), dir);
            } finally {
                saved.forEach((key, value) -> {
                    if (value == null) {
                        System.clearProperty(key);
                    } else {
                        System.setProperty(key, value);
                    }
                });
            }
            int preloaded = preload();
            spec.commandLine().getOut().println("lifeboat cds-training: " + preloaded + " classes preloaded");
            return failed == 0 && preloaded > 0 ? 0 : 1;
        } finally {
            delete(dir);
        }
    }

    /**
     * Runs the common commands on {@code config}; returns how many failed. The S3 target is a closed
     * loopback port; the caller sets dummy credentials ({@link #DUMMY_AWS}), without which the AWS SDK's
     * default chain would ask the EC2 instance metadata service (169.254.169.254).
     */
    private int workout(String c, Path dir) {
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
        return failed;
    }

    /** System properties the AWS SDK reads before any other credential source, and no metadata service. */
    static final Map<String, String> DUMMY_AWS = Map.of(
            "aws.accessKeyId", "cds-training",
            "aws.secretAccessKey", "cds-training",
            "aws.disableEc2Metadata", "true");

    /** Where the classes to preload are: a package prefix, found where one of its classes came from. */
    static final Map<String, Class<?>> PRELOAD = Map.of(
            "io/lifeboat/", CdsTrainingCommand.class,
            "org/postgresql/", org.postgresql.Driver.class,
            "org/mariadb/jdbc/", org.mariadb.jdbc.Driver.class);

    /**
     * Loads, without initialising, every class under the {@link #PRELOAD} prefixes, from the jar (or
     * class folder) each was found in; returns how many loaded. A class that cannot load (an optional
     * dependency missing) is skipped: it would not load in a real command either.
     */
    static int preload() throws IOException {
        ClassLoader loader = CdsTrainingCommand.class.getClassLoader();
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, Class<?>> p : PRELOAD.entrySet()) {
            names.addAll(classNames(p.getValue(), p.getKey()));
        }
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError skipped) {
                // not loadable here: nothing to archive
            }
        }
        return loaded;
    }

    /** The binary names of the classes under {@code prefix} beside {@code anchor} (its jar or class folder). */
    static List<String> classNames(Class<?> anchor, String prefix) throws IOException {
        java.security.CodeSource source = anchor.getProtectionDomain().getCodeSource();
        if (source == null) {
            return List.of();
        }
        Path where;
        try {
            where = Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(where)) {
            Path top = where.resolve(prefix);
            if (Files.isDirectory(top)) {
                try (Stream<Path> files = Files.walk(top)) {
                    files.map(f -> where.relativize(f).toString().replace(java.io.File.separatorChar, '/')).forEach(entries::add);
                }
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(prefix)).forEach(entries::add);
            }
        }
        return entries.stream()
                .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .toList();
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
