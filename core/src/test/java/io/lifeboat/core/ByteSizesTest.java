package io.lifeboat.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 | 0 B",
            "1023 | 1023 B",
            "1024 | 1.0 KiB",
            "2180725 | 2.1 MiB",
            "2012880524 | 1.9 GiB",
            "1125899906842624 | 1024.0 TiB",
    })
    void rendersTheLargestBinaryUnitWithOneDecimal(long bytes, String expected) {
        assertThat(ByteSizes.human(bytes)).isEqualTo(expected);
    }
}
