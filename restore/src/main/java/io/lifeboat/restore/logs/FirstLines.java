package io.lifeboat.restore.logs;

import com.github.luben.zstd.ZstdInputStream;
import io.lifeboat.core.archive.Frame;
import io.lifeboat.core.archive.ManifestEntry;
import io.lifeboat.restore.select.Opened;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The timestamp a backed-up log file's first line starts with, read from the backup's data. */
interface FirstLines {
    /** Null when the line carries no timestamp or cannot be read now (e.g. the copy is archived). */
    Instant of(Opened backup, ManifestEntry file);

    /** Knows no first line: spans come from names, siblings and modification times alone. */
    FirstLines NONE = (backup, file) -> null;

    /**
     * Reads the frames holding the file's first {@value #LINE} bytes (one ranged read of one or two
     * frames) from the copy the backup was opened from.
     */
    static FirstLines fromData(ZoneId zone) {
        return new FromData(zone);
    }

    /** The most of a first line that is looked at. */
    int LINE = 1024;

    final class FromData implements FirstLines {
        private static final Logger log = LoggerFactory.getLogger(FirstLines.class);
        private final ZoneId zone;

        private FromData(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public Instant of(Opened backup, ManifestEntry file) {
            if (backup.target() == null || file.size() == 0 || file.path().endsWith(".gz")) {
                return null;
            }
            List<Frame> frames = backup.manifest().frames();
            long want = Math.min(file.size(), LINE);
            int first = frameAt(frames, file.dataOffset());
            int last = frameAt(frames, file.dataOffset() + want - 1);
            if (first < 0 || last < 0) {
                return null;
            }
            Frame a = frames.get(first);
            Frame b = frames.get(last);
            long length = b.storedOffset() + b.storedSize() - a.storedOffset();
            try (InputStream stored = backup.target().openRange(backup.manifest().dataKey(), a.storedOffset(), length);
                 InputStream raw = new ZstdInputStream(stored)) {
                raw.skipNBytes(file.dataOffset() - a.rawOffset());
                byte[] head = raw.readNBytes((int) want);
                String text = new String(head, StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                return LogStamps.at(eol < 0 ? text : text.substring(0, eol), zone);
            } catch (IOException | RuntimeException e) { // e.g. an archived copy, a missing object: the span stays as it is
                log.debug("first line of {} in {} not read: {}", file.path(), backup.id(), e.toString());
                return null;
            }
        }

        private static int frameAt(List<Frame> frames, long rawOffset) {
            for (int i = 0; i < frames.size(); i++) {
                Frame f = frames.get(i);
                if (rawOffset >= f.rawOffset() && rawOffset < f.rawEnd()) {
                    return i;
                }
            }
            return -1;
        }
    }
}
