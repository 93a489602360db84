package io.lifeboat.backup.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GlobFilterTest {
    record Case(List<String> include, List<String> exclude, String path, boolean selected) {
    }

    static List<Case> cases() {
        return List.of(
                new Case(List.of(), List.of(), "any/file.txt", true),
                new Case(List.of("**/*.log*"), List.of(), "app.log", true),
                new Case(List.of("**/*.log*"), List.of(), "svc/app.log.2026-10-12.gz", true),
                new Case(List.of("**/*.log*"), List.of(), "svc/notes.txt", false),
                new Case(List.of("*.jar"), List.of(), "lib/a.jar", false),
                new Case(List.of("**/*.jar"), List.of("**/*-SNAPSHOT.jar"), "lib/a-1.0-SNAPSHOT.jar", false),
                new Case(List.of(), List.of("tmp/**"), "tmp/x/y", false),
                new Case(List.of(), List.of("tmp/**"), "data/tmp.txt", true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selects(Case c) {
        assertThat(new GlobFilter(c.include(), c.exclude()).selects(c.path())).isEqualTo(c.selected());
    }
}
