package io.ferrymq.broker.filter;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.QueueEntryFilter;
import io.ferrymq.store.SelectedBuffer;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SQL92 and tag subscriptions turned into store filters, read against a real store. */
class SubscriptionFiltersTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;
    private MessageStore store;
    private final BrokerConfig config = new BrokerConfig();
    private final SubscriptionFilters filters = new SubscriptionFilters(config);

    @BeforeEach
    void start() throws Exception {
        store = new MessageStore(new StoreConfig().setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(4 * 1024 * 1024).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000));
        store.start();
    }

    @AfterEach
    void stop() {
        store.shutdown();
    }

    private void put(String topic, String tag, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        if (tag != null) {
            p.put("TAGS", tag);
        }
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        assertThat(store.putMessage(MessageToAppend.of(topic, 0, new byte[]{1, 2, 3}, MessageStore.properties(p), HOST))
                .isAppended()).isTrue();
    }

    private void awaitDispatched() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.dispatchedOffset() < store.commitLogMaxOffset()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static SubscriptionData sql(String expression) {
        return new SubscriptionData("T", expression, Set.of(), Set.of(), 0, "SQL92");
    }

    private List<DecodedMessage> read(QueueEntryFilter filter, long from, long[] next) {
        List<DecodedMessage> out = new ArrayList<>();
        try (GetResult r = store.getMessages("T", 0, from, 32, 256 * 1024, filter)) {
            next[0] = r.nextBeginOffset();
            for (SelectedBuffer b : r.records()) {
                out.add(MessageRecord.decode(b.buffer(), 0));
            }
        }
        return out;
    }

    @Test
    void anSql92FilterReturnsOnlyMatchingRecordsAndSkipsTheRest() throws Exception {
        for (int i = 0; i < 30; i++) {
            put("T", i % 3 == 0 ? "TagA" : "TagB", "a", Integer.toString(i), "color", i % 2 == 0 ? "red" : "blue");
        }
        awaitDispatched();
        long[] next = new long[1];
        List<DecodedMessage> got = read(filters.filterFor(sql("a >= 10 AND color = 'red' AND TAGS = 'TagA'")), 0, next);
        assertThat(got).extracting(m -> m.property("a")).containsExactly("12", "18", "24");
        assertThat(next[0]).as("the read went past every rejected entry").isEqualTo(30);

        try (GetResult none = store.getMessages("T", 0, 0, 32, 256 * 1024, filters.filterFor(sql("a > 100")))) {
            assertThat(none.status()).isEqualTo(GetStatus.NO_MATCHED_MESSAGE);
            assertThat(none.nextBeginOffset()).isEqualTo(30);
        }
        assertThat(read(filters.filterFor(sql("missing IS NULL AND a BETWEEN 3 AND 4")), 0, next))
                .extracting(m -> m.property("a")).containsExactly("3", "4");
    }

    @Test
    void aValueThatDoesNotParseFailsTheWholeExpressionAsInRocketMq() throws Exception {
        put("T", null, "a", "abc", "b", "x");
        put("T", null, "a", "7", "b", "x");
        awaitDispatched();
        long[] next = new long[1];
        assertThat(read(filters.filterFor(sql("a > 5 OR b = 'x'")), 0, next)).extracting(m -> m.property("a"))
                .containsExactly("7");
        assertThat(read(filters.filterFor(sql("b = 'x' OR a > 5")), 0, next)).hasSize(2);
    }

    @Test
    void aReadStopsAfterRejectingABoundedNumberOfRecords() throws Exception {
        int rejected = MessageStore.MAX_RECORDS_REJECTED_PER_READ;
        for (int i = 0; i < rejected + 10; i++) {
            put("T", null, "a", i < rejected + 5 ? "0" : "1");
        }
        awaitDispatched();
        long[] next = new long[1];
        QueueEntryFilter filter = filters.filterFor(sql("a = 1"));
        assertThat(read(filter, 0, next)).isEmpty();
        assertThat(next[0]).isEqualTo(rejected);
        assertThat(read(filter, next[0], next)).hasSize(5);
    }

    @Test
    void tagSubscriptionsUseTheConsumeQueueCodeAndMatchAllNeedsNoFilter() throws Exception {
        put("T", "TagA");
        put("T", "TagB");
        put("T", "TagC");
        awaitDispatched();
        long[] next = new long[1];
        QueueEntryFilter tags = filters.filterFor(SubscriptionData.ofTagExpression("T", "TagA || TagC", 0));
        assertThat(tags.readsRecords()).isFalse();
        assertThat(read(tags, 0, next)).extracting(m -> m.property("TAGS")).containsExactly("TagA", "TagC");
        assertThat(filters.filterFor(SubscriptionData.ofTagExpression("T", "*", 0))).isNull();
    }

    @Test
    void badExpressionsAndUnsupportedTypesAreRefusedWithTheEnginesPositionAndCause() {
        assertThatThrownBy(() -> filters.filterFor(sql("a > ")))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
                    assertThat(e.getMessage()).startsWith("FMQ-BROKER-142 SQL92 expression does not parse: "
                            + "FMQ-FILTER-001 at position 5:");
                });
        assertThatThrownBy(() -> filters.filterFor(new SubscriptionData("T", "x", Set.of(), Set.of(), 0, "CLASS")))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class,
                        e -> assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED));
        config.setEnablePropertyFilter(false);
        assertThatThrownBy(() -> filters.filterFor(sql("a = 1")))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
                    assertThat(e.getMessage()).contains("enablePropertyFilter");
                });
    }
}
