package io.lifeboat.backup;

import io.lifeboat.core.ErrorCode;
import io.lifeboat.core.LifeboatException;
import io.lifeboat.core.archive.ArchiveSummary;
import io.lifeboat.core.storage.ObjectInfo;
import io.lifeboat.core.storage.ObjectWriter;
import io.lifeboat.core.storage.Target;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes one object through a compressing writer, commits it, and checks the size the target stored. */
final class ObjectUpload {
    /** Produces the object's bytes into {@code out} and returns their summary. */
    @FunctionalInterface
    interface Producer {
        ArchiveSummary produce(OutputStream out) throws IOException;
    }

    private ObjectUpload() {
    }

    static ArchiveSummary write(Target target, String key, Producer producer) {
        try (ObjectWriter writer = target.create(key)) {
            OutputStream out = new BufferedOutputStream(writer.stream(), 1 << 20);
            ArchiveSummary summary = producer.produce(out);
            out.flush();
            if (Thread.currentThread().isInterrupted()) {
                throw new LifeboatException(ErrorCode.INTERRUPTED, "backup interrupted before publishing; nothing was published");
            }
            ObjectInfo stored = writer.commit();
            if (stored.size() != summary.storedSize()) {
                throw new LifeboatException(ErrorCode.TARGET_IO, "target " + target.name() + " stored " + stored.size()
                        + " bytes of " + key + " but " + summary.storedSize() + " were written");
            }
            return summary;
        } catch (IOException e) {
            throw new LifeboatException(ErrorCode.TARGET_IO, "writing " + key + " to " + target.name() + " failed: " + e.getMessage(), e);
        }
    }
}
