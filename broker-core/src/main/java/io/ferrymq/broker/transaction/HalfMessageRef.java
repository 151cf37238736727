package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.SelectedBuffer;

/**
 * A stored half record, read back and found to be a usable half message (in the half topic, with real topic, queue
 * and producer group). Immutable.
 */
record HalfMessageRef(DecodedMessage record, String transactionId, String topic, String producerGroup) {

    /**
     * The half message stored at {@code commitLogOffset}, or null when there is none there: nothing stored at that
     * offset (offsets come from clients and may be anything), not a whole record, or not a half message.
     */
    static HalfMessageRef read(MessageStore store, long commitLogOffset) {
        if (commitLogOffset < 0) {
            return null;
        }
        try (SelectedBuffer selected = store.lookupMessage(commitLogOffset)) {
            if (selected == null) {
                return null;
            }
            MessageRecord.Check check = MessageRecord.validate(selected.buffer(), 0, selected.size(), commitLogOffset, false);
            if (check.kind() != MessageRecord.Kind.RECORD) {
                return null;
            }
            return of(MessageRecord.decode(selected.buffer(), 0));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** The record as a half message, or null when it is not one. */
    static HalfMessageRef of(DecodedMessage record) {
        HalfMessage usable = HalfMessage.of(record);
        if (usable == null) {
            return null;
        }
        return new HalfMessageRef(record, usable.transactionId, usable.topic,
                record.property(MessageConst.PROPERTY_PRODUCER_GROUP));
    }

    long commitLogOffset() {
        return record.physicalOffset();
    }

    long queueOffset() {
        return record.queueOffset();
    }
}
