package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.client.impl.HalfMessageAdmin;
import io.ferrymq.client.impl.PullApi;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.CreateTopicRequestHeader;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Administration: clusters, topics and consumer lag, over the same protocol mqadmin uses. Thread-safe. */
public final class AdminClient implements AutoCloseable {
    private final ClientInstance client;
    private final PullApi api;

    /** A broker group and its members' addresses by broker id. */
    public record BrokerGroup(String cluster, String brokerName, Map<Long, String> addrs) {
    }

    /** Lag of one queue: what the broker holds beyond what the group committed. */
    public record QueueLag(MessageQueue queue, long brokerOffset, long consumerOffset) {
        public long lag() {
            return Math.max(0, brokerOffset - Math.max(0, consumerOffset));
        }
    }

    public AdminClient(ClientConfig config) {
        this.client = new ClientInstance(config);
        this.api = new PullApi(client);
    }

    public void start() throws ClientException {
        client.start();
    }

    /** Broker groups by name, as the nameservers know them. */
    public Map<String, BrokerGroup> clusterInfo() throws ClientException {
        RemotingCommand r = client.invokeNamesrv(RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO));
        check(r, "cluster info");
        Map<String, BrokerGroup> groups = new TreeMap<>();
        JsonObject table = Json.parseObject(r.body()).getObject("brokerAddrTable");
        if (table != null) {
            for (Map.Entry<Object, Object> e : table.entries()) {
                BrokerData b = BrokerData.fromJson((JsonObject) e.getValue());
                groups.put(b.brokerName(), new BrokerGroup(b.cluster(), b.brokerName(), b.brokerAddrs()));
            }
        }
        return groups;
    }

    public List<String> topicList() throws ClientException {
        RemotingCommand r = client.invokeNamesrv(RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        check(r, "topic list");
        List<String> topics = new ArrayList<>();
        for (Object t : Json.parseObject(r.body()).getArray("topicList")) {
            topics.add(String.valueOf(t));
        }
        return topics;
    }

    /** Creates (or updates) {@code topic} with {@code queues} queues on every master of {@code cluster}. */
    public void createTopic(String cluster, String topic, int queues) throws ClientException {
        int created = 0;
        for (BrokerGroup g : clusterInfo().values()) {
            if (!g.cluster().equals(cluster) || g.addrs().get(0L) == null) {
                continue;
            }
            createTopicOnBroker(g.addrs().get(0L), topic, queues);
            created++;
        }
        if (created == 0) {
            throw new ClientException(ResponseCode.SYSTEM_ERROR, "FMQ-CLIENT-060 cluster " + cluster + " has no live master");
        }
    }

    public void createTopicOnBroker(String brokerAddr, String topic, int queues) throws ClientException {
        CreateTopicRequestHeader h = new CreateTopicRequestHeader();
        h.topic = topic;
        h.defaultTopic = "TBW102";
        h.readQueueNums = queues;
        h.writeQueueNums = queues;
        h.perm = PermName.READ | PermName.WRITE;
        h.topicFilterType = "SINGLE_TAG";
        h.topicSysFlag = 0;
        h.order = false;
        RemotingCommand r = client.invokeBroker(brokerAddr, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .header(h), client.config().getRequestTimeoutMillis());
        check(r, "create topic " + topic + " on " + brokerAddr);
    }

    /** Per-queue lag of {@code group} on {@code topic}. */
    public List<QueueLag> consumerLag(String group, String topic) throws ClientException {
        TopicRouteData route = client.refreshRoute(topic);
        if (route == null) {
            throw new ClientException(ResponseCode.TOPIC_NOT_EXIST, "FMQ-CLIENT-061 topic " + topic + " does not exist");
        }
        List<QueueLag> lags = new ArrayList<>();
        for (QueueData q : route.queueDatas()) {
            for (int i = 0; i < q.readQueueNums(); i++) {
                MessageQueue mq = new MessageQueue(topic, q.brokerName(), i);
                lags.add(new QueueLag(mq, api.maxOffset(mq), api.queryOffset(group, mq)));
            }
        }
        return lags;
    }

    /** A broker's runtime figures (what {@code clusterList} shows). */
    public Map<String, String> brokerRuntimeInfo(String brokerAddr) throws ClientException {
        RemotingCommand r = client.invokeBroker(brokerAddr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO),
                client.config().getRequestTimeoutMillis());
        check(r, "runtime info of " + brokerAddr);
        Map<String, String> info = new LinkedHashMap<>();
        JsonObject table = Json.parseObject(r.body()).getObject("table");
        for (Map.Entry<Object, Object> e : table.entries()) {
            info.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return info;
    }

    /** Unresolved half messages on every master, optionally of one producer group and/or topic (null: any). */
    public List<HalfMessageInfo> halfMessages(String producerGroup, String topic) throws ClientException {
        return new HalfMessageAdmin(client).list(masters(), producerGroup, topic, 0);
    }

    /**
     * Commits or rolls back by hand an unresolved (pending or parked) half message, on whichever master holds it.
     *
     * @return false when no master holds an unresolved half message with that transaction id
     */
    public boolean resolveHalfMessage(String transactionId, TransactionState outcome) throws ClientException {
        return new HalfMessageAdmin(client).resolve(masters(), transactionId, outcome);
    }

    /**
     * Checks parked half messages again, from zero checks: the one with {@code transactionId}, else those of
     * {@code producerGroup}, else (both null) all. Returns how many were resumed.
     */
    public int resumeHalfMessages(String transactionId, String producerGroup) throws ClientException {
        return new HalfMessageAdmin(client).resume(masters(), transactionId, producerGroup);
    }

    /** Master addresses by broker name. */
    private Map<String, String> masters() throws ClientException {
        Map<String, String> masters = new TreeMap<>();
        for (BrokerGroup g : clusterInfo().values()) {
            String master = g.addrs().get(0L);
            if (master != null) {
                masters.put(g.brokerName(), master);
            }
        }
        return masters;
    }

    private static void check(RemotingCommand r, String what) throws ClientException {
        if (r.code() != ResponseCode.SUCCESS) {
            throw new ClientException(r.code(), "FMQ-CLIENT-062 " + what + " failed (" + r.code() + "): " + r.remark());
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
