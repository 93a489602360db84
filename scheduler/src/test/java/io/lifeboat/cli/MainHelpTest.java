package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers {@code --help} and {@code -h}, also one with required options or parameters. */
class MainHelpTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void paths(CommandLine command, List<String> path, List<List<String>> found) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            found.add(p);
            paths(sub.getValue(), p, found);
        }
    }

    @Test
    void everyCommandPrintsItsUsageAndExitsZero() {
        List<List<String>> all = new ArrayList<>();
        paths(Main.commandLine(new String[0]), List.of(), all);
        assertThat(all).as("the whole tree was walked").hasSizeGreaterThan(25)
                .contains(List.of("backup", "run"), List.of("restore", "database"), List.of("drill", "run"));

        for (List<String> path : all) {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = run(args);
                assertThat(r.code()).as("%s: %s", args, r).isZero();
                assertThat(r.out()).as("%s", args).contains("Usage: lifeboat " + String.join(" ", path) + " ");
                assertThat(r.err()).as("%s", args).isEmpty();
            }
        }
    }

    @Test
    void everyOptionAndParameterIsDescribed() {
        List<String> bare = new ArrayList<>();
        describe(Main.commandLine(new String[0]), "lifeboat", bare);

        assertThat(bare).as("options and parameters that help lists without a word").isEmpty();
    }

    private static void describe(CommandLine command, String path, List<String> bare) {
        command.getCommandSpec().options().stream().filter(o -> !o.hidden() && o.description().length == 0)
                .forEach(o -> bare.add(path + " " + o.longestName()));
        command.getCommandSpec().positionalParameters().stream().filter(p -> !p.hidden() && p.description().length == 0)
                .forEach(p -> bare.add(path + " " + p.paramLabel()));
        command.getSubcommands().forEach((name, sub) -> describe(sub, path + " " + name, bare));
    }

    @Test
    void requiredOptionsAreListedNotDemanded() {
        Run r = run(List.of("restore", "database", "--help"));

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--source=SOURCE").contains("--into=URL").contains("--force");
        Run missing = run(List.of("restore", "database"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options").contains("Try 'lifeboat restore database --help'.");
    }
}
