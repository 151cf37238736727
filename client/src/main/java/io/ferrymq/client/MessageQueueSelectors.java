package io.ferrymq.client;

import java.util.List;
import java.util.function.Function;

/**
 * Queue selectors for {@link Producer#send(Message, Function)}. Stateless.
 */
public final class MessageQueueSelectors {
    private MessageQueueSelectors() {
    }

    /**
     * Sends every message with the same key to the same queue, so an orderly consumer sees them in send order:
     * the queue at {@code floorMod(key.hashCode(), queues)} of the topic's writable queues (sorted by broker and
     * queue id). {@link String#hashCode()} is fixed by the Java specification, so every producer, in any JVM,
     * maps a key to the same queue while the topic's queues stay the same; adding queues or losing a broker
     * moves keys.
     */
    public static Function<List<MessageQueue>, MessageQueue> byKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("FMQ-CLIENT-200 an ordering key is required");
        }
        int hash = key.hashCode();
        return queues -> queues.get(Math.floorMod(hash, queues.size()));
    }
}
