package io.lifeboat.backup.database;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds command-line tools on a {@code PATH}. */
final class ToolLocator {
    private final String path;

    ToolLocator(String path) {
        this.path = path == null ? "" : path;
    }

    static ToolLocator fromEnvironment() {
        return new ToolLocator(System.getenv("PATH"));
    }

    /**
     * The first of {@code names} found on the PATH (in the order given).
     *
     * @param debianPackage named in the message when none is found
     */
    Path find(List<String> names, String debianPackage) {
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String which = names.size() == 1 ? names.get(0) + " not" : "neither " + String.join(" nor ", names);
        throw new LifeboatException(ErrorCode.SOURCE_IO, which + " found on the PATH; install the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + ") or put the tool on the daemon's PATH");
    }
}
