package io.latentlab.control.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamLimitsTest {

    @Test
    void aClientOverItsLimitIsRefusedAndNamedWhileOthersStillOpen() throws Exception {
        StreamLimits limits = new StreamLimits(2, 10);
        AutoCloseable first = limits.open("10.0.0.1");
        limits.open("10.0.0.1");
        assertThatThrownBy(() -> limits.open("10.0.0.1"))
                .isInstanceOfSatisfying(StreamLimits.TooManyStreamsException.class, e -> assertThat(e.perClient()).isTrue())
                .hasMessage("this client (10.0.0.1) has 2 live streams open, the limit (latentlab.sse.max-per-client): "
                        + "close one first");
        limits.open("10.0.0.2");

        first.close();
        first.close(); // a slot is given back once, however often it is closed
        assertThat(limits.openStreams()).isEqualTo(2);
        limits.open("10.0.0.1");
        assertThat(limits.openStreams()).isEqualTo(3);
    }

    @Test
    void overTheTotalEveryClientIsRefusedUntilAStreamEnds() throws Exception {
        StreamLimits limits = new StreamLimits(5, 3);
        List<AutoCloseable> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(limits.open("10.0.0." + i));
        }
        assertThatThrownBy(() -> limits.open("10.0.0.9"))
                .isInstanceOfSatisfying(StreamLimits.TooManyStreamsException.class, e -> assertThat(e.perClient()).isFalse())
                .hasMessage("3 live streams are open, the limit (latentlab.sse.max-total): try again later");
        open.get(0).close();
        limits.open("10.0.0.9");
    }

    @Test
    void limitsBelowOneAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new StreamLimits(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latentlab.sse.max-per-client");
    }
}
