package io.lifeboat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CdsTrainingCommandTest {
    /** The database commands' classes, which the workout cannot reach without a server, are loaded from their jars. */
    @Test
    void theDatabaseDriversClassesAreFoundInTheirJars() throws Exception {
        List<String> pg = CdsTrainingCommand.classNames(org.postgresql.Driver.class, "org/postgresql/");
        List<String> maria = CdsTrainingCommand.classNames(org.mariadb.jdbc.Driver.class, "org/mariadb/jdbc/");

        assertThat(pg).contains("org.postgresql.Driver", "org.postgresql.core.v3.QueryExecutorImpl").hasSizeGreaterThan(200)
                .allMatch(n -> n.startsWith("org.postgresql."));
        assertThat(maria).contains("org.mariadb.jdbc.Driver").allMatch(n -> n.startsWith("org.mariadb.jdbc."));
        assertThat(CdsTrainingCommand.classNames(CdsTrainingCommand.class, "io/lifeboat/"))
                .contains("io.lifeboat.cli.Main", "io.lifeboat.cli.CdsTrainingCommand");
    }

}
