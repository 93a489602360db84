package io.lifeboat.e2e;

import io.lifeboat.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real command line in this JVM against one config file, capturing its output. */
final class Cli {
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path config;

    Cli(Path config) {
        this.config = config;
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** The backup id printed by {@code backup run} for a source. */
    static String backupId(Result r, String source) {
        for (String line : r.out().split("\n")) {
            if (line.startsWith(source + " ")) {
                for (String word : line.split("\\s+")) {
                    if (io.lifeboat.core.archive.BackupId.isValid(word)) {
                        return word;
                    }
                }
            }
        }
        throw new AssertionError("no backup id for " + source + " in:\n" + r);
    }
}
