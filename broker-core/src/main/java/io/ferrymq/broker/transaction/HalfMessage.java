package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageConst;

/**
 * One unresolved half message as the broker tracks it: what identifies it (immutable) and how far its back-check has
 * gone (mutable, guarded by the owning {@link HalfMessageTable}'s lock; read it only through that table).
 */
final class HalfMessage {
    /** Where the half is in its lifecycle. RESOLVING: a commit or rollback is being stored. */
    enum State { PENDING, PARKED, RESOLVING }

    final long commitLogOffset;
    final long queueOffset;
    final String topic;
    final int queueId;
    final String producerGroup;
    final String transactionId;
    final String keys;
    final long bornTimestamp;
    final long storeTimestamp;
    /** From CHECK_IMMUNITY_TIME_IN_SECONDS: how old the half must be before its first check; -1 when not set. */
    final long checkImmunityMillis;
    /** The XA branch the half belongs to, or null: such a half is never checked (its branch settles it). */
    final String xaBranch;

    State state = State.PENDING;
    State stateBeforeResolving;
    int checks;
    long lastCheckTimestamp;
    CheckAnswer lastAnswer = CheckAnswer.NONE;
    /** Where the last check was sent ("ip:port"), for operators. */
    String lastCheckedAt;

    private HalfMessage(DecodedMessage half, String topic, int queueId, long checkImmunityMillis) {
        this.commitLogOffset = half.physicalOffset();
        this.queueOffset = half.queueOffset();
        this.topic = topic;
        this.queueId = queueId;
        this.producerGroup = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
        String uniqKey = half.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX);
        this.transactionId = uniqKey != null ? uniqKey : half.offsetMessageId();
        this.keys = half.property(MessageConst.PROPERTY_KEYS);
        this.bornTimestamp = half.bornTimestamp();
        this.storeTimestamp = half.storeTimestamp();
        this.checkImmunityMillis = checkImmunityMillis;
        this.xaBranch = half.property(DeliveryConst.PROPERTY_XA_BRANCH);
    }

    /**
     * The entry for a stored half record, or null when the record is not a usable half message (no real topic or
     * queue, no producer group): such a record can be neither checked nor committed.
     */
    static HalfMessage of(DecodedMessage half) {
        String topic = half.property(MessageConst.PROPERTY_REAL_TOPIC);
        String queue = half.property(MessageConst.PROPERTY_REAL_QUEUE_ID);
        String group = half.property(MessageConst.PROPERTY_PRODUCER_GROUP);
        if (topic == null || queue == null || group == null || !TransactionTopics.HALF_TOPIC.equals(half.topic())) {
            return null;
        }
        int queueId;
        try {
            queueId = Integer.parseInt(queue.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        return queueId < 0 ? null : new HalfMessage(half, topic, queueId, immunityMillis(half));
    }

    private static long immunityMillis(DecodedMessage half) {
        String raw = half.property("CHECK_IMMUNITY_TIME_IN_SECONDS");
        if (raw == null) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(raw.trim())) * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    HalfMessageStatus status(long now) {
        State shown = state == State.RESOLVING ? stateBeforeResolving : state;
        return new HalfMessageStatus(transactionId, topic, queueId, producerGroup, keys, commitLogOffset, queueOffset,
                bornTimestamp, storeTimestamp, now - storeTimestamp, checks, lastCheckTimestamp, lastAnswer,
                lastCheckedAt, shown == State.PARKED, xaBranch);
    }
}
