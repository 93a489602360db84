package io.lifeboat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ServersTest {
    @Test
    void availableServerPasses() {
        assertThat(catchThrowable(() -> Servers.requireOrSkip(true, "x-server"))).isNull();
    }

    @Test
    void missingServerSkipsButFailsUnderCi() {
        Throwable t = catchThrowable(() -> Servers.requireOrSkip(false, "x-server"));

        assertThat(t).isInstanceOf(Servers.isCi() ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("x-server");
        assertThat(Servers.isCi()).isEqualTo("true".equalsIgnoreCase(System.getenv("CI")));
    }
}
