package io.lifeboat.core.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** The path rules of a restore: what may be written, and where a symlink leads. */
final class PathRules {
    private PathRules() {
    }

    /** Why a manifest or tar path is unsafe; null if it is a normalized relative path. */
    static String badPath(String path) {
        if (path == null || path.isEmpty()) {
            return "empty path";
        }
        if (path.startsWith("/")) {
            return "absolute path";
        }
        if (path.indexOf('\0') >= 0) {
            return "NUL in path";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "'..' in path";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "path is not normalized";
            }
        }
        return null;
    }

    /**
     * Whether symlink {@code linkPath -> target} (relative to {@code root}, a real path) resolves inside
     * {@code root}, following the symlinks that exist in the tree now and refusing any absolute step.
     */
    static boolean resolvesInside(Path root, String linkPath, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        List<String> at = new ArrayList<>(Arrays.asList(linkPath.split("/")));
        at.remove(at.size() - 1);
        Deque<String> todo = new ArrayDeque<>(Arrays.asList(target.split("/")));
        int hops = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.remove(at.size() - 1);
                continue;
            }
            at.add(c);
            Path p = root.resolve(String.join("/", at));
            if (Files.isSymbolicLink(p)) {
                String next;
                try {
                    next = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return false;
                }
                if (++hops > 40 || next.isEmpty() || next.startsWith("/")) {
                    return false;
                }
                at.remove(at.size() - 1);
                List<String> parts = Arrays.asList(next.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            }
        }
        return true;
    }
}
