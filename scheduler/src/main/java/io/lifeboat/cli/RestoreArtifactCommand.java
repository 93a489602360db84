package io.lifeboat.cli;

import io.lifeboat.restore.artifacts.ArtifactRestore;
import io.lifeboat.restore.select.TimeArg;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "artifact", description = "Restore artifacts by name and version (or glob), as they were at a time.")
final class RestoreArtifactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "The artifacts source.")
    String source;

    @Option(names = "--name", paramLabel = "NAME", description = "Artifact name (orders-service matches orders-service-4.2.1.jar, orders-service/4.2.1/...).")
    String name;

    @Option(names = "--version", paramLabel = "V", description = "Artifact version (with --name).")
    String version;

    @Option(names = "--include", paramLabel = "GLOB", description = "Instead of --name: paths matching (repeatable).")
    List<String> include = List.of();

    @Option(names = "--at", paramLabel = "TIME", description = "As of this time (default: now): the newest backup at or before it.")
    String at;

    @Option(names = "--into", required = true, paramLabel = "DIR", description = "Where to restore: empty or absent unless --force.")
    Path into;

    @Option(names = "--target", paramLabel = "TARGET", description = "Read this copy (default: the first healthy one, with fallback).")
    String target;

    @Option(names = "--force", description = "Write into a non-empty directory, overwriting files.")
    boolean force;

    @Override
    public Integer call() {
        try (Lifeboat lb = Context.open(spec)) {
            ArtifactRestore artifacts = new ArtifactRestore(lb.catalog());
            return RestoreRun.run(spec, lb, "artifact", source, into, target, force, copies -> {
                Instant now = lb.clock().instant();
                Instant when = at == null ? now : TimeArg.parse(at, now, RestoreRun.zone());
                return artifacts.plan(new ArtifactRestore.Request(source, name, version, include, when), copies);
            });
        }
    }
}
