package io.lifeboat.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void onlyOneIsSingular() {
        assertThat(Plural.count(1, "table")).isEqualTo("1 table");
        assertThat(Plural.count(0, "table")).isEqualTo("0 tables");
        assertThat(Plural.count(2, "row")).isEqualTo("2 rows");
        assertThat(Plural.count(5_000_000L, "row")).isEqualTo("5000000 rows");
    }
}
