package io.ferrymq.broker.retry;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a message goes when its consumer failed it: back through the group's retry topic after a growing
 * delay (level 3 + reconsume times unless the consumer names one), or, past the group's max reconsume
 * times or when the consumer rejects it outright, into the group's dead-letter topic with the story of how
 * it died. Also applies the same rule to the official client's fallback, a plain send to the retry topic.
 * Stateless; safe from any thread.
 */
public final class SendBackService {
    private static final Logger LOG = LoggerFactory.getLogger(SendBackService.class);
    /** RocketMQ's DLQ_NUMS_PER_GROUP. */
    private static final int DLQ_QUEUES = 1;

    /** What came of a send-back: a response code and remark. */
    public record Outcome(int code, String remark) {
    }

    private final BrokerConfig config;
    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final MessageStore store;
    private final Clock clock;
    private final InetSocketAddress storeHost;

    public SendBackService(BrokerConfig config, TopicConfigTable topics, SubscriptionGroupTable groups,
                           MessageStore store, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.clock = clock;
        this.storeHost = new InetSocketAddress(config.getBrokerIP1(), config.getListenPort());
    }

    /**
     * CONSUMER_SEND_MSG_BACK: re-stores the record at {@code offset} for {@code group}.
     *
     * @param delayLevel        0 = the broker decides, negative = dead-letter now
     * @param maxReconsumeTimes the consumer's limit, or null for the group's
     * @param failureReason     the consumer's reason (FerryMQ's client), or null
     */
    public CompletableFuture<Outcome> sendBack(String group, long offset, int delayLevel, Integer maxReconsumeTimes,
                                               String failureReason) {
        SubscriptionGroupTable.GroupConfig g = groups.findOrCreate(group, config.isAutoCreateSubscriptionGroup());
        if (g == null) {
            return done(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group not exist, " + group);
        }
        if (!store.config().isMaster() || !PermName.isWriteable(config.getBrokerPermission())) {
            return done(ResponseCode.NO_PERMISSION, "the broker[" + config.getBrokerIP1() + "] sending message is forbidden");
        }
        if (g.retryQueueNums() <= 0) {
            // RocketMQ's rule: a group without retry queues drops failed messages.
            return done(ResponseCode.SUCCESS, null);
        }
        DecodedMessage failed;
        try (SelectedBuffer record = store.lookupMessage(offset)) {
            if (record == null) {
                return done(ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + offset);
            }
            failed = MessageRecord.decode(record.buffer(), 0);
        }
        Map<String, String> p = failed.properties();
        p.putIfAbsent(MessageConst.PROPERTY_RETRY_TOPIC, failed.topic());
        p.putIfAbsent(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID, failed.offsetMessageId());
        int max = maxReconsumeTimes != null ? maxReconsumeTimes : g.retryMaxTimes();
        int reconsumed = failed.reconsumeTimes();
        long now = clock.millis();
        FailureRecord.noteFailure(p, reconsumed, failureReason, now);
        String topic;
        int queueId;
        if (reconsumed >= max || delayLevel < 0) {
            topic = DeliveryConst.dlqTopic(group);
            queueId = ThreadLocalRandom.current().nextInt(DLQ_QUEUES);
            topics.ensureSystemTopic(topic, DLQ_QUEUES);
            String cause = delayLevel < 0 ? DeliveryConst.CAUSE_REJECTED : DeliveryConst.CAUSE_MAX_RECONSUME;
            FailureRecord.markDead(p, p.get(MessageConst.PROPERTY_RETRY_TOPIC), reconsumed, max, cause, now);
            LOG.info("FMQ-BROKER-110 message {} of {} dead-lettered to {} after {} attempts ({})",
                    p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX), p.get(MessageConst.PROPERTY_RETRY_TOPIC),
                    topic, reconsumed + 1, cause);
        } else {
            topic = DeliveryConst.retryTopic(group);
            TopicConfig retry = topics.ensureSystemTopic(topic, g.retryQueueNums());
            queueId = ThreadLocalRandom.current().nextInt(Math.max(1, retry.writeQueueNums()));
            p.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, Integer.toString(delayLevel == 0 ? 3 + reconsumed : delayLevel));
        }
        MessageToAppend again = new MessageToAppend(topic, queueId, failed.flag(), failed.body(),
                MessageProperties.encode(p), failed.sysFlag(), failed.bornTimestamp(), failed.bornHost(), storeHost,
                reconsumed + 1, 0L);
        return store.putMessageAsync(again).thenApply(r -> r.isAppended()
                ? new Outcome(ResponseCode.SUCCESS, null)
                : new Outcome(ResponseCode.SYSTEM_ERROR, r.status() + ": " + r.detail()));
    }

    /**
     * Moves the record at {@code commitLogOffset} to the group's dead-letter queue after {@code deliveries}
     * deliveries that were never acknowledged (per-message dispatch, which redelivers in place rather than through
     * the retry topic). Completes with true once the dead letter is stored.
     */
    public CompletableFuture<Boolean> deadLetter(String group, long commitLogOffset, int deliveries, int maxDeliveries) {
        DecodedMessage failed;
        try (SelectedBuffer record = store.lookupMessage(commitLogOffset)) {
            if (record == null) {
                return CompletableFuture.completedFuture(false);
            }
            failed = MessageRecord.decode(record.buffer(), 0);
        }
        Map<String, String> p = failed.properties();
        String origin = p.getOrDefault(MessageConst.PROPERTY_RETRY_TOPIC, failed.topic());
        long now = clock.millis();
        FailureRecord.noteFailure(p, deliveries - 1, "delivered " + deliveries + " times without acknowledgement", now);
        FailureRecord.markDead(p, origin, deliveries - 1, maxDeliveries, DeliveryConst.CAUSE_MAX_RECONSUME, now);
        String dlq = DeliveryConst.dlqTopic(group);
        topics.ensureSystemTopic(dlq, DLQ_QUEUES);
        MessageToAppend dead = new MessageToAppend(dlq, 0, failed.flag(), failed.body(), MessageProperties.encode(p),
                failed.sysFlag(), failed.bornTimestamp(), failed.bornHost(), storeHost, deliveries - 1, 0L);
        return store.putMessageAsync(dead).thenApply(r -> r.isAppended());
    }

    /**
     * The official client's fallback when CONSUMER_SEND_MSG_BACK fails: a plain send to {@code %RETRY%<group>}
     * with the reconsume count in the header. Past the limit it goes to the DLQ instead, as RocketMQ does.
     *
     * @return the message to store, or null when the group does not exist
     */
    public MessageToAppend routeRetrySend(MessageToAppend m, Integer maxReconsumeTimes) {
        String group = m.topic().substring(DeliveryConst.RETRY_GROUP_TOPIC_PREFIX.length());
        SubscriptionGroupTable.GroupConfig g = groups.findOrCreate(group, config.isAutoCreateSubscriptionGroup());
        if (g == null) {
            return null;
        }
        int max = maxReconsumeTimes != null ? maxReconsumeTimes : g.retryMaxTimes();
        if (m.reconsumeTimes() <= max) {
            return m;
        }
        Map<String, String> p = MessageProperties.decode(m.properties());
        long now = clock.millis();
        FailureRecord.noteFailure(p, m.reconsumeTimes() - 1, null, now);
        String origin = p.getOrDefault(MessageConst.PROPERTY_RETRY_TOPIC, m.topic());
        FailureRecord.markDead(p, origin, m.reconsumeTimes() - 1, max, DeliveryConst.CAUSE_MAX_RECONSUME, now);
        String dlq = DeliveryConst.dlqTopic(group);
        topics.ensureSystemTopic(dlq, DLQ_QUEUES);
        return new MessageToAppend(dlq, 0, m.flag(), m.body(), MessageProperties.encode(p), m.sysFlag(),
                m.bornTimestamp(), m.bornHost(), m.storeHost(), m.reconsumeTimes(), m.preparedTransactionOffset());
    }

    private static CompletableFuture<Outcome> done(int code, String remark) {
        return CompletableFuture.completedFuture(new Outcome(code, remark));
    }
}
