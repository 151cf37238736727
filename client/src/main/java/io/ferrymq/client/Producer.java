package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.remoting.RemotingException;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * FerryMQ's native producer: sync, async and oneway sends; round-robin over the topic's writable queues,
 * skipping for a while a broker whose last send failed; retries on another queue for the failures the
 * protocol marks retryable; topics auto-created through the TBW102 template when the broker allows; batches of
 * messages to one queue in SEND_BATCH_MESSAGE requests, each stored whole or not at all.
 * Thread-safe: share one producer per group.
 */
public final class Producer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);
    private static final String TEMPLATE_TOPIC = "TBW102";
    /** Response codes after which another queue (maybe another broker) is tried, as the official client does. */
    private static final Set<Integer> RETRYABLE = Set.of(ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
            ResponseCode.SYSTEM_ERROR, ResponseCode.SYSTEM_BUSY, ResponseCode.NO_PERMISSION, 204, 205, 1500);
    private static final long FAILED_BROKER_PAUSE_MILLIS = 30_000;
    /**
     * Default cap on one batch request's body: a quarter of the broker's default maxMessageSize (4 MiB) and far below
     * the 16 MiB frame limit, so one request never holds a broker's send thread or the connection for long.
     */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;

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
    private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;

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

    /**
     * The most bytes of batch body (messages with their properties) one batch request carries; larger batches are
     * split into several requests. Default {@link #DEFAULT_MAX_BATCH_BYTES}.
     */
    public Producer setMaxBatchBytes(int maxBatchBytes) {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("FMQ-CLIENT-018 maxBatchBytes must be positive, not " + maxBatchBytes);
        }
        this.maxBatchBytes = maxBatchBytes;
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

    /** Sends to {@code queue} (one of {@link #writableQueues}), without retrying. */
    public SendResult send(Message message, MessageQueue queue) throws ClientException {
        return sendTo(message, queue);
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
                    retryAsync(message, queue, attempt + 1, result, e);
                } else {
                    result.completeExceptionally(e);
                }
            }
        });
    }

    /**
     * Sends again off the transport's I/O thread, which answered the failed attempt: the retry may look up a route
     * from a nameserver or open a connection to another broker, and with shared event loops a wait there would stall
     * every connection of the process on that loop.
     */
    private void retryAsync(Message message, MessageQueue previous, int attempt, CompletableFuture<SendResult> result,
                            ClientException cause) {
        try {
            client.callbackExecutor().execute(() -> sendAsync(message, previous, attempt, result));
        } catch (RejectedExecutionException shutDown) {
            result.completeExceptionally(cause);
        }
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
        SendMessageRequestHeader h = header(message.topic(), queue);
        h.sysFlag = "true".equals(message.property(MessageConst.PROPERTY_TRANSACTION_PREPARED))
                ? MessageSysFlag.TRANSACTION_PREPARED_TYPE : 0;
        h.flag = message.flag();
        h.properties = message.encodedProperties();
        h.batch = false;
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).header(SendMessageRequestHeaderV2.fromV1(h))
                .body(message.body());
    }

    /** The fields single and batch sends share: who sends, where to, the template for auto-creation, now. */
    private SendMessageRequestHeader header(String topic, MessageQueue queue) {
        SendMessageRequestHeader h = new SendMessageRequestHeader();
        h.producerGroup = group;
        h.topic = topic;
        h.defaultTopic = TEMPLATE_TOPIC;
        h.defaultTopicQueueNums = defaultTopicQueueNums;
        h.queueId = queue.queueId();
        h.bornTimestamp = System.currentTimeMillis();
        h.reconsumeTimes = 0;
        h.bname = queue.brokerName();
        return h;
    }

    private static SendResult toResult(RemotingCommand response, MessageQueue queue) throws ClientException {
        SendResult.SendStatus status = statusOf(response);
        int queueId = Integer.parseInt(response.ext("queueId"));
        return new SendResult(status, response.ext("transactionId"), response.ext("msgId"),
                new MessageQueue(queue.topic(), queue.brokerName(), queueId), Long.parseLong(response.ext("queueOffset")));
    }

    /** The outcome of a stored send; a ClientException with the broker's code when it stored nothing. */
    private static SendResult.SendStatus statusOf(RemotingCommand response) throws ClientException {
        return switch (response.code()) {
            case ResponseCode.SUCCESS -> SendResult.SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendResult.SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendResult.SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendResult.SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new ClientException(response.code(), "FMQ-CLIENT-013 broker refused the send ("
                    + response.code() + "): " + response.remark());
        };
    }

    // ------------------------------------------------------------------ batches

    /**
     * Sends {@code messages} (one topic, none transactional or delayed) to {@code queue} in SEND_BATCH_MESSAGE
     * requests and waits until all are stored; see {@link #sendBatchAsync}.
     *
     * @return one result per request, in order
     * @throws BatchSendException a request failed: tells how many messages (a prefix) were stored
     * @throws ClientException    the batch was refused before anything was sent (MESSAGE_ILLEGAL, {@code FMQ-CLIENT-016})
     */
    public List<SendResult> sendBatch(List<Message> messages, MessageQueue queue) throws ClientException {
        CompletableFuture<List<SendResult>> sent = sendBatchAsync(messages, queue);
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("FMQ-CLIENT-019 interrupted while a batch was being sent; it may be stored", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ClientException c) {
                throw c;
            }
            throw new ClientException("FMQ-CLIENT-019 batch send failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends {@code messages} to {@code queue} in SEND_BATCH_MESSAGE requests of at most {@link #setMaxBatchBytes}
     * bytes each, in order, one request after the other (so the queue keeps their order). Each message without a
     * UNIQ_KEY gets one first, as a single send does: it is the id consumers see.
     *
     * <p>The broker stores each request in one append, whole or not at all, so a batch that fits one request is
     * atomic; a larger one is atomic per request only, and a failure leaves a prefix stored
     * ({@link BatchSendException}). A request is retried (up to {@link #setRetryTimes} times, to the same queue) only
     * when the failure proves nothing of it was stored and may pass: no connection, a request that did not leave the
     * client, a busy or unavailable broker. Never after a timeout: the request may have been stored.
     *
     * @return completes with one result per request (msgId: the messages' UNIQ_KEYs comma-joined; offsetMsgId: the
     *     broker's ids, comma-joined; queueOffset: the first message's), or with a {@link BatchSendException}; or at
     *     once with a ClientException ({@code FMQ-CLIENT-016}) when the batch is empty, mixes topics or holds a
     *     message {@link #batchRefusal} refuses
     */
    public CompletableFuture<List<SendResult>> sendBatchAsync(List<Message> messages, MessageQueue queue) {
        List<MessageBatch> requests;
        try {
            if (messages != null && !messages.isEmpty() && !messages.get(0).topic().equals(queue.topic())) {
                throw new ClientException(ResponseCode.MESSAGE_ILLEGAL, "FMQ-CLIENT-016 batch not sent: its messages go"
                        + " to " + messages.get(0).topic() + " but the queue is one of " + queue.topic());
            }
            requests = MessageBatch.split(messages, maxBatchBytes);
        } catch (ClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        BatchSend send = new BatchSend(requests, queue, messages.size());
        send.request(0, 0);
        return send.result;
    }

    /** Why {@code message} cannot travel in a batch (it is transactional or delayed, say), or null if it can. */
    public static String batchRefusal(Message message) {
        return MessageBatch.refusal(message);
    }

    /**
     * True when a failed send certainly stored nothing: the broker answered with a refusal, or the request never
     * reached it (no connection, the write failed). False when it may be stored: no answer in time, the connection
     * closed while waiting, a broker-side error during the store.
     */
    public static boolean certainlyNotStored(ClientException failure) {
        if (failure instanceof BatchSendException b) {
            return b.storedCount() == 0 && b.unknownCount() == 0;
        }
        if (failure.responseCode() >= 0) {
            return failure.responseCode() != ResponseCode.SYSTEM_ERROR;
        }
        return failure.getCause() instanceof RemotingException r
                && (r.kind() == RemotingException.Kind.CONNECT_FAILED || r.kind() == RemotingException.Kind.SEND_FAILED);
    }

    /**
     * Failures after which sending the same batch request again to the same queue is safe and may succeed. Unlike
     * {@link #RETRYABLE} for single sends, which tries another queue, a batch stays on its queue: a refusal about the
     * topic or permissions would only come again.
     */
    private static boolean mayRetryBatch(ClientException failure) {
        return certainlyNotStored(failure) && (failure.responseCode() < 0
                || failure.responseCode() == ResponseCode.SYSTEM_BUSY
                || failure.responseCode() == ResponseCode.SERVICE_NOT_AVAILABLE);
    }

    private RemotingCommand batchRequest(MessageBatch batch, MessageQueue queue) {
        SendMessageRequestHeader h = header(queue.topic(), queue);
        h.sysFlag = 0;
        h.flag = 0;
        h.properties = "";
        h.batch = true;
        return RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE).header(SendMessageRequestHeaderV2.fromV1(h))
                .body(batch.body());
    }

    /**
     * One {@link #sendBatchAsync} call: its requests, sent one after another, and what they stored so far. Touched by
     * one thread at a time: the caller, then the client's callback threads, each step handing over to the next.
     */
    private final class BatchSend {
        private final List<MessageBatch> requests;
        private final MessageQueue queue;
        private final int totalCount;
        private final List<SendResult> stored = new ArrayList<>();
        private int storedCount;
        final CompletableFuture<List<SendResult>> result = new CompletableFuture<>();

        BatchSend(List<MessageBatch> requests, MessageQueue queue, int totalCount) {
            this.requests = requests;
            this.queue = queue;
            this.totalCount = totalCount;
        }

        void request(int index, int attempt) {
            if (index == requests.size()) {
                result.complete(List.copyOf(stored));
                return;
            }
            MessageBatch batch = requests.get(index);
            String addr;
            try {
                addr = brokerAddr(queue);
            } catch (ClientException e) {
                failed(index, attempt, e);
                return;
            }
            try {
                // The answer is handled off the I/O thread: the next request may have to open a new connection.
                client.invokeBrokerAsync(addr, batchRequest(batch, queue), sendTimeoutMillis)
                        .whenCompleteAsync((response, error) -> answered(index, attempt, addr, response, error),
                                client.callbackExecutor())
                        .whenComplete((ignored, error) -> {
                            if (error != null) {
                                // The answer could not be handled (the client shut down under it).
                                unknownOutcome(batch, addr, error);
                            }
                        });
            } catch (RuntimeException e) {
                unknownOutcome(batch, addr, e);
            }
        }

        /** Ends the send when something unexpected leaves the fate of {@code batch} unknown. */
        private void unknownOutcome(MessageBatch batch, String addr, Throwable error) {
            result.completeExceptionally(new BatchSendException(new ClientException("FMQ-CLIENT-011 batch send to "
                    + addr + " failed: " + error, error), stored, storedCount, batch.size(), totalCount));
        }

        private void answered(int index, int attempt, String addr, RemotingCommand response, Throwable error) {
            MessageBatch batch = requests.get(index);
            try {
                if (error != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null ? error.getCause() : error;
                    failed(index, attempt, new ClientException("FMQ-CLIENT-011 batch send to " + addr + " failed: "
                            + cause.getMessage(), cause));
                    return;
                }
                SendResult.SendStatus status = statusOf(response);
                stored.add(new SendResult(status, batch.uniqueKeys(), response.ext("msgId"),
                        new MessageQueue(queue.topic(), queue.brokerName(), Integer.parseInt(response.ext("queueId"))),
                        Long.parseLong(response.ext("queueOffset"))));
                storedCount += batch.size();
            } catch (ClientException e) {
                failed(index, attempt, e);
                return;
            } catch (RuntimeException e) {
                // A success without the headers of one.
                unknownOutcome(batch, addr, e);
                return;
            }
            request(index + 1, 0);
        }

        private void failed(int index, int attempt, ClientException e) {
            markFailed(queue.brokerName());
            if (attempt < retryTimes && mayRetryBatch(e)) {
                LOG.debug("FMQ-CLIENT-010 batch request {} of {} to {} failed ({}), sending it again", index + 1,
                        requests.size(), queue, e.getMessage());
                request(index, attempt + 1);
                return;
            }
            int unknown = certainlyNotStored(e) ? 0 : requests.get(index).size();
            result.completeExceptionally(new BatchSendException(e, stored, storedCount, unknown, totalCount));
        }
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
