package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerStats;
import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.broker.client.ConsumerGroupInfo;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.longpolling.HeldRequests;
import io.ferrymq.broker.longpolling.PullRequestHoldService;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.broker.transaction.TransactionTopics;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.PullMessageResponseHeader;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.GetResult;
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

/**
 * The pull family: PULL_MESSAGE and LITE_PULL_MESSAGE. Looks the queue up, reads raw records from the
 * store and sends them as they are stored (no copy: the response body wraps the mapped slices and
 * releases them once written); a pull that finds nothing new is held for long polling. Runs on the
 * pull executor; stateless apart from its collaborators.
 */
public final class PullMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PullMessageProcessor.class);
    private static final int FLAG_COMMIT_OFFSET = 1;
    private static final int FLAG_SUSPEND = 2;
    private static final int FLAG_SUBSCRIPTION = 4;
    private static final long MASTER_ID = 0L;
    /** Caps one pull response, as RocketMQ's in-memory transfer limits do. */
    private static final int MAX_MESSAGES_PER_PULL = 64;
    private static final int MAX_BYTES_PER_PULL = 256 * 1024;

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final ClientRegistry clients;
    private final ConsumerOffsetTable offsets;
    private final MessageStore store;
    private final PullRequestHoldService holds;
    private final ExecutorService executor;
    private final BrokerStats stats;
    private final SubscriptionGroupTable groups;
    private final SubscriptionFilters filters;

    public PullMessageProcessor(BrokerConfig config, TopicConfigTable topics, SubscriptionGroupTable groups,
                                ClientRegistry clients,
                                ConsumerOffsetTable offsets, MessageStore store, BrokerStats stats,
                                ExecutorService executor) {
        this.stats = stats;
        this.groups = groups;
        this.config = config;
        this.topics = topics;
        this.clients = clients;
        this.offsets = offsets;
        this.store = store;
        this.executor = executor;
        this.holds = new PullRequestHoldService(store, this::rerun);
        this.filters = new SubscriptionFilters(config);
    }

    /**
     * A slave learns topic configs from its master every 10 s, but the messages arrive at once: a topic
     * created shortly before its master died would otherwise stay unreadable on the slave for good. The
     * replicated queues are what the slave can serve, so their ids define a read-only topic.
     */
    private TopicConfig replicatedOnly(String topic) {
        List<Integer> queueIds = store.queueIdsOf(topic);
        if (queueIds.isEmpty()) {
            return null;
        }
        int queues = queueIds.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        return TopicConfig.of(topic, queues, PermName.READ);
    }

    /**
     * Which broker of the group the consumer should pull this queue from next (RocketMQ's rule): a consumer
     * so far behind that its data has probably left the master's page cache goes to a slave, if slave reads
     * are enabled and a connected slave already holds what it will read; everyone else goes to (or back to)
     * the master.
     */
    private long suggestBroker(GetResult result, boolean slave) {
        // Most pulls read near the end: they are answered before the slave connections are looked at.
        if (!config.isSlaveReadEnable() || !result.farBehind()) {
            return MASTER_ID;
        }
        if (slave) {
            return config.getBrokerId();
        }
        boolean slaveHasIt = store.slaveHeldOffset() >= result.readEndOffset();
        return slaveHasIt ? config.getWhichBrokerWhenConsumeSlowly() : MASTER_ID;
    }

    public PullRequestHoldService holds() {
        return holds;
    }

    @Override
    public RemotingCommand process(RemotingChannel channel, RemotingCommand request) throws RemotingCommandException {
        return pull(channel, request, true);
    }

    private void rerun(PullRequestHoldService.HeldPull held) {
        HeldRequests.rerun(executor, held.channel(), held.request(), () -> pull(held.channel(), held.request(), false),
                LOG, "FMQ-BROKER-061 re-running a held pull failed");
    }

    private RemotingCommand pull(RemotingChannel channel, RemotingCommand request, boolean mayHold)
            throws RemotingCommandException {
        PullMessageRequestHeader h = request.header(PullMessageRequestHeader.class);
        if (!PermName.isReadable(config.getBrokerPermission())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the broker[" + config.getBrokerIP1() + "] pulling message is forbidden");
        }
        if (TransactionTopics.isTransactionTopic(h.topic)) {
            // Half messages are invisible until committed, on a master and on a slave serving reads alike.
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "FMQ-TX-062 the transaction system topic " + h.topic + " cannot be consumed");
        }
        SubscriptionGroupTable.GroupConfig groupConfig = groups.findOrCreate(h.consumerGroup,
                config.isAutoCreateSubscriptionGroup());
        if (groupConfig == null) {
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + h.consumerGroup + "] does not exist, apply first please!");
        }
        if (!groupConfig.consumeEnable()) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "subscription group no permission, " + h.consumerGroup);
        }
        TopicConfig topic = topics.get(h.topic);
        if (topic == null && !store.config().isMaster()) {
            topic = replicatedOnly(h.topic);
        }
        if (topic == null) {
            return RemotingCommand.responseTo(request, ResponseCode.TOPIC_NOT_EXIST,
                    "topic[" + h.topic + "] not exist, apply first please!");
        }
        if (!PermName.isReadable(topic.perm())) {
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION,
                    "the topic[" + h.topic + "] pulling message is forbidden");
        }
        if (h.queueId < 0 || h.queueId >= topic.readQueueNums()) {
            return RemotingCommand.responseTo(request, ResponseCode.INVALID_PARAMETER, "queueId[" + h.queueId
                    + "] is illegal, topic:[" + h.topic + "] topicConfig.readQueueNums:[" + topic.readQueueNums() + "]");
        }
        SubscriptionData subscription;
        if ((h.sysFlag & FLAG_SUBSCRIPTION) != 0) {
            subscription = h.expressionType == null || SubscriptionData.TAG.equals(h.expressionType)
                    ? SubscriptionData.ofTagExpression(h.topic, h.subscription, h.subVersion)
                    : new SubscriptionData(h.topic, h.subscription, Set.of(), Set.of(), h.subVersion, h.expressionType);
        } else {
            ConsumerGroupInfo group = clients.consumerGroup(h.consumerGroup);
            if (group == null) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's group info not exist");
            }
            subscription = group.subscription(h.topic);
            if (subscription == null) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist");
            }
            if (subscription.subVersion() < h.subVersion) {
                return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest");
            }
        }
        QueueEntryFilter filter;
        try {
            filter = filters.filterFor(subscription);
        } catch (SubscriptionFilters.RefusedException e) {
            return RemotingCommand.responseTo(request, e.responseCode(), e.getMessage());
        }
        int maxCount = Math.max(1, Math.min(h.maxMsgNums, MAX_MESSAGES_PER_PULL));
        int maxBytes = h.maxMsgBytes == null ? MAX_BYTES_PER_PULL : Math.max(1, Math.min(h.maxMsgBytes, MAX_BYTES_PER_PULL));
        GetResult result = store.getMessages(h.topic, h.queueId, h.queueOffset, maxCount, maxBytes, filter);

        int code;
        long next = result.nextBeginOffset();
        switch (result.status()) {
            case FOUND -> code = ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE -> code = ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_FOUND_NULL, OFFSET_OVERFLOW_ONE -> code = ResponseCode.PULL_NOT_FOUND;
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE -> {
                code = h.queueOffset == 0 ? ResponseCode.PULL_NOT_FOUND : ResponseCode.PULL_OFFSET_MOVED;
                next = 0;
            }
            default -> code = ResponseCode.PULL_OFFSET_MOVED;
        }
        boolean slave = !store.config().isMaster();
        if (slave && code == ResponseCode.PULL_OFFSET_MOVED) {
            // A slave may simply not have caught up (or was wiped): telling the consumer to move its offset
            // would rewind or skip it. It retries, and is steered back to the master below.
            code = ResponseCode.PULL_RETRY_IMMEDIATELY;
            next = h.queueOffset;
        }
        boolean commit = mayHold && (h.sysFlag & FLAG_COMMIT_OFFSET) != 0 && !slave;
        if (commit) {
            offsets.commit(h.consumerGroup, h.topic, h.queueId, h.commitOffset);
        }
        if (code == ResponseCode.PULL_NOT_FOUND && mayHold && (h.sysFlag & FLAG_SUSPEND) != 0) {
            result.close();
            long suspend = config.isLongPollingEnable() ? h.suspendTimeoutMillis : config.getShortPollingTimeMills();
            holds.hold(new PullRequestHoldService.HeldPull(channel, request, h.topic, h.queueId, h.queueOffset,
                    System.currentTimeMillis() + suspend, filter));
            return null;
        }
        PullMessageResponseHeader rh = new PullMessageResponseHeader();
        rh.suggestWhichBrokerId = suggestBroker(result, slave);
        rh.nextBeginOffset = next;
        rh.minOffset = result.minOffset();
        rh.maxOffset = result.maxOffset();
        RemotingCommand response = RemotingCommand.responseTo(request, code, null).header(rh);
        if (code == ResponseCode.SUCCESS) {
            stats.countGet(result.messageCount());
            List<ByteBuffer> body = new ArrayList<>(result.records().size());
            for (SelectedBuffer b : result.records()) {
                body.add(b.buffer());
            }
            response.bodyBuffers(body, result::close);
        } else {
            result.close();
        }
        return response;
    }
}
