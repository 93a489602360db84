package io.lifeboat.cli;

import io.lifeboat.core.archive.BackupId;
import io.lifeboat.core.catalog.BackupRecord;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.LifeboatConfig;
import io.lifeboat.restore.drill.CliSteps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runbook steps that are {@code lifeboat} commands, checked and run with this very command line
 * (picocli, in-process, the drill's {@code --config}): a step is exactly what an operator would type.
 */
final class PicocliSteps implements CliSteps {
    private static final Pattern BACKUP_WORD = Pattern.compile("\\b(\\d{8}T\\d{6}Z-[0-9a-f]{8})\\b");

    private final Path config;
    private final LifeboatConfig loaded;
    private final Catalog catalog;
    private final PrintWriter live;

    /** {@code live}: where a step's output is echoed as it finishes (the drill's own output). */
    PicocliSteps(Path config, LifeboatConfig loaded, Catalog catalog, PrintWriter live) {
        this.config = config;
        this.loaded = loaded;
        this.catalog = catalog;
        this.live = live;
    }

    @Override
    public List<String> problems(List<String> args) {
        String[] all = withConfig(args);
        CommandLine cli = Main.commandLine(all);
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(all);
        } catch (CommandLine.ParameterException e) {
            return List.of("lifeboat " + String.join(" ", args.subList(0, Math.min(2, args.size()))) + ": " + e.getMessage());
        }
        ParseResult leaf = parsed;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        List<String> problems = new ArrayList<>();
        String source = leaf.matchedOptionValue("--source", null);
        if (source != null && loaded.source(source).isEmpty()) {
            problems.add(loaded.unknownSource(source));
        }
        String target = leaf.matchedOptionValue("--target", null);
        if (target != null && loaded.target(target).isEmpty()) {
            problems.add("no target named \"" + target + "\" in " + config + " (known: " + String.join(", ", loaded.targets().keySet()) + ")");
        }
        String backup = leaf.matchedOptionValue("--backup", null);
        if (backup != null && !BackupId.isValid(backup)) {
            problems.add("--backup " + backup + " is not a backup id (like 20261125T180102Z-5e0c71a2)");
        }
        return problems;
    }

    @Override
    public Outcome run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(withConfig(args), new PrintWriter(out, true), new PrintWriter(err, true));
        String output = out + (err.toString().isEmpty() ? "" : err.toString());
        output.lines().forEach(l -> live.println("      | " + l));
        live.flush();
        return new Outcome(code, output, args.get(0).equals("restore") ? used(out.toString()) : List.of());
    }

    /** The backups a restore printed ("restored backup ID of", "backups used: ID, ID"), with their points in time. */
    private List<UsedBackup> used(String output) {
        Set<String> ids = new LinkedHashSet<>();
        output.lines().filter(l -> l.startsWith("restored backup ") || l.strip().startsWith("backups used:")).forEach(l -> {
            Matcher m = BACKUP_WORD.matcher(l);
            while (m.find()) {
                ids.add(m.group(1));
            }
        });
        List<UsedBackup> used = new ArrayList<>();
        for (String id : ids) {
            catalog.backup(new BackupId(id)).ifPresent(b -> used.add(new UsedBackup(id, b.source(), point(b))));
        }
        return used;
    }

    /** A database dump is consistent as of its snapshot; a file backup holds what its walk read, from its start. */
    private static Instant point(BackupRecord b) {
        return b.consistentPoint() != null ? b.consistentPoint() : b.started();
    }

    private String[] withConfig(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--config");
        all.add(config.toString());
        return all.toArray(String[]::new);
    }
}
