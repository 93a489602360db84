package io.lifeboat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class BesideTest {
    @Test
    void theValueComesBack() throws Exception {
        assertThat(Beside.start("t", () -> 6 * 7).join(Exception.class)).isEqualTo(42);
    }

    @Test
    void theWorksOwnExceptionIsRethrownAsItWas() {
        SQLException sql = new SQLException("no such table", "42P01");
        assertThatThrownBy(() -> Beside.start("t", () -> { throw sql; }).join(SQLException.class)).isSameAs(sql);
        IllegalArgumentException runtime = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> Beside.start("t", () -> { throw runtime; }).join(SQLException.class)).isSameAs(runtime);
        assertThatThrownBy(() -> Beside.start("t", () -> { throw new IOException("disk"); }).join(SQLException.class))
                .isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void settleWaitsAndSwallowsTheFailure() {
        long[] done = new long[1];
        Beside<Void> b = Beside.start("t", () -> {
            Thread.sleep(50);
            done[0] = 1;
            throw new IOException("ignored by settle");
        });
        b.settle();
        assertThat(done[0]).isEqualTo(1);
    }
}
