package io.lifeboat.restore.artifacts;

import io.lifeboat.backup.files.GlobFilter;
import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.EntryType;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.restore.select.Copies;
import io.lifeboat.restore.select.Plan;
import io.lifeboat.restore.select.StateAsOf;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plans the restore of artifacts by name (and version) or glob, as they were at an instant: the
 * newest backup at or before it (with its incremental chain).
 */
public final class ArtifactRestore {
    /** Either {@code name} (with an optional {@code version}) or {@code include} globs. */
    public record Request(String source, String name, String version, List<String> include, Instant at) {
        public Request {
            include = include == null ? List.of() : List.copyOf(include);
            if ((name == null) == include.isEmpty()) {
                throw new LifeboatException(ErrorCode.USAGE, "give either --name (with an optional --version) or --include, not both");
            }
            if (version != null && name == null) {
                throw new LifeboatException(ErrorCode.USAGE, "--version needs --name");
            }
        }
    }

    private final Catalog catalog;

    public ArtifactRestore(Catalog catalog) {
        this.catalog = catalog;
    }

    public Plan plan(Request request, Copies copies) {
        Predicate<String> path = request.name() != null
                ? new ArtifactMatch(request.name(), request.version())::matches
                : new GlobFilter(request.include(), List.of())::selects;
        Predicate<ManifestEntry> select = e -> e.type() != EntryType.DIRECTORY && path.test(e.path());
        Plan plan = StateAsOf.plan(catalog, copies, request.source(), request.at(), select);
        if (plan.parts().isEmpty()) {
            String what = request.name() != null
                    ? request.name() + (request.version() == null ? "" : " " + request.version())
                    : String.join(", ", request.include());
            throw new LifeboatException(ErrorCode.NOT_FOUND, "no artifact matching " + what + " in the backup of "
                    + request.source() + " as of " + request.at() + " (" + plan.backupsRead() + ")");
        }
        return plan;
    }
}
