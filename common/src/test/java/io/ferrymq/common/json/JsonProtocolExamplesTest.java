package io.ferrymq.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.common.message.MessageProperties;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON text of the protocol fact sheet (sections 1.3, 2.3 and 4; written by the official 5.3.3 client with
 * fastjson 1.2.83) parses to the right values, and writes back as fastjson wrote it.
 */
class JsonProtocolExamplesTest {

    // 1.3
    static final String ROUTE_REQUEST = """
            {"code":105,"extFields":{"topic":"T1"},"flag":0,"language":"JAVA","opaque":7,"serializeTypeCurrentRPC":"JSON","version":479}""";
    static final String ERROR_RESPONSE = """
            {"code":17,"flag":1,"language":"JAVA","opaque":7,"remark":"No topic route info","serializeTypeCurrentRPC":"JSON","version":479}""";
    // 2.3 (the backslashes are JSON escapes: the text holds \u0001, six chars)
    static final String SEND_V2_REQUEST = """
            {"code":310,"extFields":{"a":"PG","b":"T1","c":"TBW102","d":"4","e":"0","f":"0","g":"1700000000000","h":"0",
             "i":"KEYS\\u0001key1 key2\\u0002UNIQ_KEY\\u00017F00000100002A9F0000000000000001\\u0002WAIT\\u0001true\\u0002TAGS\\u0001TagA\\u0002",
             "j":"0","k":"false","m":"false","n":"broker-a"},"flag":0,"language":"JAVA","opaque":8,"serializeTypeCurrentRPC":"JSON","version":479}""";
    static final String SEND_RESPONSE = """
            {"code":0,"extFields":{"queueId":"0","transactionId":"7F00000100002A9F0000000000000001","msgId":"0A0000010000291100000000000004D2",
             "TRACE_ON":"true","MSG_REGION":"DefaultRegion","queueOffset":"12"},"flag":1,"language":"JAVA","opaque":8,"serializeTypeCurrentRPC":"JSON","version":479}""";
    // 4.1
    static final String ROUTE_DEFAULT = """
            {"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a","cluster":"DefaultCluster","enableActingMaster":false}],
             "filterServerTable":{},"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}""";
    static final String ROUTE_STANDARD = ROUTE_DEFAULT.replace("{0:", "{\"0\":").replace(",1:", ",\"1\":");
    // 4.2
    static final String REGISTER_BROKER_BODY = """
            {"filterServerList":[],"topicConfigSerializeWrapper":{
              "dataVersion":{"counter":0,"stateVersion":0,"timestamp":1700000000000},
              "mappingDataVersion":{"counter":0,"stateVersion":0,"timestamp":1700000000000},
              "topicConfigTable":{"T1":{"attributes":{},"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",
                                        "topicName":"T1","topicSysFlag":0,"writeQueueNums":4}},
              "topicQueueMappingDetailMap":{},"topicQueueMappingInfoMap":{}}}""";
    // 4.3
    static final String CLUSTER_INFO = """
            {"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911",1:"10.0.0.2:10911"},"brokerName":"broker-a",
               "cluster":"DefaultCluster","enableActingMaster":false}},
             "clusterAddrTable":{"DefaultCluster":["broker-a"]}}""";
    // 4.4
    static final String SUBSCRIPTION_DATA = """
            {"classFilterMode":false,"codeSet":[2598919,2598920],"expressionType":"TAG","subString":"TagA || TagB","subVersion":1700000000000,
                  "tagsSet":["TagA","TagB"],"topic":"T1"}""";
    static final String HEARTBEAT = """
            {"clientID":"10.0.0.9@12345#8765432100",
             "consumerDataSet":[{"consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","groupName":"CG",
               "messageModel":"CLUSTERING","subscriptionDataSet":[
                 {"classFilterMode":false,"codeSet":[],"expressionType":"TAG","subString":"*","subVersion":1700000000001,"tagsSet":[],"topic":"%RETRY%CG"},\n""" + SUBSCRIPTION_DATA + """
            ],"unitMode":false}],
             "heartbeatFingerprint":0,"producerDataSet":[{"groupName":"PG"}],"withoutSub":false}""";
    // 4.5
    static final String LOCK_BATCH_REQUEST = """
            {"clientId":"10.0.0.9@12345","consumerGroup":"CG","mqSet":[{"brokerName":"broker-a","queueId":0,"topic":"T1"}],"onlyThisBroker":false}""";
    static final String LOCK_BATCH_RESPONSE = """
            {"lockOKMQSet":[{"brokerName":"broker-a","queueId":0,"topic":"T1"}]}""";
    static final String CONSUMER_LIST = """
            {"consumerIdList":["10.0.0.9@12345","10.0.0.10@999"]}""";
    static final String TOPIC_LIST = """
            {"topicList":["TBW102","T1"]}""";
    static final String KV_TABLE = """
            {"table":{"brokerVersionDesc":"V5_3_3","putTps":"0.00 0.00 0.00"}}""";
    static final String GROUP_LIST = """
            {"groupList":["CG"]}""";
    // 4.6
    static final String RESET_OFFSET_BODY = """
            {"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T1"}:100}}""";
    static final String TOPIC_STATS_TABLE = """
            {"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T1"}:{"lastUpdateTimestamp":1700000000000,"maxOffset":10,"minOffset":0}},"topicPutTps":0.0}""";
    static final String CONSUME_STATS = """
            {"consumeTps":1.5,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T1"}:{"brokerOffset":10,"consumerOffset":7,"lastTimestamp":1700000000000,"pullOffset":10}}}""";
    static final String CONSUMER_CONNECTION = """
            {"connectionSet":[{"clientAddr":"10.0.0.9:54321","clientId":"10.0.0.9@12345","language":"JAVA","version":479}],
               "consumeFromWhere":"CONSUME_FROM_LAST_OFFSET","consumeType":"CONSUME_PASSIVELY","messageModel":"CLUSTERING",
               "subscriptionTable":{"T1":""" + SUBSCRIPTION_DATA + "}}";
    // 4.7
    static final String SUBSCRIPTION_GROUP_CONFIG = """
            {"attributes":{},"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":true,"consumeFromMinEnable":true,
             "consumeMessageOrderly":false,"consumeTimeoutMinute":15,"groupName":"CG","groupRetryPolicy":{"type":"CUSTOMIZED"},
             "groupSysFlag":0,"notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,"whichBrokerWhenConsumeSlowly":1}""";
    static final String SUBSCRIPTION_GROUP_WRAPPER = "{\"subscriptionGroupTable\":{\"CG\":" + SUBSCRIPTION_GROUP_CONFIG
            + "},\"dataVersion\":{\"counter\":3,\"stateVersion\":0,\"timestamp\":1700000000000},\"forbiddenTable\":{}}";
    // 2.5 GET_ALL_CONSUMER_OFFSET and 2.6 GET_ALL_DELAY_OFFSET bodies: Map<Integer,Long> with unquoted keys
    static final String CONSUMER_OFFSET = """
            {"offsetTable":{"topic@group":{0:10,1:5}}}""";
    static final String DELAY_OFFSET = """
            {"offsetTable":{1:0,2:17,18:3}}""";

    static Stream<String> allExamples() {
        return Stream.of(ROUTE_REQUEST, ERROR_RESPONSE, SEND_V2_REQUEST, SEND_RESPONSE, ROUTE_DEFAULT, ROUTE_STANDARD,
                REGISTER_BROKER_BODY, CLUSTER_INFO, HEARTBEAT, LOCK_BATCH_REQUEST, LOCK_BATCH_RESPONSE, CONSUMER_LIST,
                TOPIC_LIST, KV_TABLE, GROUP_LIST, RESET_OFFSET_BODY, TOPIC_STATS_TABLE, CONSUME_STATS,
                CONSUMER_CONNECTION, SUBSCRIPTION_GROUP_CONFIG, SUBSCRIPTION_GROUP_WRAPPER, CONSUMER_OFFSET, DELAY_OFFSET);
    }

    /** The example without the line breaks and indentation the fact sheet added for reading. */
    static String compact(String text) {
        StringBuilder sb = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString && c == '\\') {
                sb.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                inString = !inString;
            }
            if (inString || !Character.isWhitespace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("allExamples")
    void everyExampleParsesFromTextAndBytesAndRoundTrips(String text) {
        Object tree = Json.parse(text);
        assertThat(tree).isInstanceOf(JsonObject.class);
        assertThat(Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(tree);
        assertThat(Json.parse(Json.write(tree))).isEqualTo(tree);
        assertThat(Json.parse(Json.writeSortedBytes(tree))).isEqualTo(tree);
    }

    @Test
    void headersWriteBackByteForByteInFastjsonOrder() {
        assertThat(Json.writeSorted(Json.parse(ROUTE_REQUEST))).isEqualTo(ROUTE_REQUEST);
        assertThat(Json.writeSorted(Json.parse(ERROR_RESPONSE))).isEqualTo(ERROR_RESPONSE);
        assertThat(Json.writeSorted(Json.parse(SEND_V2_REQUEST))).isEqualTo(compact(SEND_V2_REQUEST));
        // extFields is a HashMap: fastjson wrote it unsorted, and insertion order reproduces it
        assertThat(Json.write(Json.parse(SEND_RESPONSE))).isEqualTo(compact(SEND_RESPONSE));
    }

    @Test
    void routeRequestHeader() {
        JsonObject h = Json.parseObject(ROUTE_REQUEST);
        assertThat(h.getInt("code", -1)).isEqualTo(105);
        assertThat(h.getObject("extFields").getString("topic")).isEqualTo("T1");
        assertThat(h.getInt("flag", -1)).isZero();
        assertThat(h.getString("language")).isEqualTo("JAVA");
        assertThat(h.getInt("opaque", -1)).isEqualTo(7);
        assertThat(h.getString("serializeTypeCurrentRPC")).isEqualTo("JSON");
        assertThat(h.getInt("version", -1)).isEqualTo(479);
        assertThat(h.getString("remark")).isNull();

        JsonObject error = Json.parseObject(ERROR_RESPONSE);
        assertThat(error.getString("remark")).isEqualTo("No topic route info");
        assertThat(error.getObject("extFields")).isNull();
    }

    @Test
    void sendRequestCarriesPropertySeparators() {
        JsonObject ext = Json.parseObject(SEND_V2_REQUEST).getObject("extFields");
        String properties = ext.getString("i");
        assertThat(properties).startsWith("KEYS\u0001key1 key2\u0002UNIQ_KEY\u0001").endsWith("TAGS\u0001TagA\u0002");
        Map<String, String> decoded = MessageProperties.decode(properties);
        assertThat(decoded).containsEntry("KEYS", "key1 key2").containsEntry("WAIT", "true")
                .containsEntry("TAGS", "TagA").containsEntry("UNIQ_KEY", "7F00000100002A9F0000000000000001");
        assertThat(ext.getInt("d", -1)).isEqualTo(4);
        assertThat(ext.getLong("g", -1)).isEqualTo(1_700_000_000_000L);
        assertThat(ext.getBoolean("k", true)).isFalse();
        assertThat(ext.getBoolean("m", true)).isFalse();
        assertThat(ext.getString("n")).isEqualTo("broker-a");
        assertThat(Json.write(ext)).contains("\"i\":\"KEYS\\u0001key1 key2\\u0002UNIQ_KEY\\u0001");
    }

    @Test
    void sendResponseHeaderFields() {
        JsonObject ext = Json.parseObject(SEND_RESPONSE).getObject("extFields");
        assertThat(ext.getInt("queueId", -1)).isZero();
        assertThat(ext.getLong("queueOffset", -1)).isEqualTo(12);
        assertThat(ext.getString("msgId")).isEqualTo("0A0000010000291100000000000004D2");
        assertThat(ext.getString("MSG_REGION")).isEqualTo("DefaultRegion");
        assertThat(ext.getBoolean("TRACE_ON", false)).isTrue();
    }

    @Test
    void routeDataWithUnquotedNumericBrokerIds() {
        JsonObject route = Json.parseObject(ROUTE_DEFAULT);
        JsonObject broker = (JsonObject) route.getArray("brokerDatas").get(0);
        JsonObject addrs = broker.getObject("brokerAddrs");
        assertThat(addrs.keys()).containsExactly("0", "1");
        assertThat(addrs.getString("0")).isEqualTo("10.0.0.1:10911");
        assertThat(addrs.getString("1")).isEqualTo("10.0.0.2:10911");
        assertThat(addrs.get(0L)).isEqualTo("10.0.0.1:10911"); // a Long broker id finds the "0" key
        assertThat(broker.getString("cluster")).isEqualTo("DefaultCluster");
        assertThat(broker.getBoolean("enableActingMaster", true)).isFalse();
        assertThat(route.getObject("filterServerTable").isEmpty()).isTrue();
        JsonObject queue = (JsonObject) route.getArray("queueDatas").get(0);
        assertThat(queue.getInt("perm", 0)).isEqualTo(6);
        assertThat(queue.getInt("readQueueNums", 0)).isEqualTo(4);
        assertThat(queue.getInt("writeQueueNums", 0)).isEqualTo(4);

        // both encodings give the same tree; we write the standard one (section 1.8: safe for every client)
        assertThat(Json.parse(ROUTE_STANDARD)).isEqualTo(route);
        assertThat(Json.write(route)).isEqualTo(compact(ROUTE_STANDARD));
    }

    @Test
    void registerBrokerBody() {
        JsonObject body = Json.parseObject(REGISTER_BROKER_BODY);
        assertThat(body.getArray("filterServerList")).isEmpty();
        JsonObject wrapper = body.getObject("topicConfigSerializeWrapper");
        assertThat(wrapper.getObject("dataVersion").getLong("timestamp", 0)).isEqualTo(1_700_000_000_000L);
        assertThat(wrapper.getObject("dataVersion").get("counter")).isEqualTo(0L);
        JsonObject t1 = wrapper.getObject("topicConfigTable").getObject("T1");
        assertThat(t1.getString("topicFilterType")).isEqualTo("SINGLE_TAG");
        assertThat(t1.getBoolean("order", true)).isFalse();
        assertThat(t1.getObject("attributes").size()).isZero();
        assertThat(Json.writeSorted(body)).isEqualTo(compact(REGISTER_BROKER_BODY));
    }

    @Test
    void clusterInfo() {
        JsonObject info = Json.parseObject(CLUSTER_INFO);
        JsonObject brokerA = info.getObject("brokerAddrTable").getObject("broker-a");
        assertThat(brokerA.getObject("brokerAddrs").getString("0")).isEqualTo("10.0.0.1:10911");
        assertThat(info.getObject("clusterAddrTable").getArray("DefaultCluster")).containsExactly("broker-a");
    }

    @Test
    void heartbeatSubscriptionsAndTagCodes() {
        JsonObject heartbeat = Json.parseObject(HEARTBEAT);
        assertThat(heartbeat.getString("clientID")).isEqualTo("10.0.0.9@12345#8765432100");
        assertThat(heartbeat.getLong("heartbeatFingerprint", -1)).isZero();
        JsonObject consumer = (JsonObject) heartbeat.getArray("consumerDataSet").get(0);
        assertThat(consumer.getString("messageModel")).isEqualTo("CLUSTERING");
        List<Object> subscriptions = consumer.getArray("subscriptionDataSet");
        assertThat(subscriptions).hasSize(2);
        JsonObject retry = (JsonObject) subscriptions.get(0);
        assertThat(retry.getString("topic")).isEqualTo("%RETRY%CG");
        assertThat(retry.getLong("subVersion", 0)).isEqualTo(1_700_000_000_001L);
        JsonObject t1 = (JsonObject) subscriptions.get(1);
        assertThat(t1.getArray("tagsSet")).containsExactly("TagA", "TagB");
        assertThat(t1.getArray("codeSet")).containsExactly((long) "TagA".hashCode(), (long) "TagB".hashCode());
        assertThat(t1.getString("subString")).isEqualTo("TagA || TagB");
        assertThat(((JsonObject) heartbeat.getArray("producerDataSet").get(0)).getString("groupName")).isEqualTo("PG");
        assertThat(Json.writeSorted(heartbeat)).isEqualTo(compact(HEARTBEAT));
    }

    @Test
    void lockAndListBodies() {
        JsonObject mq = (JsonObject) Json.parseObject(LOCK_BATCH_REQUEST).getArray("mqSet").get(0);
        assertThat(mq.getString("brokerName")).isEqualTo("broker-a");
        assertThat(mq.getInt("queueId", -1)).isZero();
        assertThat(Json.parseObject(LOCK_BATCH_RESPONSE).getArray("lockOKMQSet")).containsExactly(mq);
        assertThat(Json.parseObject(CONSUMER_LIST).getArray("consumerIdList"))
                .containsExactly("10.0.0.9@12345", "10.0.0.10@999");
        assertThat(Json.parseObject(TOPIC_LIST).getArray("topicList")).containsExactly("TBW102", "T1");
        assertThat(Json.parseObject(KV_TABLE).getObject("table").getString("putTps")).isEqualTo("0.00 0.00 0.00");
        assertThat(Json.parseObject(GROUP_LIST).getArray("groupList")).containsExactly("CG");
    }

    @Test
    void resetOffsetBodyWithMessageQueueKeys() {
        JsonObject offsets = Json.parseObject(RESET_OFFSET_BODY).getObject("offsetTable");
        assertThat(offsets.size()).isEqualTo(1);
        Map.Entry<Object, Object> entry = offsets.entries().iterator().next();
        JsonObject key = (JsonObject) entry.getKey();
        assertThat(key.getString("brokerName")).isEqualTo("broker-a");
        assertThat(key.getInt("queueId", -1)).isZero();
        assertThat(key.getString("topic")).isEqualTo("T1");
        assertThat(key.isFrozen()).isTrue();
        assertThat(entry.getValue()).isEqualTo(100L);
        // a key built by hand, in another order, finds the parsed entry
        JsonObject lookup = new JsonObject().put("topic", "T1").put("queueId", 0).put("brokerName", "broker-a");
        assertThat(offsets.get(lookup)).isEqualTo(100L);
        assertThat(Json.write(Json.parse(RESET_OFFSET_BODY))).isEqualTo(RESET_OFFSET_BODY);
    }

    @Test
    void topicStatsAndConsumeStats() {
        JsonObject stats = Json.parseObject(TOPIC_STATS_TABLE);
        assertThat(stats.get("topicPutTps")).isEqualTo(0.0d);
        JsonObject offset = (JsonObject) stats.getObject("offsetTable").entries().iterator().next().getValue();
        assertThat(offset.getLong("maxOffset", -1)).isEqualTo(10);
        assertThat(offset.getLong("lastUpdateTimestamp", -1)).isEqualTo(1_700_000_000_000L);
        assertThat(Json.write(stats)).isEqualTo(TOPIC_STATS_TABLE);

        JsonObject consume = Json.parseObject(CONSUME_STATS);
        assertThat(consume.getDouble("consumeTps", 0)).isEqualTo(1.5);
        Map.Entry<Object, Object> e = consume.getObject("offsetTable").entries().iterator().next();
        assertThat(((JsonObject) e.getKey()).getString("topic")).isEqualTo("T1");
        assertThat(((JsonObject) e.getValue()).getLong("consumerOffset", -1)).isEqualTo(7);
        assertThat(Json.writeSorted(consume)).isEqualTo(CONSUME_STATS);
    }

    @Test
    void consumerConnectionAndSubscriptionGroup() {
        JsonObject connection = Json.parseObject(CONSUMER_CONNECTION);
        JsonObject client = (JsonObject) connection.getArray("connectionSet").get(0);
        assertThat(client.getInt("version", 0)).isEqualTo(479);
        assertThat(connection.getObject("subscriptionTable").getObject("T1").getString("expressionType")).isEqualTo("TAG");

        JsonObject config = Json.parseObject(SUBSCRIPTION_GROUP_CONFIG);
        assertThat(config.getInt("retryMaxTimes", 0)).isEqualTo(16);
        assertThat(config.getBoolean("consumeBroadcastEnable", false)).isTrue();
        assertThat(config.getObject("groupRetryPolicy").getString("type")).isEqualTo("CUSTOMIZED");
        assertThat(Json.writeSorted(config)).isEqualTo(compact(SUBSCRIPTION_GROUP_CONFIG));
        JsonObject wrapper = Json.parseObject(SUBSCRIPTION_GROUP_WRAPPER);
        assertThat(wrapper.getObject("subscriptionGroupTable").getObject("CG")).isEqualTo(config);
    }

    @Test
    void integerKeyedOffsetTables() {
        JsonObject table = Json.parseObject(CONSUMER_OFFSET).getObject("offsetTable").getObject("topic@group");
        assertThat(table.getLong("0", -1)).isEqualTo(10);
        assertThat(table.getLong("1", -1)).isEqualTo(5);
        JsonObject delay = Json.parseObject(DELAY_OFFSET).getObject("offsetTable");
        assertThat(delay.keys()).containsExactly("1", "2", "18");
        assertThat(Json.write(delay)).isEqualTo("{\"1\":0,\"2\":17,\"18\":3}");
    }
}
