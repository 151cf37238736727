package io.ferrymq.jms;

import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.Producer;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A session's NON_PERSISTENT sends, which return without waiting for the broker. JMS lets a provider lose such
 * messages on a failure (JMS 3.1 §7.1), so waiting for each one's answer buys nothing the application can rely on;
 * ActiveMQ Artemis does not wait either by default. Here each queue a session sends to gets a lane: the messages for
 * it wait in order, and whenever no request of the lane is on its way, all that waited leave as one SEND_BATCH request.
 * One request per lane at a time keeps the session's order per destination (the broker stores a batch whole and in
 * order), and under load the requests carry many messages, so the sends cost far fewer round trips.
 *
 * <p>Flow control: at most {@code windowBytes} of messages may be waiting or on their way; a send beyond that waits
 * for room, up to the send timeout, then fails. A message that cannot travel in a batch (a delivery delay) never comes
 * here: the session sends it synchronously after {@link #awaitSent} so it keeps its place. A request that fails (the client
 * already retried it where nothing can have been stored) may lose its messages, logged as FMQ-JMS-674 with what the
 * broker stored; nothing else could be done with them without the application waiting.
 *
 * <p>Threads: the session's thread calls {@link #send}, {@link #awaitSent} and {@link #close}; answers arrive on the
 * client's threads. Everything shared is guarded by {@link #lock}.
 */
final class NonPersistentSends {
    private static final Logger LOG = LoggerFactory.getLogger(NonPersistentSends.class);
    /** A request carries at most this much, as a transacted commit's batches (the broker's frame limit is larger). */
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** Bytes counted per message besides its body and properties: the batch element's fixed fields, roughly. */
    private static final int OVERHEAD_BYTES = 64;

    private record Waiting(Message message, int bytes, FerryDestination destination) {
    }

    /** The messages for one queue: those waiting, and whether a request of them is on its way. */
    private static final class Lane {
        final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        boolean sending;
    }

    private final Producer producer;
    private final int windowBytes;
    private final long sendTimeoutMillis;
    private final Object lock = new Object();
    private final Map<MessageQueue, Lane> lanes = new HashMap<>();
    /** Bytes of messages waiting or on their way. */
    private long bytesOut;
    /** Lanes with a request on their way; volatile so {@link #awaitSent} costs a persistent send no lock when 0. */
    private volatile int lanesSending;
    private boolean closed;

    NonPersistentSends(Producer producer, int windowBytes, long sendTimeoutMillis) {
        this.producer = producer;
        this.windowBytes = windowBytes;
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    /** Whether {@code message} may be sent this way: the window is not off and a batch may carry the message. */
    boolean accepts(Message message) {
        return windowBytes > 0 && Producer.batchRefusal(message) == null;
    }

    /** Queues {@code message} for {@code queue}, waiting only while the window is full. */
    void send(Message message, MessageQueue queue, FerryDestination destination) throws JMSException {
        int bytes = OVERHEAD_BYTES + (message.body() == null ? 0 : message.body().length)
                + message.encodedProperties().length();
        List<Waiting> request;
        Lane lane;
        synchronized (lock) {
            // A message larger than the window goes alone once everything before it left.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
            while (!closed && bytesOut > 0 && bytesOut + bytes > windowBytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new JMSException("FMQ-JMS-673 non-persistent sends to the brokers did not make room within "
                            + sendTimeoutMillis + " ms (" + bytesOut + " bytes still out, window " + windowBytes + ")",
                            "FMQ-JMS-673");
                }
                waitOn(left);
            }
            if (closed) {
                throw JmsErrors.closed("session");
            }
            bytesOut += bytes;
            lane = lanes.computeIfAbsent(queue, q -> new Lane());
            lane.waiting.add(new Waiting(message, bytes, destination));
            if (lane.sending) {
                return;
            }
            lane.sending = true;
            lanesSending++;
            request = take(lane);
        }
        sendRequest(queue, lane, request);
    }

    /** Waits until every queued message has been answered (or failed), up to the send timeout per request. */
    void awaitSent() throws JMSException {
        if (lanesSending == 0) {
            // Written under the lock before a lane's request leaves, so a send made earlier on this thread shows.
            return;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis) * 2;
            while (lanesSending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new JMSException("FMQ-JMS-675 non-persistent sends still unanswered after "
                            + 2 * sendTimeoutMillis + " ms", "FMQ-JMS-675");
                }
                waitOn(left);
            }
        }
    }

    /** Lets what is queued leave and be answered, then refuses further sends. */
    void close() {
        try {
            awaitSent();
        } catch (JMSException e) {
            LOG.warn("FMQ-JMS-676 closing a session with non-persistent sends unanswered: {}", e.getMessage());
        }
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    private void sendRequest(MessageQueue queue, Lane lane, List<Waiting> request) {
        List<Message> messages = new ArrayList<>(request.size());
        for (Waiting w : request) {
            messages.add(w.message());
        }
        producer.sendBatchAsync(messages, queue).whenComplete((results, error) -> {
            if (error != null) {
                LOG.warn("FMQ-JMS-674 {} non-persistent messages to {} may not have been stored: {}", request.size(),
                        request.get(0).destination(), error.getMessage());
            }
            List<Waiting> next;
            synchronized (lock) {
                for (Waiting w : request) {
                    bytesOut -= w.bytes();
                }
                next = take(lane);
                if (next.isEmpty()) {
                    lane.sending = false;
                    lanesSending--;
                }
                lock.notifyAll();
            }
            if (!next.isEmpty()) {
                sendRequest(queue, lane, next);
            }
        });
    }

    /** What waits in {@code lane}, up to one request's size (at least one message). Caller holds the lock. */
    private static List<Waiting> take(Lane lane) {
        List<Waiting> request = new ArrayList<>();
        int bytes = 0;
        Waiting next;
        while ((next = lane.waiting.peekFirst()) != null && (request.isEmpty() || bytes + next.bytes() <= MAX_REQUEST_BYTES)) {
            request.add(lane.waiting.pollFirst());
            bytes += next.bytes();
        }
        return request;
    }

    private void waitOn(long nanos) throws JMSException {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("FMQ-JMS-677 interrupted while waiting for non-persistent sends", "FMQ-JMS-677");
        }
    }
}
