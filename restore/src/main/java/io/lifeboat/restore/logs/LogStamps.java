package io.lifeboat.restore.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timestamp a log line starts with: {@code 2026-10-13 00:02:00.000}, {@code 2026-10-13T00:02:00Z},
 * {@code [2026-10-13T00:02:00,123+0200]}, with or without an offset (none means {@code zone}).
 */
public final class LogStamps {
    private static final Pattern STAMP = Pattern.compile(
            "^\\[?(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})(?:[.,](\\d{1,9}))?\\s?(Z|[+-]\\d{2}:?\\d{2})?");

    private LogStamps() {
    }

    /** The instant {@code line} starts with, or null when it does not start with a timestamp. */
    public static Instant at(String line, ZoneId zone) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return null;
        }
        String text = m.group(1) + "T" + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
        try {
            if (m.group(4) == null) {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            }
            String offset = m.group(4).equals("Z") ? "Z" : m.group(4).replaceFirst("(\\d{2})(\\d{2})$", "$1:$2");
            return OffsetDateTime.parse(text + offset).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
