package io.lifeboat.core.storage;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.config.FileTargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code type: file}: objects are files under a directory, keys are their relative paths.
 * Uncommitted writes live in {@code <dir>/.partial/<uuid>} and are renamed into place atomically
 * on commit, after an fsync; a crash leaves only debris in {@code .partial/} for the next sweep.
 */
public final class FileTarget implements Target {
    private final String name;
    private final Path root;
    private final Path partials;

    public FileTarget(FileTargetConfig config) {
        this(config.name(), config.path());
    }

    public FileTarget(String name, Path root) {
        this.name = Objects.requireNonNull(name, "name");
        this.root = root.toAbsolutePath().normalize();
        this.partials = this.root.resolve(Keys.PARTIAL_DIR);
    }

    @Override
    public String name() {
        return name;
    }

    /** The directory this target stores into. */
    public Path root() {
        return root;
    }

    @Override
    public ObjectWriter create(String key) {
        Path dest = resolve(key);
        Path partial = partials.resolve(partialName(key));
        try {
            Files.createDirectories(partials);
            FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new FileObjectWriter(this, key, partial, dest, channel);
        } catch (IOException e) {
            throw ioError("start writing", key, e);
        }
    }

    @Override
    public ObjectInfo put(String key, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try (ObjectWriter writer = create(key)) {
            writer.stream().write(bytes);
            return writer.commit();
        } catch (IOException e) {
            throw ioError("write", key, e);
        }
    }

    @Override
    public InputStream open(String key) {
        Path path = resolve(key);
        try {
            requireRegularFile(key, path);
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        } catch (IOException e) {
            throw ioError("read", key, e);
        }
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        Path path = resolve(key);
        Keys.checkRange(name, key, offset, length);
        try {
            long size = requireRegularFile(key, path).size();
            if (length > 0 && offset >= size) {
                throw new LifeboatException(ErrorCode.USAGE, describe() + ": range at offset " + offset
                        + " is beyond the end of '" + key + "' (" + size + " bytes)");
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        } catch (IOException e) {
            throw ioError("read", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Path path = resolve(key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            return attrs.isRegularFile() ? Optional.of(info(key, attrs)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw ioError("stat", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        Keys.checkPrefix(name, prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new FileLister(root, partials, prefix, found));
        } catch (IOException e) {
            throw ioError("list", prefix, e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return List.copyOf(found);
    }

    /** Deleting a key that does not exist is not an error. Empty parent folders are removed. */
    @Override
    public void delete(String key) {
        Path path = resolve(key);
        try {
            Files.deleteIfExists(path);
            pruneEmptyParents(path.getParent());
        } catch (IOException e) {
            throw ioError("delete", key, e);
        }
    }

    @Override
    public List<PendingUpload> incompleteUploads() {
        if (!Files.isDirectory(partials)) {
            return List.of();
        }
        List<PendingUpload> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(partials)) {
            for (Path partial : entries) {
                String name = partial.getFileName().toString();
                String key = keyOfPartial(name);
                try {
                    found.add(new PendingUpload(key, name, Files.getLastModifiedTime(partial).toInstant()));
                } catch (NoSuchFileException e) {
                    // committed or aborted meanwhile
                }
            }
        } catch (IOException e) {
            throw ioError("list partial files in", Keys.PARTIAL_DIR, e);
        }
        found.sort(Comparator.comparing(PendingUpload::key));
        return List.copyOf(found);
    }

    @Override
    public void abortUpload(PendingUpload upload) {
        Path partial = partials.resolve(upload.uploadId()).normalize();
        if (!partial.getParent().equals(partials)) {
            throw new LifeboatException(ErrorCode.USAGE, describe() + ": not a partial file: " + upload.uploadId());
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw ioError("remove the partial file of", upload.key(), e);
        }
    }

    /** A partial file's name carries its key (URL-safe base64) so that a sweep knows whose it is. */
    private static String partialName(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8))
                + "." + UUID.randomUUID();
    }

    private static String keyOfPartial(String name) {
        int dot = name.indexOf('.');
        try {
            return dot < 0 ? name : new String(Base64.getUrlDecoder().decode(name.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public String toString() {
        return describe();
    }

    private void pruneEmptyParents(Path dir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                Files.deleteIfExists(d);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }

    private BasicFileAttributes requireRegularFile(String key, Path path) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attrs.isRegularFile()) {
            throw new NoSuchFileException(path.toString());
        }
        return attrs;
    }

    Path resolve(String key) {
        return root.resolve(Keys.check(name, key));
    }

    static ObjectInfo info(String key, BasicFileAttributes attrs) {
        return new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    String describe() {
        return "file target '" + name + "' (" + root + ")";
    }

    LifeboatException notFound(String key, Throwable cause) {
        return new LifeboatException(ErrorCode.NOT_FOUND, describe() + ": no object '" + key + "'", cause);
    }

    LifeboatException ioError(String action, String key, IOException e) {
        String hint = e instanceof AccessDeniedException
                ? "; check that the daemon's user may read and write " + root : "";
        return new LifeboatException(ErrorCode.TARGET_IO,
                describe() + ": cannot " + action + " '" + key + "': " + e + hint, e);
    }
}
