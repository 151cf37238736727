package io.ferrymq.client;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Back-checks of one producer group routed by topic, by property, or to the default, first match first. */
class TransactionCheckRoutesTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private static ReceivedMessage half(String topic, String properties) {
        DecodedMessage record = new DecodedMessage(200, 0, 0, 0, 0, 0, 0, 0L, HOST, 0L, HOST, 0, 0L, new byte[0], topic,
                properties);
        return new ReceivedMessage(record, new MessageQueue(topic, "broker-a", 0));
    }

    @Test
    void theFirstMatchingRouteAnswersElseTheDefault() throws Exception {
        TransactionCheckRoutes routes = new TransactionCheckRoutes(h -> TransactionState.UNKNOWN)
                .forProperty("tenant", "acme", h -> TransactionState.ROLLBACK)
                .forTopic("Orders", h -> TransactionState.COMMIT)
                .when(h -> h.topic().startsWith("Pay"), h -> TransactionState.ROLLBACK);

        assertThat(routes.check(half("Orders", ""))).isEqualTo(TransactionState.COMMIT);
        assertThat(routes.check(half("Orders", "tenant\u0001acme\u0002"))).as("added first, so it wins")
                .isEqualTo(TransactionState.ROLLBACK);
        assertThat(routes.check(half("Orders", "tenant\u0001other\u0002"))).isEqualTo(TransactionState.COMMIT);
        assertThat(routes.check(half("Payments", ""))).isEqualTo(TransactionState.ROLLBACK);
        assertThat(routes.check(half("Invoices", ""))).isEqualTo(TransactionState.UNKNOWN);
    }
}
