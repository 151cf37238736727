package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.DispatchRequestHeader;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Consumes a subscription through the brokers' per-message dispatch: each broker leases messages to whichever
 * consumer of the group asks, so any number of consumers share a subscription, each message goes to one of them,
 * and every message is acknowledged — or released for redelivery — on its own, in any order. Unacknowledged
 * messages come back after the lease time (a crashed consumer); a message delivered {@code maxDeliveries} times
 * goes to the group's dead-letter queue.
 *
 * <p>A fetcher keeps up to {@code prefetch} leased messages buffered (one long-polling receive per broker at a
 * time); {@link #receive} takes from the buffer. Leases of buffered and unacknowledged messages are renewed while
 * the consumer is open. {@link #close()} gives buffered messages back undelivered.
 *
 * <p>Thread-safe: receive, ack and release may be called from any thread.
 */
public final class DispatchConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchConsumer.class);
    private static final long POLL_MILLIS = 10_000;
    private static final long RETRY_MILLIS = 1_000;

    /** Where a subscription the broker does not know yet begins. */
    public enum StartFrom { FIRST, LAST }

    /** Whether messages a selector rejects are done for the whole subscription or stay for other consumers. */
    public enum SelectorScope { SUBSCRIPTION, CONSUMER }

    /** How the consumer subscribes. Mutable builder; copied at construction. */
    public static final class Options {
        StartFrom startFrom = StartFrom.FIRST;
        String excludeTag;
        String expressionType;
        String expression;
        SelectorScope selectorScope = SelectorScope.SUBSCRIPTION;
        long leaseMillis = 60_000;
        int maxDeliveries = 16;
        int prefetch = 32;
        int queueNums = 4;
        String groupProperty;
        String priorityProperty;

        public Options startFrom(StartFrom v) { startFrom = v; return this; }
        /** Messages carrying this tag never belong to the subscription. */
        public Options excludeTag(String v) { excludeTag = v; return this; }
        /** A selector: type TAG, SQL92 or another the broker knows. */
        public Options selector(String type, String text, SelectorScope scope) {
            expressionType = type;
            expression = text;
            selectorScope = scope;
            return this;
        }
        public Options leaseMillis(long v) { leaseMillis = v; return this; }
        /** Deliveries without acknowledgement before the broker dead-letters a message; 0 = no limit. */
        public Options maxDeliveries(int v) { maxDeliveries = v; return this; }
        /** Messages buffered ahead of {@link #receive}; at least 1. */
        public Options prefetch(int v) { prefetch = Math.max(1, v); return this; }
        /** Queues of the topic if subscribing creates it. */
        public Options queueNums(int v) { queueNums = v; return this; }
        /**
         * Messages carrying this property (JMS's JMSXGroupID) form groups: while this consumer holds one of a group's
         * messages, the group's other messages go to it alone.
         */
        public Options groupProperty(String v) { groupProperty = v; return this; }
        /**
         * Buffered messages with a higher value of this integer property (JMSPriority) are received first; equal
         * ones in the order they came. Without it, strictly in the order they came.
         */
        public Options priorityProperty(String v) { priorityProperty = v; return this; }

        Options copy() {
            Options o = new Options();
            o.startFrom = startFrom;
            o.excludeTag = excludeTag;
            o.expressionType = expressionType;
            o.expression = expression;
            o.selectorScope = selectorScope;
            o.leaseMillis = leaseMillis;
            o.maxDeliveries = maxDeliveries;
            o.prefetch = prefetch;
            o.queueNums = queueNums;
            o.groupProperty = groupProperty;
            o.priorityProperty = priorityProperty;
            return o;
        }
    }

    private final ClientInstance client;
    private final String group;
    private final String topic;
    private final Options options;
    /** Names this consumer to the brokers as the holder of message groups. */
    private final String consumerId = java.util.UUID.randomUUID().toString();
    /** Master address by broker name, for every broker the subscription was prepared on. */
    private final Map<String, String> brokers = new ConcurrentHashMap<>();
    private final Set<String> fetching = ConcurrentHashMap.newKeySet();
    private final LeaseBuffer buffer = new LeaseBuffer();
    /** Acknowledgements and releases on their way to the brokers: close() lets them arrive. */
    private final Set<CompletableFuture<?>> settling = ConcurrentHashMap.newKeySet();
    /** {@link #ackCoalesced} acknowledgements waiting for the one on its way; also the lock for {@link #ackDrain}. */
    private final List<LeasedMessage> queuedAcks = new ArrayList<>();
    /** Non-null while coalesced acknowledgements are on their way; completes when none is left (in {@link #settling}). */
    private CompletableFuture<Void> ackDrain;
    /** Every lease this consumer holds, buffered or handed out, by token. */
    private final Map<Long, LeasedMessage> held = new ConcurrentHashMap<>();
    private volatile Runnable arrivalListener = () -> { };
    private volatile boolean running;
    private ScheduledFuture<?> renewal;

    DispatchConsumer(ClientInstance client, String group, String topic, Options options) {
        this.client = client;
        this.group = group;
        this.topic = topic;
        this.options = options.copy();
    }

    public String group() {
        return group;
    }

    public String topic() {
        return topic;
    }

    /** Called (on a client thread) whenever messages were added to the buffer. */
    public DispatchConsumer setArrivalListener(Runnable listener) {
        this.arrivalListener = listener == null ? () -> { } : listener;
        return this;
    }

    /**
     * Prepares the subscription on every master holding the topic (creating the topic where brokers allow it when
     * none has it) and starts fetching. With {@link StartFrom#LAST} every message stored after this returns is
     * delivered.
     *
     * @throws ClientException with {@link ResponseCode#TOPIC_NOT_EXIST} when no broker has or may create the topic
     */
    public synchronized void start() throws ClientException {
        TopicRouteData route = client.route(topic);
        Map<String, String> targets = route != null ? masters(route.brokerDatas()) : client.clusterMasters();
        ClientException last = null;
        for (Map.Entry<String, String> t : targets.entrySet()) {
            RemotingCommand r = client.invokeBroker(t.getValue(), request(RequestCode.DISPATCH_SUBSCRIBE, header()),
                    client.config().getRequestTimeoutMillis());
            if (r.code() == ResponseCode.SUCCESS) {
                brokers.put(t.getKey(), t.getValue());
            } else {
                last = new ClientException(r.code(), "FMQ-CLIENT-300 subscribing " + group + " to " + topic + " on "
                        + t.getKey() + ": " + r.remark());
            }
        }
        if (brokers.isEmpty()) {
            throw last != null ? last : new ClientException(ResponseCode.TOPIC_NOT_EXIST,
                    "FMQ-CLIENT-301 no broker holds or may create topic " + topic);
        }
        running = true;
        long every = Math.max(100, options.leaseMillis / 3);
        renewal = client.scheduler().scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
        fetchMore();
    }

    static Map<String, String> masters(Collection<BrokerData> brokerDatas) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BrokerData b : brokerDatas) {
            if (b.masterAddr() != null) {
                out.put(b.brokerName(), b.masterAddr());
            }
        }
        return out;
    }

    private DispatchRequestHeader header() {
        DispatchRequestHeader h = new DispatchRequestHeader();
        h.consumerGroup = group;
        h.topic = topic;
        h.startFrom = options.startFrom.name();
        h.queueNums = options.queueNums;
        h.excludeTag = options.excludeTag;
        h.expressionType = options.expressionType;
        h.expression = options.expression;
        h.selectorScope = options.selectorScope.name();
        h.leaseMillis = options.leaseMillis;
        h.maxDeliveries = options.maxDeliveries;
        h.groupProperty = options.groupProperty;
        h.consumerId = consumerId;
        return h;
    }

    static RemotingCommand request(int code, DispatchRequestHeader h) {
        return RemotingCommand.request(code).header(h);
    }

    /** Starts a receive on every broker that has none running, while the buffer is below the prefetch. */
    private void fetchMore() {
        if (!running) {
            return;
        }
        for (Map.Entry<String, String> b : brokers.entrySet()) {
            int room = options.prefetch - buffer.size();
            if (room <= 0) {
                return;
            }
            if (fetching.add(b.getKey())) {
                fetch(b.getKey(), b.getValue(), room);
            }
        }
    }

    private void fetch(String brokerName, String addr, int max) {
        DispatchRequestHeader h = header();
        h.maxMessages = max;
        h.pollMillis = POLL_MILLIS;
        long timeout = POLL_MILLIS + client.config().getRequestTimeoutMillis() + 5_000;
        client.invokeBrokerAsync(addr, request(RequestCode.DISPATCH_RECEIVE, h), timeout).whenComplete((r, error) -> {
            long retryIn = 0;
            try {
                if (error != null) {
                    LOG.debug("FMQ-CLIENT-303 receive from {} failed: {}", brokerName, error.toString());
                    retryIn = RETRY_MILLIS;
                } else if (r.code() == ResponseCode.SUCCESS) {
                    accept(brokerName, addr, r);
                } else if (r.code() != ResponseCode.PULL_NOT_FOUND) {
                    LOG.warn("FMQ-CLIENT-304 receive of {} from {} refused ({}): {}", topic, brokerName, r.code(), r.remark());
                    retryIn = RETRY_MILLIS;
                }
            } catch (RuntimeException e) {
                LOG.warn("FMQ-CLIENT-305 bad receive response from {}: {}", brokerName, e.toString());
                retryIn = RETRY_MILLIS;
            } finally {
                fetching.remove(brokerName);
            }
            if (retryIn > 0) {
                if (running) {
                    client.scheduler().schedule(this::fetchMore, retryIn, TimeUnit.MILLISECONDS);
                }
            } else {
                fetchMore();
            }
        });
    }

    private void accept(String brokerName, String addr, RemotingCommand r) {
        String[] leases = r.ext("leases") == null ? new String[0] : r.ext("leases").split(",");
        List<LeasedMessage> got = new ArrayList<>(leases.length);
        ByteBuffer body = ByteBuffer.wrap(r.body() == null ? new byte[0] : r.body());
        int pos = 0;
        int i = 0;
        while (pos < body.limit() && i < leases.length) {
            var record = MessageRecord.decode(body, pos);
            pos += record.totalSize();
            String[] lease = leases[i++].split(":");
            ReceivedMessage m = new ReceivedMessage(record, new MessageQueue(record.topic(), brokerName, record.queueId()));
            got.add(new LeasedMessage(m, Long.parseLong(lease[0]), Integer.parseInt(lease[1]), addr));
        }
        for (LeasedMessage m : got) {
            held.put(m.token(), m);
        }
        // While closing, close() gives these back with the rest of the buffer.
        buffer.addAll(got, this::priorityOf);
        if (running) {
            arrivalListener.run();
        }
    }

    /** The next leased message, waiting up to {@code timeoutMillis} (0 = do not wait); null if none came. */
    public LeasedMessage receive(long timeoutMillis) throws InterruptedException {
        LeasedMessage m = timeoutMillis <= 0 ? buffer.poll() : buffer.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (m != null) {
            fetchMore();
        }
        return m;
    }

    private int priorityOf(LeasedMessage m) {
        if (options.priorityProperty == null) {
            return 0;
        }
        String value = m.message().property(options.priorityProperty);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Acknowledges without anyone waiting for the answer, coalescing with other such acknowledgements: while one
     * DISPATCH_ACK of this consumer is on its way, later ones queue and leave together when it is answered. At a
     * low rate each message still goes at once; under load a consumer sends one request per round trip instead
     * of one per message (an auto-acknowledging JMS consumer draining a queue sent as many requests as it
     * received messages). {@link #close()} waits for the queue to drain like for any other settlement.
     */
    public void ackCoalesced(LeasedMessage message) {
        held.remove(message.token());
        List<LeasedMessage> batch;
        synchronized (queuedAcks) {
            queuedAcks.add(message);
            if (ackDrain != null) {
                return;
            }
            ackDrain = new CompletableFuture<>();
            settling.add(ackDrain);
            batch = takeQueuedAcks();
        }
        sendCoalesced(batch);
    }

    private void sendCoalesced(List<LeasedMessage> batch) {
        CompletableFuture<List<LeasedMessage>> sent;
        try {
            sent = perBroker(RequestCode.DISPATCH_ACK, batch, null, m -> 0);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((stale, error) -> {
            if (error != null) {
                LOG.debug("FMQ-CLIENT-316 acknowledging {} messages of {} failed (their leases will expire): {}",
                        batch.size(), topic, error.toString());
            }
            List<LeasedMessage> next;
            CompletableFuture<Void> drained = null;
            synchronized (queuedAcks) {
                next = takeQueuedAcks();
                if (next.isEmpty()) {
                    drained = ackDrain;
                    ackDrain = null;
                }
            }
            if (drained != null) {
                settling.remove(drained);
                drained.complete(null);
            } else {
                sendCoalesced(next);
            }
        });
    }

    /** Caller holds the {@link #queuedAcks} lock. */
    private List<LeasedMessage> takeQueuedAcks() {
        List<LeasedMessage> batch = List.copyOf(queuedAcks);
        queuedAcks.clear();
        return batch;
    }

    /** Messages buffered now. */
    public int buffered() {
        return buffer.size();
    }

    /**
     * Acknowledges; completes with the messages whose lease was lost (it expired and the message went to another
     * consumer or back to the queue).
     */
    public CompletableFuture<List<LeasedMessage>> ack(Collection<LeasedMessage> messages) {
        return settle(RequestCode.DISPATCH_ACK, messages, null, m -> 0);
    }

    /**
     * Gives messages back: delivered again after {@code delayMillis}, counted as a delivery unless
     * {@code delivered} is false.
     */
    public CompletableFuture<List<LeasedMessage>> release(Collection<LeasedMessage> messages, boolean delivered,
                                                          long delayMillis) {
        return release(messages, delivered, delayMillis, m -> 0);
    }

    /**
     * As {@link #release(Collection, boolean, long)}, telling the broker how often each message was delivered in all
     * (a consumer that redelivers locally first counts more deliveries than the broker saw), so its count — and the
     * dead-letter limit — never falls behind.
     */
    public CompletableFuture<List<LeasedMessage>> release(Collection<LeasedMessage> messages, boolean delivered,
                                                          long delayMillis,
                                                          java.util.function.ToIntFunction<LeasedMessage> deliveries) {
        return settle(RequestCode.DISPATCH_RELEASE, messages, h -> {
            h.delivered = delivered;
            h.delayMillis = delayMillis;
        }, deliveries);
    }

    private CompletableFuture<List<LeasedMessage>> settle(int code, Collection<LeasedMessage> messages,
                                                          java.util.function.Consumer<DispatchRequestHeader> extra,
                                                          java.util.function.ToIntFunction<LeasedMessage> deliveries) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        for (LeasedMessage m : messages) {
            held.remove(m.token());
        }
        return perBroker(code, messages, extra, deliveries);
    }

    private CompletableFuture<List<LeasedMessage>> perBroker(int code, Collection<LeasedMessage> messages,
                                                             java.util.function.Consumer<DispatchRequestHeader> extra,
                                                             java.util.function.ToIntFunction<LeasedMessage> deliveries) {
        Map<String, List<LeasedMessage>> byBroker = new HashMap<>();
        for (LeasedMessage m : messages) {
            byBroker.computeIfAbsent(m.brokerAddr(), k -> new ArrayList<>()).add(m);
        }
        List<CompletableFuture<List<LeasedMessage>>> calls = new ArrayList<>();
        for (Map.Entry<String, List<LeasedMessage>> e : byBroker.entrySet()) {
            DispatchRequestHeader h = header();
            StringBuilder entries = new StringBuilder();
            Map<String, LeasedMessage> byEntry = new HashMap<>();
            for (LeasedMessage m : e.getValue()) {
                if (!entries.isEmpty()) {
                    entries.append(',');
                }
                int known = deliveries.applyAsInt(m);
                String entry = known > 0 ? m.entry() + ":" + known : m.entry();
                entries.append(entry);
                byEntry.put(entry, m);
            }
            h.entries = entries.toString();
            if (extra != null) {
                extra.accept(h);
            }
            calls.add(client.invokeBrokerAsync(e.getKey(), request(code, h), client.config().getRequestTimeoutMillis())
                    .thenApply(r -> {
                        if (r.code() != ResponseCode.SUCCESS) {
                            throw new java.util.concurrent.CompletionException(new ClientException(r.code(),
                                    "FMQ-CLIENT-306 request " + code + " for " + topic + " refused: " + r.remark()));
                        }
                        List<LeasedMessage> stale = new ArrayList<>();
                        String text = r.ext("stale");
                        if (text != null && !text.isEmpty()) {
                            for (String s : text.split(",")) {
                                LeasedMessage m = byEntry.get(s);
                                if (m != null) {
                                    stale.add(m);
                                }
                            }
                        }
                        return stale;
                    }));
        }
        CompletableFuture<List<LeasedMessage>> all = CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> {
                    List<LeasedMessage> stale = new ArrayList<>();
                    calls.forEach(c -> stale.addAll(c.join()));
                    return stale;
                });
        settling.add(all);
        all.whenComplete((v, e) -> settling.remove(all));
        return all;
    }

    /**
     * Extends the leases of {@code messages} now; completes with those whose lease was lost (a broker restart, or an
     * expiry), which the broker delivers again on its own and this consumer must not redeliver.
     */
    public CompletableFuture<List<LeasedMessage>> renew(Collection<LeasedMessage> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return perBroker(RequestCode.DISPATCH_RENEW, messages, null, m -> 0).thenApply(stale -> {
            stale.forEach(m -> held.remove(m.token()));
            return stale;
        });
    }

    /**
     * Stops keeping these leases alive without settling them: something else now owns them (a prepared XA branch,
     * whose broker holds them until the branch ends).
     */
    public void detach(Collection<LeasedMessage> messages) {
        for (LeasedMessage m : messages) {
            held.remove(m.token());
        }
    }

    /** Keeps every held lease alive; a buffered message whose lease was lost is dropped, never delivered. */
    private void renewAll() {
        if (!running || held.isEmpty()) {
            return;
        }
        perBroker(RequestCode.DISPATCH_RENEW, List.copyOf(held.values()), null, m -> 0).whenComplete((stale, error) -> {
            if (error != null) {
                LOG.debug("FMQ-CLIENT-307 renewing leases of {} failed: {}", topic, error.toString());
                return;
            }
            for (LeasedMessage m : stale) {
                held.remove(m.token());
                if (buffer.remove(m)) {
                    LOG.debug("FMQ-CLIENT-308 dropped buffered message {} of {}: its lease was lost", m.message().msgId(), topic);
                }
            }
        });
    }

    /** Drops the subscription on the brokers (its offsets and state): a non-durable subscription's end. */
    public void unsubscribe() throws ClientException {
        for (String addr : brokers.values()) {
            RemotingCommand r = client.invokeBroker(addr, request(RequestCode.DISPATCH_UNSUBSCRIBE, header()),
                    client.config().getRequestTimeoutMillis());
            if (r.code() != ResponseCode.SUCCESS) {
                throw new ClientException(r.code(), "FMQ-CLIENT-309 unsubscribing " + group + " from " + topic + ": "
                        + r.remark());
            }
        }
    }

    /**
     * Stops fetching and gives buffered messages back undelivered, waiting for the brokers' answer: receives still
     * waiting in a broker are answered at once (DISPATCH_STOP_WAITING), what they brought is given back too. Messages
     * handed out and not yet acknowledged stay leased until acknowledged, released, or their lease runs out.
     */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        if (renewal != null) {
            renewal.cancel(false);
        }
        long timeout = client.config().getRequestTimeoutMillis();
        for (String addr : brokers.values()) {
            try {
                client.invokeBroker(addr, request(RequestCode.DISPATCH_STOP_WAITING, header()), timeout);
            } catch (ClientException e) {
                LOG.debug("FMQ-CLIENT-313 stopping the receives of {} at {} failed: {}", topic, addr, e.getMessage());
            }
        }
        long giveUp = System.nanoTime() + timeout * 1_000_000;
        while (!fetching.isEmpty() && System.nanoTime() < giveUp) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        if (!fetching.isEmpty()) {
            LOG.warn("FMQ-CLIENT-314 a receive of {} is still out after {} ms; what it brings stays leased until its"
                    + " lease runs out", topic, timeout);
        }
        List<LeasedMessage> back = new ArrayList<>();
        buffer.drainTo(back);
        release(back, false, 0);
        try {
            // Everything this consumer settled (acknowledgements sent without waiting included) reaches the brokers
            // before the caller may close the connections underneath.
            CompletableFuture.allOf(settling.toArray(new CompletableFuture<?>[0]))
                    .get(client.config().getRequestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("FMQ-CLIENT-310 giving back buffered messages of {} failed: {}", topic, e.toString());
        }
    }

    /**
     * Buffered leases: highest priority first, then in arrival order. A received batch goes in at once, so a
     * receive never takes a low-priority message that a higher one of the same batch should have overtaken.
     * Thread-safe.
     */
    private static final class LeaseBuffer {
        private record Entry(LeasedMessage message, int priority, long sequence) {
        }

        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final java.util.concurrent.locks.Condition notEmpty = lock.newCondition();
        private final java.util.PriorityQueue<Entry> queue = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingInt((Entry e) -> -e.priority()).thenComparingLong(Entry::sequence));
        private long sequence;

        void addAll(List<LeasedMessage> messages, java.util.function.ToIntFunction<LeasedMessage> priority) {
            lock.lock();
            try {
                for (LeasedMessage m : messages) {
                    queue.add(new Entry(m, priority.applyAsInt(m), ++sequence));
                }
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }

        LeasedMessage poll() {
            lock.lock();
            try {
                Entry e = queue.poll();
                return e == null ? null : e.message();
            } finally {
                lock.unlock();
            }
        }

        LeasedMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
            long nanos = unit.toNanos(timeout);
            lock.lockInterruptibly();
            try {
                while (queue.isEmpty()) {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
                return queue.poll().message();
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return queue.size();
            } finally {
                lock.unlock();
            }
        }

        /** Takes everything, in the order it would have been received. */
        void drainTo(List<LeasedMessage> into) {
            lock.lock();
            try {
                while (!queue.isEmpty()) {
                    into.add(queue.poll().message());
                }
            } finally {
                lock.unlock();
            }
        }

        boolean remove(LeasedMessage m) {
            lock.lock();
            try {
                return queue.removeIf(e -> e.message().equals(m));
            } finally {
                lock.unlock();
            }
        }
    }
}
