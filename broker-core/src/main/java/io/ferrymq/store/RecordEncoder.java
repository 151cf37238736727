package io.ferrymq.store;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes messages into stored records, outside the append lock: all but the queue offset, commit-log
 * offset and store time, which {@link CommitLog} patches in under its lock. One encoder per appending
 * thread (held in a ThreadLocal); its buffer grows to the largest message seen and is reused, and it keeps
 * the encoded topic and addresses of the previous message (the cached arrays are never written).
 */
final class RecordEncoder {
    private static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    private static final byte[] NO_BYTES = new byte[0];

    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int[] recordStarts = new int[16];
    private int recordCount;
    /*
     * The encoded topic and host addresses of the previous message. A producer thread usually sends to one
     * topic from one address, and InetAddress.getAddress() and String.getBytes() allocate a copy per call.
     */
    private String lastTopic;
    private byte[] lastTopicBytes;
    private InetAddress lastBornAddress;
    private byte[] lastBornIp;
    private InetAddress lastStoreAddress;
    private byte[] lastStoreIp;

    /** Why a message cannot be encoded; null when it can. */
    static String rejectReason(MessageToAppend m, int maxMessageSize) {
        if (m.body().length > maxMessageSize) {
            return "FMQ-STORE-101 message body of " + m.body().length + " bytes exceeds maxMessageSize "
                    + maxMessageSize + "; split the payload or raise maxMessageSize";
        }
        if (m.properties().length() * 3 > MAX_PROPERTIES_LENGTH
                && m.properties().getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_LENGTH) {
            return "FMQ-STORE-102 message properties exceed " + MAX_PROPERTIES_LENGTH + " bytes";
        }
        return null;
    }

    /** Encodes one message; {@link #buffer()} then holds exactly its record. */
    void encode(MessageToAppend m) {
        buffer.clear();
        recordCount = 0;
        append(m);
        buffer.flip();
    }

    /** Encodes a batch back to back; {@link #recordStart(int)} tells where each record begins. */
    void encode(List<MessageToAppend> batch) {
        buffer.clear();
        recordCount = 0;
        for (MessageToAppend m : batch) {
            append(m);
        }
        buffer.flip();
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int recordCount() {
        return recordCount;
    }

    int recordStart(int i) {
        return recordStarts[i];
    }

    private void append(MessageToAppend m) {
        byte[] topic = topicBytes(m.topic());
        byte[] props = m.properties().isEmpty() ? NO_BYTES : m.properties().getBytes(StandardCharsets.UTF_8);
        byte[] bornIp = bornIp(m.bornHost().getAddress());
        byte[] storeIp = storeIp(m.storeHost().getAddress());
        int sysFlag = m.sysFlag() & ~(MessageSysFlag.BORNHOST_V6 | MessageSysFlag.STOREHOST_V6);
        if (bornIp.length == 16) {
            sysFlag |= MessageSysFlag.BORNHOST_V6;
        }
        if (storeIp.length == 16) {
            sysFlag |= MessageSysFlag.STOREHOST_V6;
        }
        byte[] body = m.body();
        int length = MessageRecord.recordLength(sysFlag, body.length, topic.length, props.length);
        ensureRoom(length);
        if (recordCount == recordStarts.length) {
            recordStarts = java.util.Arrays.copyOf(recordStarts, recordCount * 2);
        }
        recordStarts[recordCount++] = buffer.position();

        buffer.putInt(length);
        buffer.putInt(topic.length > MessageRecord.MAX_V1_TOPIC_LENGTH ? MessageRecord.MAGIC_V2 : MessageRecord.MAGIC_V1);
        buffer.putInt(MessageRecord.bodyCrc(body));
        buffer.putInt(m.queueId());
        buffer.putInt(m.flag());
        buffer.putLong(0L); // queue offset, patched under the lock
        buffer.putLong(0L); // commit-log offset, patched under the lock
        buffer.putInt(sysFlag);
        buffer.putLong(m.bornTimestamp());
        putHost(bornIp, m.bornHost());
        buffer.putLong(0L); // store timestamp, patched under the lock
        putHost(storeIp, m.storeHost());
        buffer.putInt(m.reconsumeTimes());
        buffer.putLong(m.preparedTransactionOffset());
        buffer.putInt(body.length);
        buffer.put(body);
        if (topic.length > MessageRecord.MAX_V1_TOPIC_LENGTH) {
            buffer.putShort((short) topic.length);
        } else {
            buffer.put((byte) topic.length);
        }
        buffer.put(topic);
        buffer.putShort((short) props.length);
        buffer.put(props);
    }

    private byte[] topicBytes(String topic) {
        if (topic != lastTopic && !topic.equals(lastTopic)) {
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
            lastTopic = topic;
        }
        return lastTopicBytes;
    }

    private byte[] bornIp(InetAddress address) {
        if (address != lastBornAddress) {
            lastBornIp = address.getAddress();
            lastBornAddress = address;
        }
        return lastBornIp;
    }

    private byte[] storeIp(InetAddress address) {
        if (address != lastStoreAddress) {
            lastStoreIp = address.getAddress();
            lastStoreAddress = address;
        }
        return lastStoreIp;
    }

    private void putHost(byte[] ip, InetSocketAddress host) {
        buffer.put(ip);
        buffer.putInt(host.getPort());
    }

    private void ensureRoom(int length) {
        if (buffer.remaining() < length) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + length);
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
