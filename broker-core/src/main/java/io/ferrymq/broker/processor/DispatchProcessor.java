package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerStats;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.dispatch.DispatchService;
import io.ferrymq.broker.dispatch.DispatchTable;
import io.ferrymq.broker.dispatch.DispatchWaiters;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.longpolling.HeldRequests;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.transaction.TransactionTopics;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.DispatchRequestHeader;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueueEntryFilter;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatch family (FerryMQ's DISPATCH_* codes): per-message delivery of a subscription's messages to any number
 * of consumers, each message leased to one of them and acknowledged or released on its own. Decodes, checks and
 * answers; the bookkeeping is {@link DispatchService}'s, long polling {@link DispatchWaiters}'. Served by masters
 * only: the lease state lives there. Runs on the dispatch executor.
 */
public final class DispatchProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchProcessor.class);
    private static final int MAX_MESSAGES = 256;
    private static final int MAX_BYTES = 1024 * 1024;
    private static final long MAX_LEASE_MILLIS = 24 * 3_600_000L;
    private static final long MAX_POLL_MILLIS = 60_000;
    private static final String TEMPLATE_TOPIC = "TBW102";

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final MessageStore store;
    private final DispatchService service;
    private final SubscriptionFilters filters;
    private final BrokerStats stats;
    private final ExecutorService executor;
    private final DispatchWaiters waiters = new DispatchWaiters(this::rerun);
    /** Spreads the first queue a receive looks at, so concurrent consumers do not all start on queue 0. */
    private final AtomicInteger rotation = new AtomicInteger();

    public DispatchProcessor(BrokerConfig config, TopicConfigTable topics, SubscriptionGroupTable groups,
                             MessageStore store, DispatchService service, BrokerStats stats, ExecutorService executor) {
        this.config = config;
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.service = service;
        this.stats = stats;
        this.executor = executor;
        this.filters = new SubscriptionFilters(config);
    }

    public DispatchWaiters waiters() {
        return waiters;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        DispatchRequestHeader h = request.header(DispatchRequestHeader.class);
        if (!store.config().isMaster()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "FMQ-BROKER-410 dispatch is served by the master of " + config.getBrokerName() + ", not by a slave");
        }
        if (TransactionTopics.isTransactionTopic(h.topic)) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "FMQ-TX-062 the transaction system topic " + h.topic + " cannot be consumed");
        }
        SubscriptionGroupTable.GroupConfig group = groups.findOrCreate(h.consumerGroup, config.isAutoCreateSubscriptionGroup());
        if (group == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + h.consumerGroup + "] does not exist, apply first please!");
        }
        if (!group.consumeEnable()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "subscription group no permission, " + h.consumerGroup);
        }
        try {
            return switch (request.code()) {
                case RequestCode.DISPATCH_SUBSCRIBE -> subscribe(request, h);
                case RequestCode.DISPATCH_RECEIVE -> receive(channel, request, h, -1);
                case RequestCode.DISPATCH_ACK -> entries(request, service.ack(h.consumerGroup, h.topic, parse(h)));
                case RequestCode.DISPATCH_RELEASE -> entries(request, service.release(h.consumerGroup, h.topic, parse(h),
                        h.delivered == null || h.delivered, h.delayMillis == null ? 0 : Math.min(h.delayMillis, MAX_LEASE_MILLIS)));
                case RequestCode.DISPATCH_RENEW -> entries(request, service.renew(h.consumerGroup, h.topic, parse(h),
                        leaseMillis(h)));
                case RequestCode.DISPATCH_UNSUBSCRIBE -> unsubscribe(request, h);
                case RequestCode.DISPATCH_STOP_WAITING -> stopWaiting(request, h);
                default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, null);
            };
        } catch (IllegalArgumentException e) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    /** A closing consumer's waiting receives are answered empty now, so nothing is leased to it any more. */
    private RemotingCommand stopWaiting(RemotingCommand request, DispatchRequestHeader h) {
        int answered = 0;
        if (h.consumerId != null) {
            long rememberUntil = System.currentTimeMillis() + 2 * MAX_POLL_MILLIS;
            for (DispatchWaiters.Held held : waiters.removeConsumer(h.consumerId, rememberUntil)) {
                held.channel().write(RemotingCommand.responseTo(held.request(), ResponseCode.PULL_NOT_FOUND, null));
                answered++;
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, Integer.toString(answered));
    }

    /** Topic "*" drops the group's subscriptions of every topic (a JMS durable subscription dropped by name). */
    private RemotingCommand unsubscribe(RemotingCommand request, DispatchRequestHeader h) {
        service.table().drop(h.consumerGroup, "*".equals(h.topic) ? null : h.topic);
        LOG.info("FMQ-BROKER-411 subscription {} of {} dropped", h.consumerGroup, h.topic);
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    private RemotingCommand subscribe(RemotingCommand request, DispatchRequestHeader h) {
        try {
            // A selector that cannot work fails the subscription, not every receive after it.
            selector(h);
        } catch (SubscriptionFilters.RefusedException e) {
            return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
        TopicConfig topic = topics.get(h.topic);
        if (topic == null) {
            int queues = h.queueNums == null || h.queueNums <= 0 ? config.getDefaultTopicQueueNums() : h.queueNums;
            if (h.topic.startsWith(TopicConfigTable.DLQ_GROUP_TOPIC_PREFIX)) {
                // A dead-letter queue is read like any queue, even before its first letter.
                topic = topics.ensureSystemTopic(h.topic, 1);
            } else if (TopicNames.problem(h.topic) == null && !TopicNames.isSystemTopic(h.topic)) {
                topic = topics.createForSend(h.topic, TEMPLATE_TOPIC, queues, 0);
            }
        }
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "FMQ-BROKER-412 topic " + h.topic + " does not exist on " + config.getBrokerName()
                            + " and may not be created here (autoCreateTopicEnable=" + config.isAutoCreateTopicEnable() + ")");
        }
        DispatchTable.StartFrom start = startFrom(h);
        for (int q = 0; q < topic.readQueueNums(); q++) {
            service.table().prepare(h.consumerGroup, h.topic, q, start);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, Integer.toString(topic.readQueueNums()))
                .putExt("readQueueNums", Integer.toString(topic.readQueueNums()))
                .putExt("brokerName", config.getBrokerName());
    }

    private static DispatchTable.StartFrom startFrom(DispatchRequestHeader h) {
        return "LAST".equals(h.startFrom) ? DispatchTable.StartFrom.LAST : DispatchTable.StartFrom.FIRST;
    }

    private static long leaseMillis(DispatchRequestHeader h) {
        long lease = h.leaseMillis == null ? 60_000 : h.leaseMillis;
        return Math.max(1, Math.min(lease, MAX_LEASE_MILLIS));
    }

    private void rerun(DispatchWaiters.Held held) {
        HeldRequests.rerun(executor, held.channel(), held.request(), () -> receive(held.channel(), held.request(),
                held.request().header(DispatchRequestHeader.class), held.deadlineMillis()), LOG,
                "FMQ-BROKER-413 re-running a held receive failed");
    }

    /**
     * @param deadline when a held receive must be answered; -1 for a fresh request (its poll time starts now)
     */
    private RemotingCommand receive(RemotingChannel channel, RemotingCommand request, DispatchRequestHeader h,
                                    long deadline) {
        if (!PermName.isReadable(config.getBrokerPermission())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the broker[" + config.getBrokerIP1() + "] pulling message is forbidden");
        }
        TopicConfig topic = topics.get(h.topic);
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + h.topic + "] not exist, apply first please!");
        }
        if (!PermName.isReadable(topic.perm())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the topic[" + h.topic + "] pulling message is forbidden");
        }
        QueueEntryFilter subscriptionFilter;
        QueueEntryFilter consumerFilter = null;
        try {
            QueueEntryFilter selector = selector(h);
            boolean consumerScope = "CONSUMER".equals(h.selectorScope);
            QueueEntryFilter excluded = excludeTag(h.excludeTag);
            if (consumerScope && selector != null && !selector.readsRecords()) {
                return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                        "FMQ-BROKER-414 a consumer-scope selector must be a property expression, not " + h.expressionType);
            }
            consumerFilter = consumerScope ? selector : null;
            subscriptionFilter = consumerScope ? excluded : both(excluded, selector);
        } catch (SubscriptionFilters.RefusedException e) {
            return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
        List<Integer> queueIds = new ArrayList<>();
        int n = topic.readQueueNums();
        if (h.queueId != null && h.queueId >= 0) {
            if (h.queueId >= n) {
                return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER,
                        "queueId[" + h.queueId + "] is illegal, topic:[" + h.topic + "] readQueueNums:[" + n + "]");
            }
            queueIds.add(h.queueId);
        } else {
            int first = Math.floorMod(rotation.getAndIncrement(), Math.max(1, n));
            for (int i = 0; i < n; i++) {
                queueIds.add((first + i) % n);
            }
        }
        if (waiters.isStopped(h.consumerId)) {
            // The consumer is closing (DISPATCH_STOP_WAITING came first): nothing more is leased to it.
            return RemotingCommand.responseTo(request, ResponseCode.PULL_NOT_FOUND, null);
        }
        int max = Math.max(1, Math.min(h.maxMessages == null ? 32 : h.maxMessages, MAX_MESSAGES));
        int maxDeliveries = h.maxDeliveries == null || h.maxDeliveries <= 0 ? Integer.MAX_VALUE : h.maxDeliveries;
        long seen = waiters.version(h.topic);
        DispatchService.Received received = service.receive(new DispatchService.ReceiveSpec(h.consumerGroup, h.topic,
                queueIds, startFrom(h), subscriptionFilter, consumerFilter, max, MAX_BYTES, leaseMillis(h), maxDeliveries,
                h.groupProperty == null || h.groupProperty.isEmpty() ? null : h.groupProperty,
                h.consumerId == null ? channel.remoteAddressText() : h.consumerId));
        long now = System.currentTimeMillis();
        if (received.isEmpty()) {
            long poll = h.pollMillis == null ? 0 : Math.min(h.pollMillis, MAX_POLL_MILLIS);
            long until = deadline < 0 ? now + poll : deadline;
            if (now < until && waiters.hold(new DispatchWaiters.Held(channel, request, h.topic, h.consumerId, until), seen)) {
                return null;
            }
            return RemotingCommand.responseTo(request, ResponseCode.PULL_NOT_FOUND, null);
        }
        stats.countGet(received.records().size());
        StringBuilder leases = new StringBuilder();
        List<ByteBuffer> body = new ArrayList<>(received.records().size());
        for (int i = 0; i < received.records().size(); i++) {
            SelectedBuffer b = received.records().get(i);
            body.add(b.buffer());
            if (i > 0) {
                leases.append(',');
            }
            leases.append(received.leases().get(i).token()).append(':').append(received.leases().get(i).deliveries());
        }
        RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                .putExt("leases", leases.toString());
        response.bodyBuffers(body, received::close);
        return response;
    }

    private QueueEntryFilter selector(DispatchRequestHeader h) throws SubscriptionFilters.RefusedException {
        if (h.expression == null || h.expression.isBlank()) {
            return null;
        }
        String type = h.expressionType == null ? SubscriptionData.TAG : h.expressionType;
        SubscriptionData data = SubscriptionData.TAG.equals(type)
                ? SubscriptionData.ofTagExpression(h.topic, h.expression, 0)
                : new SubscriptionData(h.topic, h.expression, Set.of(), Set.of(), 0, type);
        return filters.filterFor(data);
    }

    private static QueueEntryFilter excludeTag(String tag) {
        if (tag == null || tag.isEmpty()) {
            return null;
        }
        long code = tag.hashCode();
        return tagsCode -> tagsCode != code;
    }

    /** Both filters must accept; null stands for "accepts everything". */
    private static QueueEntryFilter both(QueueEntryFilter a, QueueEntryFilter b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new QueueEntryFilter() {
            @Override
            public boolean accept(long tagsCode) {
                return a.accept(tagsCode) && b.accept(tagsCode);
            }

            @Override
            public boolean readsRecords() {
                return a.readsRecords() || b.readsRecords();
            }

            @Override
            public boolean acceptRecord(ByteBuffer record) {
                return (!a.readsRecords() || a.acceptRecord(record)) && (!b.readsRecords() || b.acceptRecord(record));
            }
        };
    }

    /** Answers with the entries whose lease was gone, as "queueId:offset:token" (ext {@code stale}, may be empty). */
    private static RemotingCommand entries(RemotingCommand request, List<DispatchService.Entry> stale) {
        StringBuilder text = new StringBuilder();
        for (DispatchService.Entry e : stale) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(e.queueId()).append(':').append(e.offset()).append(':').append(e.token());
            if (e.deliveries() > 0) {
                text.append(':').append(e.deliveries());
            }
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null).putExt("stale", text.toString());
    }

    /**
     * The request's "queueId:offset:token" entries, separated by ','; a malformed one, or one naming a queue the topic
     * does not have, fails the request with its text.
     */
    private List<DispatchService.Entry> parse(DispatchRequestHeader h) {
        TopicConfig topic = topics.get(h.topic);
        int queues = topic == null ? 0 : topic.readQueueNums();
        List<DispatchService.Entry> out = parse(h.entries);
        for (DispatchService.Entry e : out) {
            if (e.queueId() < 0 || e.queueId() >= queues) {
                throw new IllegalArgumentException("FMQ-BROKER-416 topic " + h.topic + " has no queue " + e.queueId());
            }
        }
        return out;
    }

    static List<DispatchService.Entry> parse(String entries) {
        List<DispatchService.Entry> out = new ArrayList<>();
        if (entries == null || entries.isBlank()) {
            return out;
        }
        for (String e : entries.split(",")) {
            String[] parts = e.split(":");
            if (parts.length != 3 && parts.length != 4) {
                throw new IllegalArgumentException("FMQ-BROKER-415 malformed dispatch entry '" + e
                        + "': expected queueId:offset:token[:deliveries]");
            }
            try {
                out.add(new DispatchService.Entry(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()),
                        Long.parseLong(parts[2].trim()), parts.length == 4 ? Integer.parseInt(parts[3].trim()) : 0));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("FMQ-BROKER-415 malformed dispatch entry '" + e
                        + "': expected queueId:offset:token[:deliveries]", ex);
            }
        }
        return out;
    }
}
