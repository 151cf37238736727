package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.client.impl.PullApi;
import io.ferrymq.remoting.protocol.route.TopicRouteData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * FerryMQ's native pull consumer: the application assigns queues, seeks, polls and commits. Positions
 * start at the group's committed offset (or the queue's first offset when there is none). Not thread-safe:
 * one thread drives it, as with Kafka's consumer.
 */
public final class PullConsumer implements AutoCloseable {
    private static final long IDLE_PAUSE_MILLIS = 20;

    private final String group;
    private final ClientInstance client;
    private final PullApi api;
    private final Map<MessageQueue, Long> positions = new LinkedHashMap<>();
    private int pullBatchSize = 32;
    private int next;

    public PullConsumer(String group, ClientConfig config) {
        this.group = group;
        this.client = new ClientInstance(config);
        this.api = new PullApi(client);
    }

    public void start() throws ClientException {
        client.start();
    }

    public PullConsumer setPullBatchSize(int size) {
        this.pullBatchSize = size;
        return this;
    }

    /** Every readable queue of the topic, in a stable order. */
    public List<MessageQueue> queuesOf(String topic) throws ClientException {
        TopicRouteData route = client.refreshRoute(topic);
        if (route == null) {
            throw new ClientException(17, "FMQ-CLIENT-050 topic " + topic + " does not exist");
        }
        return MessageQueue.readableQueuesOf(topic, route);
    }

    /** Consumes exactly these queues from now on, each from its committed offset or its first message. */
    public void assign(Collection<MessageQueue> queues) throws ClientException {
        Map<MessageQueue, Long> kept = new LinkedHashMap<>();
        for (MessageQueue mq : queues) {
            Long known = positions.get(mq);
            if (known == null) {
                long committed = api.queryOffset(group, mq);
                known = committed >= 0 ? committed : api.minOffset(mq);
            }
            kept.put(mq, known);
        }
        positions.clear();
        positions.putAll(kept);
    }

    public Set<MessageQueue> assignment() {
        return Set.copyOf(positions.keySet());
    }

    public void seek(MessageQueue mq, long offset) {
        if (!positions.containsKey(mq)) {
            throw new IllegalStateException("FMQ-CLIENT-051 " + mq + " is not assigned");
        }
        positions.put(mq, offset);
    }

    public void seekToBeginning(MessageQueue mq) throws ClientException {
        seek(mq, api.minOffset(mq));
    }

    public void seekToEnd(MessageQueue mq) throws ClientException {
        seek(mq, api.maxOffset(mq));
    }

    public long position(MessageQueue mq) {
        return positions.get(mq);
    }

    /** Messages from the assigned queues, waiting up to {@code timeoutMillis} for at least one. */
    public List<ReceivedMessage> poll(long timeoutMillis) throws ClientException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<MessageQueue> queues = new ArrayList<>(positions.keySet());
        if (queues.isEmpty()) {
            throw new IllegalStateException("FMQ-CLIENT-052 assign queues before polling");
        }
        do {
            for (int i = 0; i < queues.size(); i++) {
                MessageQueue mq = queues.get(Math.floorMod(next++, queues.size()));
                PullApi.PullResult r = pullNow(mq);
                if (r.status() == PullApi.PullResult.Status.OFFSET_ILLEGAL || r.status() != PullApi.PullResult.Status.FOUND) {
                    positions.put(mq, r.nextBeginOffset());
                    continue;
                }
                positions.put(mq, r.nextBeginOffset());
                if (!r.messages().isEmpty()) {
                    return r.messages();
                }
            }
            try {
                Thread.sleep(IDLE_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        } while (System.currentTimeMillis() < deadline);
        return List.of();
    }

    private PullApi.PullResult pullNow(MessageQueue mq) throws ClientException {
        try {
            return api.pull(group, mq, positions.get(mq), pullBatchSize, "*", null, 0, -1).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
            if (cause instanceof ClientException ce) {
                throw ce;
            }
            throw new ClientException("FMQ-CLIENT-053 pull of " + mq + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted", e);
        }
    }

    /** Stores the current positions as the group's committed offsets. */
    public void commitSync() throws ClientException {
        for (Map.Entry<MessageQueue, Long> e : positions.entrySet()) {
            api.commitOffset(group, e.getKey(), e.getValue(), false);
        }
    }

    public long committed(MessageQueue mq) throws ClientException {
        return api.queryOffset(group, mq);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
