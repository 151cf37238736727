package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.client.impl.HalfMessageAdmin;
import io.ferrymq.client.impl.PullApi;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.DeliveryConst;
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
    /** The group RocketMQ's tools read with. */
    private static final String TOOLS_GROUP = "TOOLS_CONSUMER";

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

    /** Where {@link #redriveDeadLetters} sends letters. */
    public enum RedriveTarget {
        /** The topic the message was first sent to: every group subscribed to it receives it again. */
        ORIGIN_TOPIC,
        /** The failed group's retry topic: only that group receives it again. */
        RETRY
    }

    /** Counts of a re-drive, summed over the brokers holding the group's dead letters. */
    public record RedriveResult(int matched, int redriven, int alreadyRedriven, int failed) {
    }

    /**
     * The unexpired dead letters of {@code group} (at most {@code max}), oldest first per broker. Reads
     * {@code %DLQ%<group>} with pulls as group {@code TOOLS_CONSUMER}, as RocketMQ's tools do.
     */
    public List<DeadLetter> deadLetters(String group, int max) throws ClientException {
        String dlq = DeliveryConst.dlqTopic(group);
        TopicRouteData route = client.refreshRoute(dlq);
        List<DeadLetter> letters = new ArrayList<>();
        if (route == null) {
            return letters;
        }
        for (MessageQueue mq : MessageQueue.readableQueuesOf(dlq, route)) {
            long offset = api.minOffset(mq);
            while (letters.size() < max) {
                PullApi.PullResult r;
                try {
                    r = api.pull(TOOLS_GROUP, mq, offset, Math.min(32, max - letters.size()), "*", null, 0, -1).join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof ClientException c ? c
                            : new ClientException("FMQ-CLIENT-063 reading " + mq + " failed: " + e.getCause(), e);
                }
                r.messages().forEach(m -> letters.add(DeadLetter.of(m)));
                if (r.status() == PullApi.PullResult.Status.NO_NEW_MSG || r.nextBeginOffset() <= offset) {
                    break;
                }
                offset = r.nextBeginOffset();
            }
        }
        return letters;
    }

    /**
     * Sends dead letters of {@code group} back, each at most once: the one whose message id (client id or offset
     * id) is {@code msgId}, or those with {@code key}, or all of them when both are null. Letters stay readable
     * in the DLQ until they expire.
     */
    public RedriveResult redriveDeadLetters(String group, String msgId, String key, RedriveTarget target)
            throws ClientException {
        String dlq = DeliveryConst.dlqTopic(group);
        TopicRouteData route = client.refreshRoute(dlq);
        if (route == null) {
            return new RedriveResult(0, 0, 0, 0);
        }
        int matched = 0;
        int redriven = 0;
        int already = 0;
        int failed = 0;
        for (BrokerData b : route.brokerDatas()) {
            if (b.masterAddr() == null) {
                throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE, "FMQ-CLIENT-064 broker group "
                        + b.brokerName() + " has no master now; its dead letters cannot be sent back");
            }
            RemotingCommand request = RemotingCommand.request(RequestCode.REDRIVE_DEAD_LETTERS).putExt("group", group)
                    .putExt("target", target.name());
            if (msgId != null) {
                request.putExt("msgId", msgId);
            } else if (key != null) {
                request.putExt("key", key);
            } else {
                request.putExt("all", "true");
            }
            RemotingCommand r = client.invokeBroker(b.masterAddr(), request, 30_000);
            check(r, "re-drive of " + dlq + " on " + b.brokerName());
            JsonObject counts = Json.parseObject(r.body());
            matched += counts.getInt("matched", 0);
            redriven += counts.getInt("redriven", 0);
            already += counts.getInt("alreadyRedriven", 0);
            failed += counts.getInt("failed", 0);
        }
        return new RedriveResult(matched, redriven, already, failed);
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
