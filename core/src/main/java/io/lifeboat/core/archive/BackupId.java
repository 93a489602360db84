package io.lifeboat.core.archive;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A backup's id: its start time (UTC, to the second) and 4 random bytes, so ids sort by time. */
public record BackupId(String value) {
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BackupId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "not a backup id: '" + value + "' (expected e.g. 20261125T010000Z-1a2b3c4d)");
        }
    }

    public static BackupId create(Instant started) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return new BackupId(STAMP.format(started.truncatedTo(ChronoUnit.SECONDS)) + "-" + HexFormat.of().formatHex(random));
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** The short form used in scratch names: the random part. */
    public String shortId() {
        return value.substring(value.indexOf('-') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
