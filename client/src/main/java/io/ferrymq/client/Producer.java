package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeaderV2;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * FerryMQ's native producer: sync, async and oneway sends; round-robin over the topic's writable queues,
 * skipping for a while a broker whose last send failed; retries on another queue for the failures the
 * protocol marks retryable; topics auto-created through the TBW102 template when the broker allows.
 * Thread-safe: share one producer per group.
 */
public final class Producer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);
    private static final String TEMPLATE_TOPIC = "TBW102";
    /** Response codes after which another queue (maybe another broker) is tried, as the official client does. */
    private static final Set<Integer> RETRYABLE = Set.of(ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
            ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY, ResponseCode.NO_PERMISSION, 204, 205, 1500);
    private static final long FAILED_BROKER_PAUSE_MILLIS = 30_000;

    private final String group;
    private final ClientInstance client;
    /** False for a producer sharing a {@link MessagingClient}'s connections: they outlive it. */
    private final boolean ownsClient;
    private final java.util.function.Supplier<JsonObject> producerData;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Map<String, Long> failedBrokersUntil = new ConcurrentHashMap<>();
    private int retryTimes = 2;
    private int defaultTopicQueueNums = 4;
    private long sendTimeoutMillis = 3_000;

    public Producer(String group, ClientConfig config) {
        this(group, new ClientInstance(config), true);
    }

    Producer(String group, ClientInstance client, boolean ownsClient) {
        this.group = group;
        this.client = client;
        this.ownsClient = ownsClient;
        this.producerData = () -> new JsonObject().put("groupName", group);
        client.addProducerData(producerData);
    }

    public Producer setRetryTimes(int retryTimes) {
        this.retryTimes = retryTimes;
        return this;
    }

    public Producer setSendTimeoutMillis(long sendTimeoutMillis) {
        this.sendTimeoutMillis = sendTimeoutMillis;
        return this;
    }

    public void start() throws ClientException {
        if (ownsClient) {
            client.start();
        }
    }

    /** The connections underneath, for the transactional producer that wraps this one. */
    ClientInstance clientInstance() {
        return client;
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown();
        } else {
            client.removeProducerData(producerData);
        }
    }

    /** Sends and waits for the broker's answer, retrying on another queue when that can help. */
    public SendResult send(Message message) throws ClientException {
        ClientException last = null;
        MessageQueue previous = null;
        for (int attempt = 0; attempt <= retryTimes; attempt++) {
            MessageQueue queue = pickQueue(message.topic(), previous);
            try {
                return sendTo(message, queue);
            } catch (ClientException e) {
                last = e;
                previous = queue;
                markFailed(queue.brokerName());
                if (e.responseCode() >= 0 && !RETRYABLE.contains(e.responseCode())) {
                    throw e;
                }
                LOG.debug("FMQ-CLIENT-010 send to {} failed ({}), retrying elsewhere", queue, e.getMessage());
            }
        }
        throw last;
    }

    /** Sends to the queue {@code selector} picks from the topic's writable queues (for ordered messages). */
    public SendResult send(Message message, Function<List<MessageQueue>, MessageQueue> selector) throws ClientException {
        return sendTo(message, selector.apply(writableQueues(message.topic())));
    }

    /** Sends without blocking; the future completes with the result or the last failure. */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        sendAsync(message, null, 0, result);
        return result;
    }

    private void sendAsync(Message message, MessageQueue previous, int attempt, CompletableFuture<SendResult> result) {
        MessageQueue queue;
        RemotingCommand request;
        String addr;
        try {
            queue = pickQueue(message.topic(), previous);
            addr = brokerAddr(queue);
            request = request(message, queue);
        } catch (ClientException e) {
            result.completeExceptionally(e);
            return;
        }
        client.invokeBrokerAsync(addr, request, sendTimeoutMillis).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    throw new ClientException("FMQ-CLIENT-011 send to " + addr + " failed: " + error.getMessage(), error);
                }
                result.complete(toResult(response, queue));
            } catch (ClientException e) {
                markFailed(queue.brokerName());
                if (attempt < retryTimes && (e.responseCode() < 0 || RETRYABLE.contains(e.responseCode()))) {
                    sendAsync(message, queue, attempt + 1, result);
                } else {
                    result.completeExceptionally(e);
                }
            }
        });
    }

    /** Sends without waiting for any answer: fastest, and nothing tells whether the message was stored. */
    public void sendOneway(Message message) throws ClientException {
        MessageQueue queue = pickQueue(message.topic(), null);
        client.invokeBrokerOneway(brokerAddr(queue), request(message, queue));
    }

    private SendResult sendTo(Message message, MessageQueue queue) throws ClientException {
        RemotingCommand response = client.invokeBroker(brokerAddr(queue), request(message, queue), sendTimeoutMillis);
        return toResult(response, queue);
    }

    private String brokerAddr(MessageQueue queue) throws ClientException {
        String addr = client.masterAddr(queue.brokerName());
        if (addr == null) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "FMQ-CLIENT-012 broker group " + queue.brokerName() + " has no master now");
        }
        return addr;
    }

    private RemotingCommand request(Message message, MessageQueue queue) {
        if (message.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
            message.putProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UniqueMessageIds.next());
        }
        SendMessageRequestHeader h = new SendMessageRequestHeader();
        h.producerGroup = group;
        h.topic = message.topic();
        h.defaultTopic = TEMPLATE_TOPIC;
        h.defaultTopicQueueNums = defaultTopicQueueNums;
        h.queueId = queue.queueId();
        h.sysFlag = "true".equals(message.property(MessageConst.PROPERTY_TRANSACTION_PREPARED))
                ? MessageSysFlag.TRANSACTION_PREPARED_TYPE : 0;
        h.bornTimestamp = System.currentTimeMillis();
        h.flag = message.flag();
        h.properties = message.encodedProperties();
        h.reconsumeTimes = 0;
        h.batch = false;
        h.bname = queue.brokerName();
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).header(SendMessageRequestHeaderV2.fromV1(h))
                .body(message.body());
    }

    private SendResult toResult(RemotingCommand response, MessageQueue queue) throws ClientException {
        SendResult.SendStatus status = switch (response.code()) {
            case ResponseCode.SUCCESS -> SendResult.SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendResult.SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendResult.SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendResult.SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new ClientException(response.code(), "FMQ-CLIENT-013 broker refused the send ("
                    + response.code() + "): " + response.remark());
        };
        int queueId = Integer.parseInt(response.ext("queueId"));
        return new SendResult(status, response.ext("transactionId"), response.ext("msgId"),
                new MessageQueue(queue.topic(), queue.brokerName(), queueId), Long.parseLong(response.ext("queueOffset")));
    }

    private void markFailed(String brokerName) {
        failedBrokersUntil.put(brokerName, System.currentTimeMillis() + FAILED_BROKER_PAUSE_MILLIS);
    }

    /** The topic's writable queues on brokers that have a master, in a stable order. */
    public List<MessageQueue> writableQueues(String topic) throws ClientException {
        TopicRouteData route = client.route(topic);
        boolean viaTemplate = route == null;
        if (viaTemplate) {
            // Unknown topic: send through the template's queues so the broker auto-creates it.
            route = client.route(TEMPLATE_TOPIC);
            if (route == null) {
                throw new ClientException(ResponseCode.TOPIC_NOT_EXIST, "FMQ-CLIENT-014 topic " + topic
                        + " does not exist and no broker allows auto-creation; create it first");
            }
        }
        List<MessageQueue> queues = new ArrayList<>();
        for (QueueData q : route.queueDatas()) {
            if (!PermName.isWriteable(q.perm()) || client.masterAddr(q.brokerName()) == null) {
                continue;
            }
            int n = viaTemplate ? Math.min(q.writeQueueNums(), defaultTopicQueueNums) : q.writeQueueNums();
            for (int i = 0; i < n; i++) {
                queues.add(new MessageQueue(topic, q.brokerName(), i));
            }
        }
        queues.sort(null);
        if (queues.isEmpty()) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE,
                    "FMQ-CLIENT-015 no writable queue of " + topic + " on a live master");
        }
        return queues;
    }

    /** Round-robin, skipping the broker that just failed and brokers paused after failures while others remain. */
    private MessageQueue pickQueue(String topic, MessageQueue previous) throws ClientException {
        List<MessageQueue> queues = writableQueues(topic);
        long now = System.currentTimeMillis();
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue q = queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
            Long pausedUntil = failedBrokersUntil.get(q.brokerName());
            boolean avoid = (previous != null && q.brokerName().equals(previous.brokerName()))
                    || (pausedUntil != null && pausedUntil > now);
            if (!avoid) {
                return q;
            }
        }
        return queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
    }
}
