package io.lifeboat.backup.database;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a tool run ended.
 *
 * @param stderr            the last 64 KiB of its stderr, password removed
 * @param inputIncomplete   the tool stopped reading its stdin before the end of the input
 */
record ToolResult(int exitCode, long bytesOut, String stderr, boolean inputIncomplete, Duration elapsed) {
    /** {@code pg_dump: error: ...}, {@code mysqldump: Got error: ...}, {@code ERROR 1045 (28000) ...}. */
    private static final Pattern ERROR_LINE =
            Pattern.compile("(?im)^(?:[\\w.<>:-]+:\\s*)?(?:got\\s+)?error\\b");

    boolean killedBySignal() {
        return exitCode > 128;
    }

    boolean printedErrors() {
        return ERROR_LINE.matcher(stderr).find();
    }

    boolean ok() {
        return exitCode == 0 && !inputIncomplete && !printedErrors();
    }

    /** {@code exited with code 1}, {@code was killed (signal 9)}, {@code printed errors}... */
    String ending() {
        if (killedBySignal()) {
            return "was killed (signal " + (exitCode - 128) + ")";
        }
        if (exitCode != 0) {
            return "exited with code " + exitCode;
        }
        if (inputIncomplete) {
            return "stopped reading its input before the end";
        }
        return printedErrors() ? "printed errors" : "succeeded";
    }
}
