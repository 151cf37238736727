package io.ferrymq.broker.filter;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.store.GetResult;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS selectors (expression type {@code JMS}) evaluated by the broker on JMS-encoded records in a real store: the wire
 * properties are written by hand as the JMS provider writes them (docs/jms-messages.md), and each selector must select
 * exactly the messages a JMS consumer would receive, with JMS types, headers and defaults, reserved names and escaped
 * strings; malformed records never make a read fail.
 */
class JmsSelectorFilterTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;
    private MessageStore store;
    private final BrokerConfig config = new BrokerConfig();
    private final SubscriptionFilters filters = new SubscriptionFilters(config);
    /** The offset message id of m3, which carries no UNIQ_KEY. */
    private String m3OffsetId;

    @BeforeEach
    void start() throws Exception {
        store = new MessageStore(new StoreConfig().setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(4 * 1024 * 1024).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000));
        store.start();
        // m1: a JMS message with typed properties of every kind the tests compare.
        put("m1", 0, 0, "UNIQ_KEY", "AC110001000A", "JMS_FMQ_Body", "text", "JMSDeliveryMode", "PERSISTENT",
                "JMSPriority", "7", "JMSTimestamp", "1000", "JMSType", "order", "JMSCorrelationID", "order-17",
                "i", "10", "l", "3000000000", "d", "2.5", "flag", "true", "s", "abc", "country", "UK",
                "code", "A_1%", "JMS_FMQ_P_KEYS", "x", "KEYS", "rocketmq-key",
                "JMS_FMQ_Types", "Ii,Jl,Dd,Zflag,Nopt");
        // m2: redelivered twice; flag and s are Strings, l equals i across int and long.
        put("m2", 2, 0, "UNIQ_KEY", "AC110001000B", "JMS_FMQ_Body", "message", "JMSDeliveryMode", "NON_PERSISTENT",
                "JMSPriority", "2", "JMSTimestamp", "2000", "JMSType", "refund", "JMSCorrelationID", "invoice-3",
                "i", "5", "l", "5", "d", "10.0", "flag", "true", "s", "5", "country", "FR", "code", "AB1%", "opt", "v",
                "JMS_FMQ_Types", "Ii,Jl,Dd");
        // m3: from a non-JMS producer: no headers, no UNIQ_KEY, RocketMQ's own KEYS, i as a String.
        put("m3", 0, 777, "KEYS", "x", "TAGS", "TagA", "i", "10", "color", "red");
        // m4: escaped strings (X) in a property and in JMSType.
        put("m4", 0, 0, "UNIQ_KEY", "AC110001000D", "JMS_FMQ_Body", "bytes", "JMSDeliveryMode", "PERSISTENT",
                "JMSPriority", "9", "JMSTimestamp", "4000", "JMSType", "esc\\u0002aped", "s", "a\\u0001b",
                "JMS_FMQ_Types", "XJMSType,Xs");
        // m5: malformed: values that do not parse as their types, a bad header, a broken type list.
        put("m5", 0, 0, "UNIQ_KEY", "AC110001000E", "JMSPriority", "high", "JMSDeliveryMode", "SOMETIMES",
                "JMSTimestamp", "later", "i", "abc", "flag", "yes", "s", "bad\\q", "JMSType", "\\",
                "JMS_FMQ_Types", ",,Ii,Zflag,Q,Xs,XJMSType,");
        awaitDispatched();
        try (GetResult r = store.getMessages("T", 0, 2, 1, 256 * 1024, null)) {
            m3OffsetId = MessageRecord.decode(r.records().get(0).buffer(), 0).offsetMessageId();
        }
    }

    @AfterEach
    void stop() {
        store.shutdown();
    }

    private void put(String name, int reconsumeTimes, long bornTimestamp, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        MessageToAppend m = new MessageToAppend("T", 0, 0, name.getBytes(StandardCharsets.UTF_8),
                MessageStore.properties(p), 0, bornTimestamp, HOST, HOST, reconsumeTimes, 0L);
        assertThat(store.putMessage(m).isAppended()).isTrue();
    }

    private void awaitDispatched() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.dispatchedOffset() < store.commitLogMaxOffset()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** The names (bodies) of the messages a filter returns, reading the whole queue. */
    private List<String> read(QueueEntryFilter filter) {
        List<String> out = new ArrayList<>();
        try (GetResult r = store.getMessages("T", 0, 0, 32, 256 * 1024, filter)) {
            for (SelectedBuffer b : r.records()) {
                DecodedMessage m = MessageRecord.decode(b.buffer(), 0);
                out.add(new String(m.body(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private List<String> select(String selector) throws SubscriptionFilters.RefusedException {
        return read(filters.filterFor(SubscriptionFilters.JMS, selector));
    }

    @Test
    void numericComparisonsAcrossIntLongAndDoubleProperties() throws Exception {
        assertThat(select("i > 6")).as("m3's i is the String '10'").containsExactly("m1");
        assertThat(select("l > 2000000000 AND l > i")).containsExactly("m1");
        assertThat(select("l = i")).containsExactly("m2");
        assertThat(select("d > i")).containsExactly("m2");
        assertThat(select("d * 4 = i")).containsExactly("m1");
        assertThat(select("i BETWEEN 5 AND 10")).containsExactly("m1", "m2");
        assertThat(select("i NOT BETWEEN 6 AND 10")).containsExactly("m2");
    }

    @Test
    void headersWithTheirJmsValuesAndDefaults() throws Exception {
        assertThat(select("JMSPriority > 5")).containsExactly("m1", "m4");
        assertThat(select("JMSPriority = 4")).as("m3 has no JMSPriority: the default 4").containsExactly("m3");
        assertThat(select("JMSDeliveryMode = 'PERSISTENT'")).containsExactly("m1", "m3", "m4");
        assertThat(select("JMSDeliveryMode = 'NON_PERSISTENT'")).containsExactly("m2");
        assertThat(select("JMSMessageID = 'ID:AC110001000B'")).containsExactly("m2");
        assertThat(select("JMSMessageID = 'AC110001000B'")).isEmpty();
        assertThat(select("JMSMessageID = 'ID:" + m3OffsetId + "'")).as("no UNIQ_KEY: the offset id")
                .containsExactly("m3");
        assertThat(select("JMSType = 'order'")).containsExactly("m1");
        assertThat(select("JMSType LIKE 'esc_aped'")).as("escaped JMSType").containsExactly("m4");
        assertThat(select("JMSCorrelationID LIKE 'order-%'")).containsExactly("m1");
        assertThat(select("JMSCorrelationID NOT LIKE 'order-%'")).containsExactly("m2");
        assertThat(select("JMSTimestamp = 777")).as("no JMSTimestamp: the born time").containsExactly("m3");
        assertThat(select("JMSTimestamp >= 2000")).containsExactly("m2", "m4");
        assertThat(select("JMSXDeliveryCount = 3")).containsExactly("m2");
        assertThat(select("JMSXDeliveryCount = 1")).containsExactly("m1", "m3", "m4", "m5");
        assertThat(select("JMSExpiration IS NULL AND JMS_FMQ_Body IS NULL")).as("not selector identifiers")
                .containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void nullAbsentAndReservedNames() throws Exception {
        assertThat(select("opt IS NULL")).as("typed null (m1) and absent").containsExactly("m1", "m3", "m4", "m5");
        assertThat(select("opt IS NOT NULL")).containsExactly("m2");
        assertThat(select("KEYS = 'x'")).as("the JMS property KEYS, not RocketMQ's keys of m3").containsExactly("m1");
        assertThat(select("KEYS = 'rocketmq-key'")).isEmpty();
        assertThat(select("TAGS = 'TagA'")).as("RocketMQ's TAGS is no JMS property").isEmpty();
        assertThat(select("color = 'red'")).as("a non-JMS producer's property reads as a String")
                .containsExactly("m3");
    }

    @Test
    void inLikeEscapeAndTypesThatMustMatch() throws Exception {
        assertThat(select("country IN ('UK', 'US')")).containsExactly("m1");
        assertThat(select("country NOT IN ('UK', 'US')")).containsExactly("m2");
        assertThat(select("code LIKE 'A!_1!%' ESCAPE '!'")).containsExactly("m1");
        assertThat(select("code LIKE 'A_1%'")).containsExactly("m1", "m2");
        assertThat(select("s LIKE 'a_b'")).as("escaped U+0001").containsExactly("m4");
        assertThat(select("flag = TRUE")).as("m2's flag is the String 'true'").containsExactly("m1");
        assertThat(select("flag")).containsExactly("m1");
        assertThat(select("flag = 'true'")).containsExactly("m2");
        // Unlike types: FALSE in JMS (spec 3.8.1.1), so NOT makes it TRUE; an absent s stays UNKNOWN.
        assertThat(select("s = 5")).isEmpty();
        assertThat(select("s = '5'")).containsExactly("m2");
        assertThat(select("NOT (s = 5)")).containsExactly("m1", "m2", "m4");
        assertThat(select("i = '10'")).as("m3's i is a String").containsExactly("m3");
    }

    @Test
    void malformedRecordsReadAsAbsentAndNeverFailARead() throws Exception {
        assertThat(select("JMSPriority IS NULL")).containsExactly("m5");
        assertThat(select("JMSDeliveryMode IS NULL AND JMSTimestamp IS NULL AND i IS NULL AND flag IS NULL"
                + " AND s IS NULL AND JMSType IS NULL")).containsExactly("m5");
        assertThat(select("JMSMessageID = 'ID:AC110001000E'")).containsExactly("m5");
    }

    @Test
    void theSameTextMeansDifferentThingsAsSql92AndAsJms() throws Exception {
        // Cached per type: compiling it as SQL92 first must not hand the JMS subscription the SQL92 expression.
        assertThat(read(filters.filterFor(new SubscriptionData("T", "flag = TRUE", Set.of(), Set.of(), 0, "SQL92"))))
                .as("RocketMQ compares strings: 'true' and 'yes' are booleans").containsExactly("m1", "m2");
        assertThat(select("flag = TRUE")).containsExactly("m1");
        assertThat(read(filters.filterFor(new SubscriptionData("T", "flag = TRUE", Set.of(), Set.of(), 0, "JMS"))))
                .containsExactly("m1");
        assertThat(read(filters.filterFor("SQL92", "flag = TRUE"))).containsExactly("m1", "m2");
    }

    @Test
    void theEntryPointAlsoServesTagsAndMatchAll() throws Exception {
        assertThat(filters.filterFor(SubscriptionFilters.JMS, "  ")).as("no selector").isNull();
        assertThat(filters.filterFor(SubscriptionFilters.JMS, null)).isNull();
        assertThat(filters.filterFor("TAG", "*")).isNull();
        assertThat(filters.filterFor(null, null)).isNull();
        QueueEntryFilter tags = filters.filterFor("TAG", "TagA || TagB");
        assertThat(tags.readsRecords()).isFalse();
        assertThat(read(tags)).containsExactly("m3");
    }

    @Test
    void badSelectorsAreRefusedWithTheEnginesPositionAndCause() {
        assertThatThrownBy(() -> filters.filterFor(SubscriptionFilters.JMS, "JMSPriority > "))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
                    assertThat(e.getMessage()).isEqualTo("FMQ-BROKER-143 JMS selector does not parse: "
                            + "FMQ-FILTER-001 at position 15: expected an identifier, a literal or '(' but found end of input");
                });
        // RocketMQ-only syntax is no JMS selector.
        assertThatThrownBy(() -> filters.filterFor(SubscriptionFilters.JMS, "TAGS CONTAINS 'x'"))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
                    assertThat(e.getMessage()).startsWith("FMQ-BROKER-143 JMS selector does not parse: "
                            + "FMQ-FILTER-001 at position 6:");
                });
        // What CHECK_CLIENT_CONFIG calls.
        assertThatThrownBy(() -> SubscriptionFilters.compile(config, "JMS", "a = 'x"))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class,
                        e -> assertThat(e.getMessage()).startsWith("FMQ-BROKER-143"));
        config.setEnablePropertyFilter(false);
        assertThatThrownBy(() -> filters.filterFor(SubscriptionFilters.JMS, "a = 1"))
                .isInstanceOfSatisfying(SubscriptionFilters.RefusedException.class, e -> {
                    assertThat(e.responseCode()).isEqualTo(ResponseCode.SYSTEM_ERROR);
                    assertThat(e.getMessage()).startsWith("FMQ-BROKER-144").contains("enablePropertyFilter");
                });
    }
}
