package io.ferrymq.jms;

import io.ferrymq.client.BatchSendException;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.Producer;
import io.ferrymq.client.SendResult;
import jakarta.jms.JMSException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends what a transacted session held when it commits. The sends are grouped by the queue each one's selector picks
 * (as for a send outside a transaction: one queue per session and destination, or per JMSXGroupID), keeping their
 * order; each group goes as SEND_BATCH_MESSAGE requests, which the broker stores whole or not at all, all groups at
 * once. A group holding a message no batch may carry (one with a delivery delay) goes one message at a time, in order,
 * on the committing thread meanwhile. When a request fails, what each destination stored is reported.
 *
 * <p>One instance per commit, used by the committing thread; the batches' answers complete on the client's threads.
 */
final class CommitSends {
    /** The sends of a commit that go to one queue, and what became of them. */
    private static final class Group {
        final FerryDestination destination;
        final MessageQueue queue;
        final List<io.ferrymq.client.Message> messages = new ArrayList<>();
        boolean oneByOne;
        CompletableFuture<List<SendResult>> batch;
        int stored;
        /** Messages that may be stored: the broker did not answer in time. */
        int unknown;
        ClientException failure;

        Group(FerryDestination destination, MessageQueue queue) {
            this.destination = destination;
            this.queue = queue;
        }
    }

    /** A commit whose sends did not all succeed; the message says, per destination, what was stored. */
    static final class Failed extends Exception {
        private final transient JMSException cause;

        private Failed(String outcome, JMSException cause) {
            super(outcome, cause);
            this.cause = cause;
        }

        /** The first failure, as the JMS exception a plain send would have thrown. */
        JMSException jmsCause() {
            return cause;
        }
    }

    private final Producer producer;
    private final List<FerrySession.PendingSend> sends;

    private CommitSends(Producer producer, List<FerrySession.PendingSend> sends) {
        this.producer = producer;
        this.sends = sends;
    }

    /** Sends {@code sends} and waits until every request is answered (each carries the producer's send timeout). */
    static void send(Producer producer, List<FerrySession.PendingSend> sends) throws Failed {
        if (!sends.isEmpty()) {
            new CommitSends(producer, sends).sendAll();
        }
    }

    private void sendAll() throws Failed {
        List<Group> groups = group();
        for (Group g : groups) {
            if (!g.oneByOne) {
                g.batch = producer.sendBatchAsync(g.messages, g.queue);
            }
        }
        boolean failed = false;
        for (Group g : groups) {
            if (g.oneByOne && !failed) {
                failed = !sendOneByOne(g, groups);
            }
        }
        for (Group g : groups) {
            if (g.batch != null) {
                awaitBatch(g);
            }
        }
        ClientException first = null;
        FerryDestination firstAt = null;
        for (Group g : groups) {
            if (g.failure != null && first == null) {
                first = g.failure;
                firstAt = g.destination;
            }
        }
        if (first != null) {
            throw new Failed(outcome(groups), JmsErrors.fromClient("sending to " + firstAt, first));
        }
    }

    /** The sends grouped by queue, in the order each queue first appears, each group in send order. */
    private List<Group> group() throws Failed {
        Map<String, List<MessageQueue>> queuesOfTopic = new HashMap<>();
        Map<MessageQueue, Group> groups = new LinkedHashMap<>();
        for (FerrySession.PendingSend p : sends) {
            String topic = p.message().topic();
            MessageQueue queue;
            try {
                List<MessageQueue> queues = queuesOfTopic.get(topic);
                if (queues == null) {
                    queues = producer.writableQueues(topic);
                    queuesOfTopic.put(topic, queues);
                }
                queue = p.queue().apply(queues);
            } catch (ClientException e) {
                throw new Failed("none of the " + sends.size() + " messages was sent (finding the queues of "
                        + p.destination() + " failed)", JmsErrors.fromClient("sending to " + p.destination(), e));
            }
            Group g = groups.computeIfAbsent(queue, q -> new Group(p.destination(), q));
            g.messages.add(p.message());
            g.oneByOne |= Producer.batchRefusal(p.message()) != null;
        }
        return new ArrayList<>(groups.values());
    }

    /** Sends a group in order until one fails or another group failed; false when this one failed. */
    private boolean sendOneByOne(Group g, List<Group> groups) {
        for (io.ferrymq.client.Message m : g.messages) {
            if (anyBatchFailed(groups)) {
                return true;
            }
            try {
                producer.send(m, g.queue);
                g.stored++;
            } catch (ClientException e) {
                g.failure = e;
                g.unknown = Producer.certainlyNotStored(e) ? 0 : 1;
                return false;
            }
        }
        return true;
    }

    /** Whether a batch already failed: then the one-by-one groups stop, as there is no commit left to save. */
    private static boolean anyBatchFailed(List<Group> groups) {
        for (Group g : groups) {
            if (g.batch != null && g.batch.isCompletedExceptionally()) {
                return true;
            }
        }
        return false;
    }

    private static void awaitBatch(Group g) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    g.batch.get();
                    g.stored = g.messages.size();
                    return;
                } catch (InterruptedException e) {
                    // What the batch stored must be known before the commit can report: its requests time out.
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof BatchSendException b) {
                        g.stored = b.storedCount();
                        g.unknown = b.unknownCount();
                        g.failure = b;
                    } else if (e.getCause() instanceof ClientException c) {
                        g.unknown = Producer.certainlyNotStored(c) ? 0 : g.messages.size();
                        g.failure = c;
                    } else {
                        g.unknown = g.messages.size();
                        g.failure = new ClientException("FMQ-JMS-644 batch send failed: " + e.getCause(), e.getCause());
                    }
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Per destination, how many of its messages were stored, were not, or may be. */
    private static String outcome(List<Group> groups) {
        Map<FerryDestination, int[]> counts = new LinkedHashMap<>();
        for (Group g : groups) {
            int[] c = counts.computeIfAbsent(g.destination, d -> new int[3]);
            c[0] += g.messages.size();
            c[1] += g.stored;
            c[2] += g.unknown;
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((destination, c) -> {
            int total = c[0];
            int stored = c[1];
            int unknown = c[2];
            int notStored = total - stored - unknown;
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(destination).append(": ");
            if (stored == total) {
                text.append("all ").append(total).append(" stored");
            } else if (stored == 0 && unknown == 0) {
                text.append("none of ").append(total).append(" stored");
            } else {
                text.append(stored).append(" of ").append(total).append(" stored");
                if (unknown > 0) {
                    text.append(", ").append(unknown).append(" unknown (no answer in time: they may be stored)");
                }
                if (notStored > 0) {
                    text.append(", ").append(notStored).append(" not stored");
                }
            }
        });
        return text.toString();
    }
}
