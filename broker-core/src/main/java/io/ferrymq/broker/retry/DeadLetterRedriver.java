package io.ferrymq.broker.retry;

import io.ferrymq.broker.group.SubscriptionGroupTable;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Sends dead letters of a group back: one (by message id), those with a key, or all; to the topic they were
 * first sent to, or to the group's retry topic so only the failed group sees them again. Each letter goes
 * back at most once ({@link RedriveLedger}); expired letters are invisible here as everywhere. The letters
 * stay in the DLQ until they expire, as the record of what died. Synchronized: one re-drive at a time.
 */
public final class DeadLetterRedriver {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRedriver.class);
    public static final String TARGET_ORIGIN = "ORIGIN_TOPIC";
    public static final String TARGET_RETRY = "RETRY";

    /** Counts of one re-drive. */
    public record Result(int matched, int redriven, int alreadyRedriven, int failed) {
        public JsonObject toJson() {
            return new JsonObject().put("matched", matched).put("redriven", redriven)
                    .put("alreadyRedriven", alreadyRedriven).put("failed", failed);
        }
    }

    private final TopicConfigTable topics;
    private final SubscriptionGroupTable groups;
    private final MessageStore store;
    private final Clock clock;
    private final RedriveLedger ledger;

    public DeadLetterRedriver(TopicConfigTable topics, SubscriptionGroupTable groups, MessageStore store, Clock clock,
                              Path configDir) {
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.clock = clock;
        this.ledger = new RedriveLedger(configDir.resolve("deadLetterRedrives.json"),
                store.config().getDlqRetentionHours() * 3_600_000L);
    }

    public void load() throws IOException {
        ledger.load();
    }

    /** Letters whose client id, offset id or original id is {@code msgId}. */
    public static Predicate<DecodedMessage> byMessageId(String msgId) {
        return m -> msgId.equals(m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX))
                || msgId.equalsIgnoreCase(m.offsetMessageId())
                || msgId.equals(m.property(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID));
    }

    public static Predicate<DecodedMessage> byKey(String key) {
        return m -> {
            String keys = m.property(MessageConst.PROPERTY_KEYS);
            return keys != null && Arrays.asList(keys.split(MessageConst.KEY_SEPARATOR)).contains(key);
        };
    }

    public synchronized Result redrive(String group, Predicate<DecodedMessage> selector, String target) throws IOException {
        String dlq = DeliveryConst.dlqTopic(group);
        int matched = 0;
        int redriven = 0;
        int already = 0;
        int failed = 0;
        for (int queueId : store.queueIdsOf(dlq)) {
            long offset = store.minOffsetInQueue(dlq, queueId);
            while (true) {
                try (GetResult r = store.getMessages(dlq, queueId, offset, 32, 1024 * 1024)) {
                    if (r.status() != GetStatus.FOUND && r.status() != GetStatus.NO_MATCHED_MESSAGE
                            && r.status() != GetStatus.OFFSET_FOUND_NULL) {
                        break;
                    }
                    for (SelectedBuffer b : r.records()) {
                        DecodedMessage letter = MessageRecord.decode(b.buffer(), 0);
                        if (!selector.test(letter)) {
                            continue;
                        }
                        matched++;
                        long deadAt = deadAt(letter);
                        String name = RedriveLedger.letterName(msgIdOf(letter), deadAt);
                        if (ledger.contains(name)) {
                            already++;
                        } else if (sendBack(group, letter, target)) {
                            ledger.add(name, deadAt);
                            redriven++;
                        } else {
                            failed++;
                        }
                    }
                    offset = r.nextBeginOffset();
                }
            }
        }
        ledger.persist(clock.millis());
        LOG.info("FMQ-BROKER-120 re-drive of {} to {}: {} matched, {} sent back, {} already sent back, {} failed",
                dlq, target, matched, redriven, already, failed);
        return new Result(matched, redriven, already, failed);
    }

    private boolean sendBack(String group, DecodedMessage letter, String target) {
        Map<String, String> p = letter.properties();
        String origin = p.getOrDefault(MessageConst.PROPERTY_DLQ_ORIGIN_TOPIC, p.get(MessageConst.PROPERTY_RETRY_TOPIC));
        if (origin == null) {
            LOG.warn("FMQ-BROKER-121 dead letter {} names no original topic; not sent back", letter.offsetMessageId());
            return false;
        }
        String topic;
        int queues;
        if (TARGET_RETRY.equals(target)) {
            SubscriptionGroupTable.GroupConfig g = groups.findOrCreate(group, true);
            topic = DeliveryConst.retryTopic(group);
            queues = topics.ensureSystemTopic(topic, Math.max(1, g.retryQueueNums())).writeQueueNums();
        } else {
            TopicConfig t = topics.get(origin);
            if (t == null) {
                LOG.warn("FMQ-BROKER-122 dead letter {}: topic {} no longer exists here; not sent back",
                        letter.offsetMessageId(), origin);
                return false;
            }
            topic = origin;
            queues = t.writeQueueNums();
            p.remove(MessageConst.PROPERTY_RETRY_TOPIC);
        }
        FailureRecord.clearForRedrive(p);
        if (TARGET_RETRY.equals(target)) {
            p.put(MessageConst.PROPERTY_RETRY_TOPIC, origin);
        }
        p.put(DeliveryConst.PROPERTY_REDRIVEN_FROM, DeliveryConst.dlqTopic(group));
        MessageToAppend again = new MessageToAppend(topic, ThreadLocalRandom.current().nextInt(Math.max(1, queues)),
                letter.flag(), letter.body(), MessageProperties.encode(p), letter.sysFlag(), letter.bornTimestamp(),
                letter.bornHost(), letter.storeHost(), 0, 0L);
        PutResult r = store.putMessage(again);
        if (!r.isAppended()) {
            LOG.warn("FMQ-BROKER-123 sending dead letter {} back to {} failed: {} {}", letter.offsetMessageId(), topic,
                    r.status(), r.detail());
        }
        return r.isAppended();
    }

    private static String msgIdOf(DecodedMessage m) {
        String uniq = m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        return uniq != null ? uniq : m.offsetMessageId();
    }

    private static long deadAt(DecodedMessage m) {
        String at = m.property(DeliveryConst.PROPERTY_DEAD_AT_MS);
        try {
            return at == null ? m.storeTimestamp() : Long.parseLong(at);
        } catch (NumberFormatException e) {
            return m.storeTimestamp();
        }
    }
}
