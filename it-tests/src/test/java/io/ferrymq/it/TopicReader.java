package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.ReceivedMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads everything a topic holds right now, from the first message of every queue to the end, with a fresh pull
 * consumer: what any consumer would ever be delivered, for tests that must show a message is there exactly once or
 * not at all.
 */
final class TopicReader {
    private TopicReader() {
    }

    /** The bodies of every message in {@code topic}, as text, in no particular order. */
    static List<String> bodies(ClientConfig config, String topic) throws Exception {
        Map<MessageQueue, Long> ends = new HashMap<>();
        try (AdminClient admin = new AdminClient(config)) {
            admin.start();
            for (AdminClient.QueueLag q : admin.consumerLag("topic-reader", topic)) {
                ends.put(q.queue(), q.brokerOffset());
            }
        }
        List<String> bodies = new ArrayList<>();
        try (PullConsumer reader = new PullConsumer("reader-" + UUID.randomUUID(), config)) {
            reader.start();
            List<MessageQueue> queues = reader.queuesOf(topic);
            reader.assign(queues);
            for (MessageQueue q : queues) {
                reader.seekToBeginning(q);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!allRead(reader, queues, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + ends + "; got " + bodies);
                }
                for (ReceivedMessage m : reader.poll(500)) {
                    bodies.add(new String(m.body(), StandardCharsets.UTF_8));
                }
            }
        }
        return bodies;
    }

    private static boolean allRead(PullConsumer reader, List<MessageQueue> queues, Map<MessageQueue, Long> ends) {
        for (MessageQueue q : queues) {
            if (reader.position(q) < ends.getOrDefault(q, 0L)) {
                return false;
            }
        }
        return true;
    }
}
