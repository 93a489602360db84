package io.lifeboat.backup.files;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Include/exclude glob patterns on '/'-separated relative paths. An empty include list includes
 * everything. A leading {@code **}{@code /} also matches at the top level ({@code **}{@code /*.log}
 * matches {@code app.log}), as operators expect from rsync and .gitignore.
 */
public final class GlobFilter {
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    public GlobFilter(List<String> include, List<String> exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
    }

    private static List<PathMatcher> compile(List<String> patterns) {
        FileSystem fs = FileSystems.getDefault();
        List<PathMatcher> matchers = new ArrayList<>();
        for (String p : patterns) {
            matchers.add(fs.getPathMatcher("glob:" + p));
            if (p.startsWith("**/")) {
                matchers.add(fs.getPathMatcher("glob:" + p.substring(3)));
            }
        }
        return List.copyOf(matchers);
    }

    /** Whether a file (or symlink) at this relative path is selected. */
    public boolean selects(String relativePath) {
        Path p = Path.of(relativePath);
        if (matchesAny(exclude, p)) {
            return false;
        }
        return include.isEmpty() || matchesAny(include, p);
    }

    /** Whether a directory is pruned entirely by an exclude pattern. */
    public boolean prunes(String relativeDir) {
        Path p = Path.of(relativeDir);
        return matchesAny(exclude, p);
    }

    /** Whether directory entries themselves are stored (only when everything is included). */
    public boolean includesEverything() {
        return include.isEmpty();
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path p) {
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }
}
