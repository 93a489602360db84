package io.lifeboat.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: its launcher, example config, runbooks. */
final class Repository {
    /** The folder holding the {@code lifeboat} launcher, found upwards from the working directory. */
    static final Path ROOT = find();

    private Repository() {
    }

    private static Path find() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("lifeboat")) && Files.isDirectory(p.resolve("dr-runbooks")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no checkout (a 'lifeboat' launcher beside 'dr-runbooks') above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
