package io.ferrymq.broker.processor;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.store.MessageToAppend;

import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SEND_BATCH_MESSAGE body (sheet 5.4) into messages for one queue:
 * {@code [int totalSize][int magic][int bodyCRC][int flag][int bodyLen][body][short propLen][props]} per element.
 * Refuses malformed bodies with IllegalArgumentException naming the problem. Stateless.
 */
final class BatchDecoder {
    private BatchDecoder() {
    }

    static List<MessageToAppend> decode(byte[] body, SendMessageRequestHeader h, int queueId,
                                        InetSocketAddress bornHost, InetSocketAddress storeHost, String extraProperties) {
        if (h.topic.startsWith("%RETRY%")) {
            throw new IllegalArgumentException("batch request does not support retry group " + h.topic);
        }
        List<MessageToAppend> messages = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(body);
        try {
            while (b.hasRemaining()) {
                int start = b.position();
                int totalSize = b.getInt();
                if (totalSize < 22 || totalSize > b.remaining() + 4) {
                    throw new IllegalArgumentException("batch element at byte " + start + " declares size " + totalSize);
                }
                b.getInt(); // magic, unused in batches
                b.getInt(); // body CRC, recomputed by the store
                int flag = b.getInt();
                int bodyLength = b.getInt();
                if (bodyLength < 0 || bodyLength > b.remaining()) {
                    throw new IllegalArgumentException("batch element at byte " + start + " has body length " + bodyLength);
                }
                byte[] elementBody = new byte[bodyLength];
                b.get(elementBody);
                int propsLength = b.getShort();
                if (propsLength < 0 || propsLength > b.remaining()) {
                    throw new IllegalArgumentException("batch element at byte " + start + " has properties length " + propsLength);
                }
                byte[] props = new byte[propsLength];
                b.get(props);
                if (b.position() - start != totalSize) {
                    throw new IllegalArgumentException("batch element at byte " + start + " parts do not add up to " + totalSize);
                }
                String properties = MessageProperties.terminated(new String(props, StandardCharsets.UTF_8));
                if (MessageProperties.find(properties, MessageConst.PROPERTY_DELAY_TIME_LEVEL) != null) {
                    throw new IllegalArgumentException("a batch may not carry delayed messages");
                }
                if (MessageProperties.find(properties, MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
                    properties = properties + MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX
                            + MessageProperties.NAME_VALUE_SEPARATOR + UniqueMessageIds.next()
                            + MessageProperties.PROPERTY_SEPARATOR;
                }
                messages.add(new MessageToAppend(h.topic, queueId, flag, elementBody, properties + extraProperties,
                        h.sysFlag, h.bornTimestamp, bornHost, storeHost, 0, 0L));
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("batch body is truncated");
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("batch body holds no message");
        }
        return messages;
    }

    /** Bytes the store uses for this message's record, to compute each record's offset id in a batch. */
    static int storedLength(MessageToAppend m) {
        int sysFlag = m.sysFlag() & ~0x30;
        if (m.bornHost().getAddress().getAddress().length == 16) {
            sysFlag |= 0x10;
        }
        if (m.storeHost().getAddress().getAddress().length == 16) {
            sysFlag |= 0x20;
        }
        return MessageRecord.recordLength(sysFlag, m.body().length, m.topic().getBytes(StandardCharsets.UTF_8).length,
                m.properties().getBytes(StandardCharsets.UTF_8).length);
    }
}
