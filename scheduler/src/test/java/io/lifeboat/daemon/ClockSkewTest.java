package io.lifeboat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lifeboat.core.catalog.Catalog;
import io.lifeboat.core.config.CatalogConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The node's clock against the catalog database's (a real H2 file catalog), with injected offsets. */
class ClockSkewTest {
    @TempDir
    Path dir;
    Catalog catalog;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(ClockSkew.class);

    @BeforeEach
    void open() {
        catalog = Catalog.open(new CatalogConfig("jdbc:h2:file:" + dir.resolve("catalog"), null, null), Clock.systemUTC());
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void close() {
        logger.detachAppender(log);
        catalog.close();
    }

    private Duration check(Duration offset) {
        return new ClockSkew(Clock.offset(Clock.systemUTC(), offset), catalog.leases()::databaseNow).check();
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aClockInStepWithTheDatabaseGivesNoWarning() {
        Duration skew = check(Duration.ZERO);

        assertThat(skew.abs()).isLessThan(Duration.ofMillis(500));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aNodeTwoSecondsAheadIsWarnedAbout() {
        Duration skew = check(Duration.ofSeconds(2));

        assertThat(skew).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
        assertThat(warnings()).singleElement().asString().contains("clock skew").contains("ahead of the catalog database's");
    }

    @Test
    void aNodeBehindIsWarnedAboutToo() {
        Duration skew = check(Duration.ofMillis(-3500));

        assertThat(skew).isBetween(Duration.ofMillis(-4000), Duration.ofMillis(-3000));
        assertThat(warnings()).singleElement().asString().contains("behind the catalog database's");
    }

    @Test
    void halfASecondIsWithinTolerance() {
        check(Duration.ofMillis(-400));
        check(Duration.ofMillis(400));

        assertThat(warnings()).isEmpty();
    }
}
