package io.lifeboat.restore.drill;

import java.util.List;

/** What a step does, from its first words. Restore, verify and check steps count towards the RTO. */
public enum StepKind {
    /** {@code restore files|logs|artifact|database ...}: the command line, in-process. */
    RESTORE(true, true),
    /** {@code verify ...}, {@code check} (monitoring), {@code status}, {@code backup list}: the command line, in-process. */
    COMMAND(true, true),
    CHECK_SQL(true, false),
    CHECK_FILE(true, false),
    CHECK_HTTP(true, false),
    MEASURE_RPO(true, false),
    RUN(false, false),
    WAIT(false, false),
    DROP_DATABASE(false, false),
    UNKNOWN(false, false);

    private final boolean recovery;
    private final boolean command;

    StepKind(boolean recovery, boolean command) {
        this.recovery = recovery;
        this.command = command;
    }

    /** Counts towards the RTO: the drill's recovery ends with the last such step. */
    public boolean recovery() {
        return recovery;
    }

    /** Runs as a {@code lifeboat} command line (through {@link CliSteps}). */
    public boolean command() {
        return command;
    }

    static StepKind of(List<String> args) {
        String first = args.isEmpty() ? "" : args.get(0);
        String second = args.size() > 1 ? args.get(1) : "";
        return switch (first) {
            case "restore" -> RESTORE;
            case "verify", "status" -> COMMAND;
            case "backup" -> "list".equals(second) ? COMMAND : UNKNOWN;
            case "check" -> switch (second) {
                case "sql" -> CHECK_SQL;
                case "file" -> CHECK_FILE;
                case "http" -> CHECK_HTTP;
                default -> second.isEmpty() || second.startsWith("-") ? COMMAND : UNKNOWN;
            };
            case "measure" -> "rpo".equals(second) ? MEASURE_RPO : UNKNOWN;
            case "run" -> RUN;
            case "wait" -> WAIT;
            case "drop" -> "database".equals(second) ? DROP_DATABASE : UNKNOWN;
            default -> UNKNOWN;
        };
    }
}
