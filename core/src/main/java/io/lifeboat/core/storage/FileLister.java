package io.lifeboat.core.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Collects committed files whose key starts with the prefix, skipping partials and foreign folders. */
final class FileLister extends SimpleFileVisitor<Path> {
    private final Path root;
    private final Path partials;
    private final String prefix;
    private final List<ObjectInfo> found;

    FileLister(Path root, Path partials, String prefix, List<ObjectInfo> found) {
        this.root = root;
        this.partials = partials;
        this.prefix = prefix;
        this.found = found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
        }
        if (dir.equals(partials)) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        String dirKey = keyOf(dir) + "/";
        boolean relevant = dirKey.startsWith(prefix) || prefix.startsWith(dirKey);
        return relevant ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
            String key = keyOf(file);
            if (key.startsWith(prefix)) {
                found.add(FileTarget.info(key, attrs));
            }
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we listed
        }
        throw e;
    }

    private String keyOf(Path path) {
        Path rel = root.relativize(path);
        StringBuilder key = new StringBuilder();
        for (Path segment : rel) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }
}
