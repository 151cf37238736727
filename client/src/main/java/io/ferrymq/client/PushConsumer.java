package io.ferrymq.client;

import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.client.impl.LocalOffsetStore;
import io.ferrymq.client.impl.OrderlyConsumeService;
import io.ferrymq.client.impl.ProcessQueue;
import io.ferrymq.client.impl.PullApi;
import io.ferrymq.client.impl.SendBackApi;
import io.ferrymq.client.impl.SqlSubscriptionCheck;
import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import io.ferrymq.common.filter.FilterSyntaxException;
import io.ferrymq.common.jms.JmsSelectorProperties;
import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * FerryMQ's native push consumer: long-polling pulls underneath, delivering each message to a
 * {@link MessageListener} on a pool of consume threads. In clustering mode the group's members share the
 * topic's queues (rebalanced every 20 s and whenever the broker says membership changed) and offsets are
 * committed to the broker; in broadcasting mode every member reads every queue with its own offsets.
 * Flow control: a queue with {@code pullThresholdForQueue} messages in flight is not pulled until they drain.
 * A failed message goes back to the broker (CONSUMER_SEND_MSG_BACK), which delivers it again through the group's
 * retry topic (subscribed automatically in clustering mode) after a growing delay, and after
 * {@code maxReconsumeTimes} to the group's dead-letter queue; only if the broker cannot take it back is it
 * redelivered locally after a pause, as RocketMQ's client does. Thread-safe.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    private static final long SUSPEND_MILLIS = 15_000;
    private static final long REBALANCE_INTERVAL_MILLIS = 20_000;
    private static final long COMMIT_INTERVAL_MILLIS = 5_000;
    private static final long PULL_DELAY_ON_ERROR_MILLIS = 1_000;
    private static final long PULL_DELAY_ON_FLOW_CONTROL_MILLIS = 50;
    private static final long QUICK_REBALANCE_MILLIS = 30_000;

    private final String group;
    private final ClientInstance client;
    private final PullApi api;
    private final SendBackApi sendBackApi;
    /** While topics (such as a new retry topic) have no route yet, rebalance every second until this time. */
    private volatile long quickRebalanceUntil;
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscribedTags = new ConcurrentHashMap<>();
    /** Topics subscribed with an SQL92 expression (the rest use tags). */
    private final Set<String> sqlTopics = ConcurrentHashMap.newKeySet();
    /** Topics subscribed with a JMS selector (expression type JMS, FerryMQ's extension). */
    private final Set<String> jmsSelectorTopics = ConcurrentHashMap.newKeySet();
    private final Map<MessageQueue, ProcessQueue> owned = new ConcurrentHashMap<>();
    /** Broadcasting keeps offsets here instead of on the broker. */
    private final Map<MessageQueue, Long> localOffsets = new ConcurrentHashMap<>();
    /** Broadcasting: the file where {@link #localOffsets} survive a restart of this instance. */
    private java.nio.file.Path offsetStoreDir = LocalOffsetStore.defaultDir();
    private LocalOffsetStore localOffsetStore;
    private MessageListener listener;
    /** Set instead of {@link #listener} for orderly consumption; see {@link OrderlyConsumeService}. */
    private OrderlyMessageListener orderlyListener;
    private OrderlyConsumeService orderly;
    private long suspendCurrentQueueTimeMillis = 1_000;
    private long lockRenewIntervalMillis = 20_000;
    private long lockLocalExpiryMillis = 30_000;
    private MessageModel messageModel = MessageModel.CLUSTERING;
    private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
    private long consumeTimestamp = System.currentTimeMillis() - 30 * 60_000;
    private int consumeThreads = 8;
    private int pullBatchSize = 32;
    private int pullThresholdForQueue = 1_000;
    private int maxReconsumeTimes = 16;
    private ExecutorService consumeExecutor;
    private volatile boolean running;

    public PushConsumer(String group, ClientConfig config) {
        this.group = group;
        this.client = new ClientInstance(config);
        this.api = new PullApi(client);
        this.sendBackApi = new SendBackApi(client);
    }

    public PushConsumer subscribe(String topic, String tagExpression) {
        String expr = tagExpression == null || tagExpression.isBlank() ? "*" : tagExpression.trim();
        subscriptions.put(topic, expr);
        Set<String> tags = new LinkedHashSet<>();
        if (!expr.equals("*")) {
            for (String t : expr.split("\\|\\|")) {
                if (!t.isBlank()) {
                    tags.add(t.trim());
                }
            }
        }
        subscribedTags.put(topic, tags);
        sqlTopics.remove(topic);
        jmsSelectorTopics.remove(topic);
        return this;
    }

    /**
     * Subscribes to the messages of {@code topic} whose properties match an SQL92 expression (RocketMQ's
     * {@code MessageSelector.bySql}; see docs/filters.md), evaluated by the broker. The expression is compiled
     * here first, and the brokers check it again at {@link #start()}.
     *
     * @throws IllegalArgumentException if the expression is null or blank, or does not parse; the message names
     *                                  position and cause
     */
    public PushConsumer subscribeSql(String topic, String sqlExpression) {
        if (sqlExpression == null || sqlExpression.isBlank()) {
            throw new IllegalArgumentException("FMQ-CLIENT-213 SQL92 subscription of " + topic
                    + ": the expression is empty; use subscribe(topic, \"*\") for every message");
        }
        try {
            FilterExpression.compile(sqlExpression, Dialect.ROCKETMQ);
        } catch (FilterSyntaxException e) {
            throw new IllegalArgumentException("FMQ-CLIENT-213 SQL92 subscription of " + topic + ": " + e.getMessage(), e);
        }
        subscriptions.put(topic, sqlExpression.trim());
        subscribedTags.put(topic, Set.of());
        jmsSelectorTopics.remove(topic);
        sqlTopics.add(topic);
        return this;
    }

    /**
     * Subscribes to the messages of {@code topic} that a Jakarta Messaging selector selects, evaluated by the broker
     * on the JMS wire format with JMS types (expression type {@value JmsSelectorProperties#EXPRESSION_TYPE}, a FerryMQ
     * extension; see docs/filters.md). Meant for messages sent by FerryMQ's JMS provider. The selector is compiled here
     * first, and the brokers check it again at {@link #start()}. A null or blank selector selects every message (a
     * plain {@code *} subscription).
     *
     * @throws IllegalArgumentException if the selector does not parse; the message names position and cause
     */
    public PushConsumer subscribeJmsSelector(String topic, String selector) {
        FilterExpression compiled;
        try {
            compiled = FilterExpression.compile(selector, Dialect.JMS);
        } catch (FilterSyntaxException e) {
            throw new IllegalArgumentException("FMQ-CLIENT-215 JMS selector of the subscription of " + topic + ": "
                    + e.getMessage(), e);
        }
        if (compiled.isMatchAll()) {
            return subscribe(topic, "*");
        }
        subscriptions.put(topic, selector.trim());
        subscribedTags.put(topic, Set.of());
        sqlTopics.remove(topic);
        jmsSelectorTopics.add(topic);
        return this;
    }

    private String expressionType(String topic) {
        if (sqlTopics.contains(topic)) {
            return SqlSubscriptionCheck.SQL92;
        }
        return jmsSelectorTopics.contains(topic) ? JmsSelectorProperties.EXPRESSION_TYPE : "TAG";
    }

    public PushConsumer setListener(MessageListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Consumes orderly instead of concurrently: each queue by one thread, in queue order, while this member holds
     * the queue's lock at the broker (clustering); a failed message suspends its queue and is redelivered, after
     * {@link #setMaxReconsumeTimes maxReconsumeTimes} redeliveries it goes to the group's dead-letter queue.
     * Send with {@link MessageQueueSelectors#byKey} to keep a key's messages in one queue.
     */
    public PushConsumer setOrderlyListener(OrderlyMessageListener listener) {
        this.orderlyListener = listener;
        return this;
    }

    /** Orderly: how long a queue waits after a failed message before it is delivered again (default 1 s). */
    public PushConsumer setSuspendCurrentQueueTimeMillis(long millis) {
        this.suspendCurrentQueueTimeMillis = millis;
        return this;
    }

    /** Orderly, clustering: how often queue locks are renewed at the broker (default 20 s). */
    public PushConsumer setLockRenewIntervalMillis(long millis) {
        this.lockRenewIntervalMillis = millis;
        return this;
    }

    /**
     * Orderly, clustering: a queue whose lock was not renewed for this long is dropped (default 30 s). Keep it
     * below the broker's {@code rebalanceLockMaxLiveTime} (60 s) by more than the longest message takes, so this
     * member has stopped before the broker gives the queue to another.
     */
    public PushConsumer setLockLocalExpiryMillis(long millis) {
        this.lockLocalExpiryMillis = millis;
        return this;
    }

    public PushConsumer setMessageModel(MessageModel model) {
        this.messageModel = model;
        return this;
    }

    /**
     * Broadcasting: the directory of the local offset files ({@code <dir>/<ip@instanceName>/<group>/offsets.json});
     * default {@code -Dferrymq.client.localOffsetStoreDir} or {@code ~/.ferrymq_offsets}. Set an instanceName per
     * consumer instance: it names the file a restarted instance resumes from.
     */
    public PushConsumer setOffsetStoreDir(java.nio.file.Path dir) {
        this.offsetStoreDir = dir;
        return this;
    }

    public PushConsumer setConsumeFromWhere(ConsumeFromWhere where) {
        this.consumeFromWhere = where;
        return this;
    }

    public PushConsumer setConsumeTimestamp(long timestamp) {
        this.consumeTimestamp = timestamp;
        return this;
    }

    public PushConsumer setConsumeThreads(int threads) {
        this.consumeThreads = threads;
        return this;
    }

    public PushConsumer setPullBatchSize(int size) {
        this.pullBatchSize = size;
        return this;
    }

    public PushConsumer setPullThresholdForQueue(int threshold) {
        this.pullThresholdForQueue = threshold;
        return this;
    }

    public PushConsumer setMaxReconsumeTimes(int times) {
        this.maxReconsumeTimes = times;
        return this;
    }

    public String clientId() {
        return client.clientId();
    }

    public synchronized void start() throws ClientException {
        if ((listener == null && orderlyListener == null) || subscriptions.isEmpty()) {
            throw new ClientException(-1, "FMQ-CLIENT-030 subscribe to a topic and set a listener before start()");
        }
        if (listener != null && orderlyListener != null) {
            throw new ClientException(-1, "FMQ-CLIENT-220 set either a listener or an orderly listener, not both");
        }
        for (String topic : sqlTopics) {
            SqlSubscriptionCheck.check(client, group, topic, subscriptions.get(topic));
        }
        for (String topic : jmsSelectorTopics) {
            SqlSubscriptionCheck.check(client, group, topic, JmsSelectorProperties.EXPRESSION_TYPE,
                    subscriptions.get(topic));
        }
        if (messageModel == MessageModel.BROADCASTING) {
            localOffsetStore = LocalOffsetStore.open(offsetStoreDir, client.clientId(), group);
            localOffsets.putAll(localOffsetStore.load());
            LOG.info("FMQ-CLIENT-221 {} broadcasting with offsets in {} ({} queues known)", group,
                    localOffsetStore.file(), localOffsets.size());
        }
        consumeExecutor = new ThreadPoolExecutor(consumeThreads, consumeThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.factory("ferrymq-consume-" + group));
        if (orderlyListener != null) {
            orderly = new OrderlyConsumeService(group, client, api, orderlyListener, new OrderlyConsumeService.Settings(
                    messageModel == MessageModel.CLUSTERING, consumeThreads, maxReconsumeTimes,
                    suspendCurrentQueueTimeMillis, lockRenewIntervalMillis, lockLocalExpiryMillis),
                    this::rebalance, pq -> owned.remove(pq.queue(), pq));
            orderly.start();
        }
        if (messageModel == MessageModel.CLUSTERING) {
            // As RocketMQ's client does: failed messages come back through the group's retry topic.
            subscribe(DeliveryConst.retryTopic(group), "*");
        }
        quickRebalanceUntil = System.currentTimeMillis() + QUICK_REBALANCE_MILLIS;
        client.addConsumerData(this::consumerData);
        client.registerProcessor((channel, request) -> {
            client.scheduler().execute(this::rebalance);
            return null;
        }, RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
        client.start();
        running = true;
        for (String topic : subscriptions.keySet()) {
            if (client.route(topic) == null && topic.startsWith(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX)) {
                // The group's retry topic appears with the first message handed back: nothing to warn about.
                LOG.debug("FMQ-CLIENT-031 retry topic {} does not exist yet; the consumer subscribes when it does", topic);
            } else if (client.route(topic) == null) {
                LOG.warn("FMQ-CLIENT-031 topic {} does not exist yet; the consumer waits for it", topic);
            }
        }
        client.heartbeatAll().join();
        rebalance();
        client.scheduler().scheduleWithFixedDelay(this::rebalance, REBALANCE_INTERVAL_MILLIS, REBALANCE_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        client.scheduler().scheduleWithFixedDelay(this::commitOffsets, COMMIT_INTERVAL_MILLIS, COMMIT_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private JsonObject consumerData() {
        List<Object> subs = new ArrayList<>();
        subscriptions.forEach((topic, expr) -> {
            List<Object> codes = new ArrayList<>();
            subscribedTags.get(topic).forEach(t -> codes.add(t.hashCode()));
            subs.add(new JsonObject().put("classFilterMode", false).put("codeSet", codes).put("expressionType", expressionType(topic))
                    .put("subString", expr).put("subVersion", 0L).put("tagsSet", new ArrayList<Object>(subscribedTags.get(topic)))
                    .put("topic", topic));
        });
        return new JsonObject().put("consumeFromWhere", consumeFromWhere.name()).put("consumeType", "CONSUME_PASSIVELY")
                .put("groupName", group).put("messageModel", messageModel.name()).put("subscriptionDataSet", subs)
                .put("unitMode", false);
    }

    /** Recomputes which queues this member owns and starts or stops pulling them. */
    private synchronized void rebalance() {
        if (!running) {
            return;
        }
        for (String topic : subscriptions.keySet()) {
            try {
                TopicRouteData route = client.refreshRoute(topic);
                if (route == null) {
                    // A retry topic appears with the group's first heartbeat; look again soon, not in 20 s.
                    if (System.currentTimeMillis() < quickRebalanceUntil) {
                        client.scheduler().schedule(this::rebalance, 1, TimeUnit.SECONDS);
                    }
                    continue;
                }
                List<MessageQueue> all = MessageQueue.readableQueuesOf(topic, route);
                List<MessageQueue> mine = messageModel == MessageModel.BROADCASTING ? all : allocate(all, consumerIds(route));
                applyAssignment(topic, mine);
            } catch (ClientException | RuntimeException e) {
                LOG.warn("FMQ-CLIENT-032 rebalance of {} in group {} failed: {}", topic, group, e.getMessage());
            }
        }
    }

    private List<String> consumerIds(TopicRouteData route) throws ClientException {
        for (BrokerData b : route.brokerDatas()) {
            String addr = b.masterAddr() != null ? b.masterAddr() : b.brokerAddrs().values().iterator().next();
            RemotingCommand r = client.invokeBroker(addr, RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                    .putExt("consumerGroup", group), client.config().getRequestTimeoutMillis());
            if (r.code() == ResponseCode.SUCCESS) {
                List<String> ids = new ArrayList<>();
                for (Object id : Json.parseObject(r.body()).getArray("consumerIdList")) {
                    ids.add(String.valueOf(id));
                }
                Collections.sort(ids);
                return ids;
            }
        }
        return List.of(client.clientId());
    }

    /** Average allocation: contiguous, near-equal shares of the sorted queues by position in the sorted ids. */
    private List<MessageQueue> allocate(List<MessageQueue> queues, List<String> ids) {
        int index = ids.indexOf(client.clientId());
        if (index < 0) {
            return List.of();
        }
        int n = ids.size();
        int mod = queues.size() % n;
        int size = queues.size() <= n ? 1 : (mod > 0 && index < mod ? queues.size() / n + 1 : queues.size() / n);
        int start = mod > 0 && index < mod ? index * size : index * size + mod;
        List<MessageQueue> mine = new ArrayList<>();
        for (int i = 0; i < Math.min(size, queues.size() - start); i++) {
            mine.add(queues.get((start + i) % queues.size()));
        }
        return mine;
    }

    private void applyAssignment(String topic, List<MessageQueue> mine) {
        for (Map.Entry<MessageQueue, ProcessQueue> e : owned.entrySet()) {
            if (e.getKey().topic().equals(topic) && !mine.contains(e.getKey())) {
                ProcessQueue pq = owned.remove(e.getKey());
                pq.drop();
                if (orderly != null) {
                    orderly.release(pq);
                }
                commit(pq);
                LOG.info("FMQ-CLIENT-033 {} released {}", group, e.getKey());
            }
        }
        for (MessageQueue mq : mine) {
            if (owned.containsKey(mq)) {
                continue;
            }
            try {
                ProcessQueue pq = orderly != null ? orderly.take(mq, this::startOffset)
                        : new ProcessQueue(mq, startOffset(mq));
                if (pq == null) {
                    continue;
                }
                owned.put(mq, pq);
                LOG.info("FMQ-CLIENT-034 {} took {} from offset {}", group, mq, pq.nextPullOffset());
                pull(pq);
            } catch (ClientException e) {
                LOG.warn("FMQ-CLIENT-035 cannot start consuming {}: {}", mq, e.getMessage());
            }
        }
    }

    private long startOffset(MessageQueue mq) throws ClientException {
        long committed = messageModel == MessageModel.CLUSTERING ? api.queryOffset(group, mq)
                : localOffsets.getOrDefault(mq, -1L);
        if (committed >= 0) {
            return committed;
        }
        return switch (consumeFromWhere) {
            case CONSUME_FROM_LAST_OFFSET -> api.maxOffset(mq);
            case CONSUME_FROM_FIRST_OFFSET -> api.minOffset(mq);
            case CONSUME_FROM_TIMESTAMP -> api.offsetByTimestamp(mq, consumeTimestamp);
        };
    }

    private void pull(ProcessQueue pq) {
        if (!running || pq.isDropped()) {
            return;
        }
        if (pq.inFlightCount() >= pullThresholdForQueue) {
            schedulePull(pq, PULL_DELAY_ON_FLOW_CONTROL_MILLIS);
            return;
        }
        MessageQueue mq = pq.queue();
        // Orderly queues commit only from their own control thread: a commit riding on a pull could land after
        // the hand-over's final commit and move the next owner back.
        long commitOffset = messageModel == MessageModel.CLUSTERING && orderly == null ? pq.committableOffset() : -1;
        api.pull(group, mq, pq.nextPullOffset(), pullBatchSize, subscriptions.get(mq.topic()), expressionType(mq.topic()),
                subscribedTags.get(mq.topic()), SUSPEND_MILLIS, commitOffset).whenCompleteAsync((result, error) -> {
                    if (error != null) {
                        if (running) {
                            LOG.debug("FMQ-CLIENT-036 pull of {} failed: {}", mq, error.getMessage());
                        }
                        schedulePull(pq, PULL_DELAY_ON_ERROR_MILLIS);
                        return;
                    }
                    switch (result.status()) {
                        case FOUND -> {
                            pq.setNextPullOffset(result.nextBeginOffset());
                            if (orderly != null) {
                                orderly.submit(pq, result.messages());
                            } else {
                                for (ReceivedMessage m : result.messages()) {
                                    pq.delivered(m.queueOffset());
                                    consumeExecutor.execute(() -> consume(pq, m, 0));
                                }
                            }
                            pull(pq);
                        }
                        case NO_NEW_MSG, NO_MATCHED_MSG -> {
                            pq.setNextPullOffset(result.nextBeginOffset());
                            pull(pq);
                        }
                        case OFFSET_ILLEGAL -> {
                            LOG.warn("FMQ-CLIENT-037 offset {} of {} is outside [{}, {}]; moving to {}",
                                    pq.nextPullOffset(), mq, result.minOffset(), result.maxOffset(), result.nextBeginOffset());
                            pq.setNextPullOffset(result.nextBeginOffset());
                            pull(pq);
                        }
                    }
                    // Continue off the I/O thread: the next pull may need a blocking route lookup.
                }, client.scheduler());
    }

    private void schedulePull(ProcessQueue pq, long delayMillis) {
        if (running && !pq.isDropped()) {
            client.scheduler().schedule(() -> pull(pq), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void consume(ProcessQueue pq, ReceivedMessage m, int attempt) {
        if (pq.isDropped()) {
            return;
        }
        MessageListener.Result result;
        String reason = null;
        try {
            result = listener.consume(m);
        } catch (PoisonMessageException e) {
            result = MessageListener.Result.DEAD_LETTER;
            reason = e.getMessage();
        } catch (Exception | AssertionError e) {
            LOG.warn("FMQ-CLIENT-038 listener failed on {} (attempt {}): {}", m.msgId(), attempt + 1, e.toString());
            result = MessageListener.Result.RETRY_LATER;
            reason = e.toString();
        }
        if (result == null) {
            result = MessageListener.Result.RETRY_LATER;
            reason = "the listener returned null";
        }
        if (result == MessageListener.Result.SUCCESS || !running) {
            pq.consumed(m.queueOffset());
            return;
        }
        boolean deadLetter = result == MessageListener.Result.DEAD_LETTER;
        if (messageModel == MessageModel.BROADCASTING) {
            // No retry topic or DLQ for broadcasting (as in RocketMQ): retry here, or give a poison message up.
            if (deadLetter) {
                LOG.warn("FMQ-CLIENT-043 {} rejected {} (broadcasting has no dead-letter queue): {}", group, m.msgId(), reason);
                pq.consumed(m.queueOffset());
            } else {
                redeliverLocally(pq, m, attempt);
            }
            return;
        }
        sendBackApi.sendBack(group, m, deadLetter ? SendBackApi.DEAD_LETTER_NOW : SendBackApi.BROKER_CHOOSES,
                maxReconsumeTimes, reason).whenComplete((ok, error) -> {
                    if (error == null) {
                        pq.consumed(m.queueOffset());
                    } else {
                        LOG.warn("FMQ-CLIENT-044 {} could not hand {} back to the broker ({}); redelivering it here",
                                group, m.msgId(), error.getMessage());
                        redeliverLocally(pq, m, attempt);
                    }
                });
    }

    /** The fallback when the broker cannot take a failed message back: consume it again here after a pause. */
    private void redeliverLocally(ProcessQueue pq, ReceivedMessage m, int attempt) {
        if (attempt >= maxReconsumeTimes || !running) {
            LOG.warn("FMQ-CLIENT-045 {} gives up on {} after {} local attempts", group, m.msgId(), attempt + 1);
            pq.consumed(m.queueOffset());
            return;
        }
        long delay = Math.min(30_000, 1_000L << Math.min(attempt, 5));
        client.scheduler().schedule(() -> consumeExecutor.execute(() -> consume(pq, m, attempt + 1)), delay,
                TimeUnit.MILLISECONDS);
    }

    private void commitOffsets() {
        for (ProcessQueue pq : owned.values()) {
            commit(pq);
        }
        saveLocalOffsets();
    }

    private void saveLocalOffsets() {
        if (localOffsetStore == null) {
            return;
        }
        try {
            localOffsetStore.save(localOffsets);
        } catch (java.io.IOException e) {
            LOG.warn("FMQ-CLIENT-222 {} could not save its broadcast offsets to {}: {}", group, localOffsetStore.file(),
                    e.toString());
        }
    }

    private void commit(ProcessQueue pq) {
        if (orderly != null && messageModel == MessageModel.CLUSTERING) {
            orderly.commit(pq);
            return;
        }
        long offset = pq.committableOffset();
        if (messageModel == MessageModel.BROADCASTING) {
            localOffsets.put(pq.queue(), offset);
            return;
        }
        try {
            api.commitOffset(group, pq.queue(), offset, true);
        } catch (ClientException e) {
            LOG.debug("FMQ-CLIENT-039 committing {} of {} failed: {}", offset, pq.queue(), e.getMessage());
        }
    }

    /** Queues of the subscribed topics this member consumes now (the group's retry queues are not listed). */
    public Set<MessageQueue> assignment() {
        Set<MessageQueue> mine = new java.util.HashSet<>();
        for (MessageQueue q : owned.keySet()) {
            if (!q.topic().startsWith(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX)) {
                mine.add(q);
            }
        }
        return Set.copyOf(mine);
    }

    @Override
    public synchronized void close() {
        if (!running) {
            if (localOffsetStore != null) {
                localOffsetStore.close();
            }
            client.shutdown();
            return;
        }
        running = false;
        if (orderly != null) {
            orderly.shutdown();
        }
        consumeExecutor.shutdown();
        try {
            consumeExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessQueue pq : owned.values()) {
            pq.drop();
            if (messageModel == MessageModel.CLUSTERING) {
                try {
                    api.commitOffset(group, pq.queue(), pq.committableOffset(), false);
                } catch (ClientException e) {
                    LOG.warn("FMQ-CLIENT-040 final commit of {} failed: {}", pq.queue(), e.getMessage());
                }
            }
        }
        if (orderly != null) {
            orderly.unlockAll();
        }
        if (localOffsetStore != null) {
            owned.values().forEach(pq -> localOffsets.put(pq.queue(), pq.committableOffset()));
            saveLocalOffsets();
            localOffsetStore.close();
        }
        for (String addr : client.allBrokerAddrs()) {
            try {
                client.invokeBroker(addr, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT)
                        .putExt("clientID", client.clientId()).putExt("consumerGroup", group), 3_000);
            } catch (ClientException e) {
                LOG.debug("FMQ-CLIENT-041 unregistering from {} failed: {}", addr, e.getMessage());
            }
        }
        client.shutdown();
    }
}
