package io.ferrymq.client;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.remoting.ResponseCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one SEND_BATCH_MESSAGE request and its body, laid out as the official client's MessageBatch
 * encodes it: per message {@code int totalSize, int magic (0), int bodyCRC (0), int flag, int bodyLength, body,
 * short propertiesLength, properties} (the broker computes the CRC when it stores the record). Immutable once built.
 */
final class MessageBatch {
    /** totalSize, magic, body CRC, flag, body length, properties length. */
    private static final int FIXED_BYTES = 4 + 4 + 4 + 4 + 4 + 2;
    /** Properties travel behind a signed short length. */
    private static final int MAX_PROPERTIES_BYTES = Short.MAX_VALUE;

    private final List<Message> messages;
    private final byte[] body;

    private MessageBatch(List<Message> messages, byte[] body) {
        this.messages = messages;
        this.body = body;
    }

    List<Message> messages() {
        return messages;
    }

    int size() {
        return messages.size();
    }

    byte[] body() {
        return body;
    }

    /** The messages' UNIQ_KEYs, comma-joined in order: the msgId of the batch's send result, as RocketMQ's client has it. */
    String uniqueKeys() {
        StringBuilder ids = new StringBuilder();
        for (Message m : messages) {
            if (!ids.isEmpty()) {
                ids.append(',');
            }
            ids.append(m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        }
        return ids.toString();
    }

    /** Why {@code message} may not travel in a batch (the broker would refuse the whole batch for it); null if it may. */
    static String refusal(Message message) {
        if ("true".equals(message.property(MessageConst.PROPERTY_TRANSACTION_PREPARED))) {
            return "a transactional message cannot travel in a batch; send it with a TransactionProducer";
        }
        String level = message.property(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        if ((level != null && !level.trim().equals("0"))
                || message.property(MessageConst.PROPERTY_TIMER_DELIVER_MS) != null
                || message.property(MessageConst.PROPERTY_TIMER_DELAY_MS) != null
                || message.property(MessageConst.PROPERTY_TIMER_DELAY_SEC) != null) {
            return "a delayed message (delay level or deliver time) cannot travel in a batch; send it on its own";
        }
        if (message.topic().startsWith("%RETRY%")) {
            return "a batch cannot go to retry topic " + message.topic();
        }
        return null;
    }

    /**
     * Checks {@code messages} (not empty, one topic, each one batchable), gives each message without a UNIQ_KEY one
     * (the id its consumers see, as a single send does) and cuts the list, in order, into requests whose body holds
     * at most {@code maxBytes}; a message larger than that alone travels in a request of its own.
     *
     * @throws ClientException MESSAGE_ILLEGAL naming the first problem; nothing was changed or sent then
     */
    static List<MessageBatch> split(List<Message> messages, int maxBytes) throws ClientException {
        if (messages == null || messages.isEmpty()) {
            throw refused("an empty batch has nothing to send");
        }
        String topic = messages.get(0).topic();
        List<byte[]> properties = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!m.topic().equals(topic)) {
                throw refused("a batch goes to one topic, but message " + i + " goes to " + m.topic() + ", not "
                        + topic);
            }
            String refusal = refusal(m);
            if (refusal != null) {
                throw refused("message " + i + ": " + refusal);
            }
            byte[] encoded = m.encodedProperties().getBytes(StandardCharsets.UTF_8);
            // Room for the UNIQ_KEY added below (name, separators and a 32-character id).
            if (encoded.length + 64 > MAX_PROPERTIES_BYTES) {
                throw refused("message " + i + " has " + encoded.length + " bytes of properties; at most "
                        + (MAX_PROPERTIES_BYTES - 64) + " fit a batch element");
            }
            properties.add(encoded);
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.property(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX) == null) {
                m.putProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, UniqueMessageIds.next());
                properties.set(i, m.encodedProperties().getBytes(StandardCharsets.UTF_8));
            }
        }
        List<MessageBatch> requests = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < messages.size(); i++) {
            int size = FIXED_BYTES + messages.get(i).body().length + properties.get(i).length;
            if (i > from && (long) bytes + size > maxBytes) {
                requests.add(encode(messages.subList(from, i), properties.subList(from, i), bytes));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        requests.add(encode(messages.subList(from, messages.size()), properties.subList(from, messages.size()), bytes));
        return requests;
    }

    private static MessageBatch encode(List<Message> messages, List<byte[]> properties, int bytes) {
        ByteBuffer body = ByteBuffer.allocate(bytes);
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            byte[] props = properties.get(i);
            body.putInt(FIXED_BYTES + m.body().length + props.length)
                    .putInt(0)
                    .putInt(0)
                    .putInt(m.flag())
                    .putInt(m.body().length)
                    .put(m.body())
                    .putShort((short) props.length)
                    .put(props);
        }
        return new MessageBatch(List.copyOf(messages), body.array());
    }

    private static ClientException refused(String why) {
        return new ClientException(ResponseCode.MESSAGE_ILLEGAL, "FMQ-CLIENT-016 batch not sent: " + why);
    }
}
