package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.MessageToAppend;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The three shapes of a transactional message: the half record the send stores, the committed record END_TRANSACTION
 * stores in the real topic, and the record a back-check shows the producer (the half with its real topic and queue).
 * Stateless.
 */
public final class HalfMessageCodec {
    /** Delays do not apply to transactional messages (RocketMQ's clients drop them too): a half must stay a half. */
    private static final List<String> NOT_FOR_HALF_MESSAGES = List.of(MessageConst.PROPERTY_DELAY_TIME_LEVEL,
            MessageConst.PROPERTY_TIMER_DELIVER_MS, MessageConst.PROPERTY_TIMER_DELAY_SEC,
            MessageConst.PROPERTY_TIMER_DELAY_MS);
    /** What an XA half keeps its delay properties under, so the half itself is not delayed. */
    private static final String HELD_DELAY_PREFIX = "FMQ_XA_HELD_";
    /** Bookkeeping of the half that the committed record must not carry (protocol sheet 6.4). */
    private static final List<String> HALF_ONLY = List.of(MessageConst.PROPERTY_REAL_TOPIC,
            MessageConst.PROPERTY_REAL_QUEUE_ID, MessageConst.PROPERTY_TRANSACTION_PREPARED,
            DeliveryConst.PROPERTY_XA_BRANCH);

    private HalfMessageCodec() {
    }

    /** A send is transactional when it says so in its properties (as RocketMQ decides) or in its sysFlag. */
    public static boolean isTransactional(String properties, int sysFlag) {
        return MessageSysFlag.transactionType(sysFlag) == MessageSysFlag.TRANSACTION_PREPARED_TYPE
                || "true".equalsIgnoreCase(MessageProperties.find(properties, MessageConst.PROPERTY_TRANSACTION_PREPARED));
    }

    /**
     * The half record for a transactional send: stored in {@link TransactionTopics#HALF_TOPIC} queue 0, with the real
     * topic and queue kept in properties, the transaction id (the UNIQ_KEY) recorded and the producer group ensured.
     */
    public static MessageToAppend toHalf(MessageToAppend m, String producerGroup) {
        Map<String, String> p = MessageProperties.decode(m.properties());
        boolean xa = p.containsKey(DeliveryConst.PROPERTY_XA_BRANCH);
        for (String delay : NOT_FOR_HALF_MESSAGES) {
            String value = p.remove(delay);
            if (xa && value != null) {
                // An XA send keeps its delay (JMS delivery delay) under another name: the committed record is delayed.
                p.put(HELD_DELAY_PREFIX + delay, value);
            }
        }
        p.put(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        p.putIfAbsent(MessageConst.PROPERTY_PRODUCER_GROUP, producerGroup);
        p.put(MessageConst.PROPERTY_REAL_TOPIC, m.topic());
        p.put(MessageConst.PROPERTY_REAL_QUEUE_ID, Integer.toString(m.queueId()));
        String uniqKey = p.get(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        if (uniqKey != null) {
            p.put(MessageConst.PROPERTY_TRANSACTION_ID, uniqKey);
        }
        int sysFlag = MessageSysFlag.withTransactionType(m.sysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE);
        return new MessageToAppend(TransactionTopics.HALF_TOPIC, 0, m.flag(), m.body(), MessageProperties.encode(p),
                sysFlag, m.bornTimestamp(), m.bornHost(), m.storeHost(), m.reconsumeTimes(), 0L);
    }

    /** The record a commit stores: the half's content in its real topic and queue, marked COMMIT, pointing at the half. */
    public static MessageToAppend toCommitted(DecodedMessage half, InetSocketAddress storeHost) {
        Map<String, String> p = half.properties();
        String topic = p.get(MessageConst.PROPERTY_REAL_TOPIC);
        int queueId = Integer.parseInt(p.get(MessageConst.PROPERTY_REAL_QUEUE_ID));
        HALF_ONLY.forEach(p::remove);
        for (String delay : NOT_FOR_HALF_MESSAGES) {
            String held = p.remove(HELD_DELAY_PREFIX + delay);
            if (held != null) {
                p.put(delay, held);
            }
        }
        int sysFlag = MessageSysFlag.withTransactionType(half.sysFlag(), MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        return new MessageToAppend(topic, queueId, half.flag(), half.body(), MessageProperties.encode(p), sysFlag,
                half.bornTimestamp(), half.bornHost(), storeHost, half.reconsumeTimes(), half.physicalOffset());
    }

    /**
     * The body of CHECK_TRANSACTION_STATE: the stored half record, byte for byte, except that topic and queue id are
     * the real ones and the size is recomputed (clients pick the producer by the PGROUP property it carries).
     *
     * @param half one whole stored record, from position 0
     */
    public static byte[] checkRequestBody(ByteBuffer half, String topic, int queueId) {
        int size = half.getInt(MessageRecord.TOTAL_SIZE_POSITION);
        int magic = half.getInt(MessageRecord.MAGIC_POSITION);
        int sysFlag = half.getInt(MessageRecord.SYSFLAG_POSITION);
        int bodyLengthPos = MessageRecord.bodyLengthPosition(sysFlag);
        int topicPos = bodyLengthPos + 4 + half.getInt(bodyLengthPos);
        int oldTopicLength = magic == MessageRecord.MAGIC_V1 ? half.get(topicPos) & 0xFF : half.getShort(topicPos) & 0xFFFF;
        int propertiesPos = topicPos + (magic == MessageRecord.MAGIC_V1 ? 1 : 2) + oldTopicLength;

        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        boolean v2 = topicBytes.length > MessageRecord.MAX_V1_TOPIC_LENGTH;
        int newSize = topicPos + (v2 ? 2 : 1) + topicBytes.length + (size - propertiesPos);
        ByteBuffer out = ByteBuffer.allocate(newSize);
        out.put(half.duplicate().position(0).limit(topicPos));
        out.putInt(MessageRecord.TOTAL_SIZE_POSITION, newSize);
        out.putInt(MessageRecord.MAGIC_POSITION, v2 ? MessageRecord.MAGIC_V2 : MessageRecord.MAGIC_V1);
        out.putInt(MessageRecord.QUEUE_ID_POSITION, queueId);
        if (v2) {
            out.putShort((short) topicBytes.length);
        } else {
            out.put((byte) topicBytes.length);
        }
        out.put(topicBytes);
        out.put(half.duplicate().position(propertiesPos).limit(size));
        return out.array();
    }
}
