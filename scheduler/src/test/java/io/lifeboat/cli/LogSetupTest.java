package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    private static LoggerContext configured(String level) {
        LoggerContext context = new LoggerContext();
        new LogSetup().configure(context, level);
        return context;
    }

    @Test
    void theMariaDbDriversEchoOfAnErrorIsQuietAtTheDefaultLevel() {
        LoggerContext context = configured(null);

        assertThat(context.getLogger("org.mariadb.jdbc.message.server.ErrorPacket").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.mariadb.jdbc.Driver").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.lifeboat.backup.BackupRunner").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aDebuggingOperatorSeesItAgain() {
        LoggerContext context = configured("debug");

        assertThat(context.getLogger("org.mariadb.jdbc.message.server.ErrorPacket").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }
}
