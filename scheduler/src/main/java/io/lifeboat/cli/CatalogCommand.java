package io.lifeboat.cli;

import io.lifeboat.backup.housekeeping.CatalogRebuilder;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "catalog", description = "Catalog maintenance.", subcommands = CatalogCommand.Rebuild.class)
final class CatalogCommand {
    @Command(name = "rebuild", description = "Rebuild the catalog from the manifests stored in a target.")
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--target", required = true, paramLabel = "TARGET", description = "The target whose manifests to read (e.g. dr).")
        String target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Lifeboat lb = Context.open(spec)) {
                CatalogRebuilder.Report r = new CatalogRebuilder(lb.catalog(), lb.clock()).rebuild(lb.targets().get(target));
                out.printf("catalog rebuilt from %s: %d manifests, %d backups added, %d already known%n",
                        target, r.manifests(), r.added(), r.alreadyKnown());
                r.problems().forEach(p -> out.println("  unreadable: " + p));
                return r.problems().isEmpty() ? 0 : 1;
            }
        }
    }
}
