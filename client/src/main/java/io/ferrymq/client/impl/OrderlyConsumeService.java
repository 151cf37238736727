package io.ferrymq.client.impl;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.OrderlyMessageListener;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.util.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Orderly consumption for a push consumer (RocketMQ's {@code MessageListenerOrderly} model). In clustering mode a
 * queue is consumed only while this client holds its lock at the broker: the lock is taken before the queue's
 * committed offset is read, renewed every {@code lockRenewIntervalMillis}, and a queue whose lock could not be
 * renewed for {@code lockLocalExpiryMillis} (kept below the broker's lock lifetime) or that the broker says
 * another client holds is dropped at once: its buffered messages are discarded, its offset is not committed, and
 * the consumer takes it again later from the committed offset. A queue given away by a rebalance is handed over
 * only after its current message is done: offset committed (synchronously), then unlocked. So a queue is never
 * consumed by two clients at once and never out of order; after a crash the next owner may repeat what the dead
 * one consumed after its last commit.
 *
 * <p>Each queue's messages wait in offset order; one task at a time consumes a queue, one message after the
 * other. A failed message suspends its queue for {@code suspendMillis} and is delivered again; after
 * {@code maxReconsumeTimes} redeliveries it is sent to the group's dead-letter queue, and only once the broker
 * confirms that does the queue move past it.
 *
 * <p>Threads: the consumer's rebalance calls {@link #take}/{@link #release}; pull callbacks call {@link #submit};
 * consume threads run the queues; one control thread renews locks, commits offsets, hands queues over and
 * resumes suspended queues, so every offset commit and unlock of this service is made by that one thread.
 */
public final class OrderlyConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderlyConsumeService.class);
    /** A queue with a steady stream yields its thread this often, so queues beyond the thread count get turns. */
    private static final long MAX_CONTINUOUS_CONSUME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long HANDOVER_RETRY_MILLIS = 20;
    private static final long REBALANCE_SOON_MILLIS = 500;

    /** How orderly consumption behaves; see the consumer's setters. */
    public record Settings(boolean clustering, int consumeThreads, int maxReconsumeTimes, long suspendMillis,
                           long lockRenewIntervalMillis, long lockLocalExpiryMillis) {
    }

    /** Starts consuming a newly locked queue from the offset it returns. */
    @FunctionalInterface
    public interface StartOffset {
        long get(MessageQueue mq) throws ClientException;
    }

    private final String group;
    private final ClientInstance client;
    private final PullApi api;
    private final QueueLockApi locks;
    private final DeadLetterSender deadLetters;
    private final OrderlyMessageListener listener;
    private final Settings settings;
    private final Runnable rebalance;
    private final Consumer<ProcessQueue> onLost;
    private final Map<MessageQueue, QueueRun> runs = new ConcurrentHashMap<>();
    private final ExecutorService consumeThreads;
    private final ScheduledExecutorService control;
    private final AtomicBoolean rebalanceScheduled = new AtomicBoolean();
    private volatile boolean stopped;

    /**
     * @param rebalance runs the consumer's rebalance; called soon after a lock was refused, as the holder is
     *                  probably handing the queue over right now
     * @param onLost    tells the consumer a queue was dropped because its lock was lost, so it stops pulling it
     *                  and takes it again when it can
     */
    public OrderlyConsumeService(String group, ClientInstance client, PullApi api, OrderlyMessageListener listener,
                                 Settings settings, Runnable rebalance, Consumer<ProcessQueue> onLost) {
        this.group = group;
        this.client = client;
        this.api = api;
        this.locks = new QueueLockApi(client);
        this.deadLetters = new DeadLetterSender(client, group);
        this.listener = listener;
        this.settings = settings;
        this.rebalance = rebalance;
        this.onLost = onLost;
        this.consumeThreads = new ThreadPoolExecutor(settings.consumeThreads(), settings.consumeThreads(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.factory("ferrymq-orderly-" + group));
        this.control = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-orderly-control-" + group));
    }

    public void start() {
        if (settings.clustering()) {
            control.scheduleWithFixedDelay(this::renewLocks, settings.lockRenewIntervalMillis(),
                    settings.lockRenewIntervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Locks {@code mq} (clustering) and starts a queue from the offset {@code startOffset} gives once the lock is
     * held; null when the broker refused the lock or the previous run of the queue is still being handed over,
     * in which case a rebalance follows shortly.
     */
    public ProcessQueue take(MessageQueue mq, StartOffset startOffset) throws ClientException {
        if (stopped) {
            return null;
        }
        if (runs.containsKey(mq)) {
            rebalanceSoon();
            return null;
        }
        long lockedAt = nowMillis();
        if (settings.clustering() && !locks.lock(mq.brokerName(), group, List.of(mq)).contains(mq)) {
            LOG.info("FMQ-CLIENT-204 {} could not lock {}: another member holds it; trying again shortly", group, mq);
            rebalanceSoon();
            return null;
        }
        ProcessQueue pq;
        try {
            pq = new ProcessQueue(mq, startOffset.get(mq));
        } catch (ClientException | RuntimeException e) {
            unlockQuietly(mq);
            throw e;
        }
        QueueRun run = new QueueRun(pq);
        run.lockedAt = lockedAt;
        runs.put(mq, run);
        // Record where consumption starts: should this member die before its first periodic commit, the next
        // owner resumes here instead of applying its own consume-from rule (which might skip to the end).
        onControlThread(() -> commitNow(run));
        return pq;
    }

    /** Queues pulled messages of {@code pq} for consumption in offset order. */
    public void submit(ProcessQueue pq, List<ReceivedMessage> messages) {
        QueueRun run = runs.get(pq.queue());
        if (run == null || run.pq != pq || pq.isDropped()) {
            return;
        }
        boolean schedule;
        synchronized (run) {
            for (ReceivedMessage m : messages) {
                pq.delivered(m.queueOffset());
                run.waiting.put(m.queueOffset(), m);
            }
            schedule = !run.scheduled && !run.waiting.isEmpty();
            run.scheduled |= schedule;
        }
        if (schedule) {
            execute(run);
        }
    }

    /**
     * Gives {@code pq} up (a rebalance assigned it elsewhere): once its current message is done, commits its
     * offset and unlocks it at the broker. The caller has dropped it already.
     */
    public void release(ProcessQueue pq) {
        QueueRun run = runs.get(pq.queue());
        if (run != null && run.pq == pq) {
            onControlThread(() -> handOver(run));
        }
    }

    /** Commits the offset of {@code pq} on the control thread (clustering); the consumer calls this periodically. */
    public void commit(ProcessQueue pq) {
        QueueRun run = runs.get(pq.queue());
        if (run != null && run.pq == pq && !pq.isDropped()) {
            onControlThread(() -> commitNow(run));
        }
    }

    /** Stops consuming: no message starts after this; waits up to 10 s for the ones being consumed. */
    public void shutdown() {
        stopped = true;
        consumeThreads.shutdown();
        try {
            consumeThreads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After {@link #shutdown()} and the consumer's final commits: unlocks every queue held. */
    public void unlockAll() {
        control.shutdownNow();
        if (settings.clustering()) {
            for (MessageQueue mq : runs.keySet()) {
                unlockQuietly(mq);
            }
        }
        runs.clear();
    }

    // ------------------------------------------------------------------ consuming

    private void execute(QueueRun run) {
        try {
            consumeThreads.execute(() -> consume(run));
        } catch (RejectedExecutionException e) {
            // Shutting down: the queue's messages stay unconsumed and uncommitted.
        }
    }

    /** Consumes {@code run}'s waiting messages in order until none is left, one fails, or the queue is given up. */
    private void consume(QueueRun run) {
        run.consumeLock.lock();
        try {
            long started = System.nanoTime();
            while (true) {
                if (stopped || run.pq.isDropped()) {
                    markIdle(run);
                    return;
                }
                if (settings.clustering() && nowMillis() - run.lockedAt > settings.lockLocalExpiryMillis()) {
                    markIdle(run);
                    lose(run, "its lock was not renewed for " + settings.lockLocalExpiryMillis() + " ms");
                    return;
                }
                ReceivedMessage m;
                synchronized (run) {
                    Map.Entry<Long, ReceivedMessage> first = run.waiting.firstEntry();
                    if (first == null) {
                        run.scheduled = false;
                        return;
                    }
                    m = first.getValue();
                }
                String failure = deliver(m, run.failures + 1);
                if (failure == null) {
                    done(run, m);
                } else if (!onFailure(run, m, failure)) {
                    return;
                }
                if (System.nanoTime() - started > MAX_CONTINUOUS_CONSUME_NANOS) {
                    execute(run);
                    return;
                }
            }
        } finally {
            run.consumeLock.unlock();
        }
    }

    /** Null when the listener consumed the message, else why it did not. */
    private String deliver(ReceivedMessage m, int deliveryCount) {
        try {
            OrderlyMessageListener.Result result = listener.consume(m, deliveryCount);
            return result == OrderlyMessageListener.Result.SUCCESS ? null : "the listener asked to suspend the queue";
        } catch (Exception | AssertionError e) {
            LOG.warn("FMQ-CLIENT-205 orderly listener of {} failed on {} (delivery {}): {}", group, m.msgId(),
                    deliveryCount, e.toString());
            return e.toString();
        }
    }

    /**
     * A failed message: dead-lettered once it has used up its redeliveries (the queue moves on only if the
     * broker took it), otherwise the queue is suspended and the message comes again.
     *
     * @return true when the consume loop may go on with the next message
     */
    private boolean onFailure(QueueRun run, ReceivedMessage m, String failure) {
        run.failures++;
        if (run.failures > settings.maxReconsumeTimes() && deadLetters.send(m, run.failures, failure)) {
            LOG.warn("FMQ-CLIENT-206 {} sent {} of {} to its dead-letter queue after {} failed deliveries", group,
                    m.msgId(), run.pq.queue(), run.failures);
            done(run, m);
            return true;
        }
        // The task stays scheduled while suspended, so no other task starts on this queue meanwhile.
        try {
            control.schedule(() -> execute(run), settings.suspendMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            markIdle(run);
        }
        return false;
    }

    private void done(QueueRun run, ReceivedMessage m) {
        run.failures = 0;
        synchronized (run) {
            run.waiting.remove(m.queueOffset());
        }
        run.pq.consumed(m.queueOffset());
    }

    private static void markIdle(QueueRun run) {
        synchronized (run) {
            run.scheduled = false;
        }
    }

    // ------------------------------------------------------------------ locks and offsets (control thread)

    /** Renews every held queue's lock; a queue the broker no longer gives this client is dropped at once. */
    private void renewLocks() {
        Map<String, List<QueueRun>> byBroker = new TreeMap<>();
        for (QueueRun run : runs.values()) {
            if (!run.pq.isDropped()) {
                byBroker.computeIfAbsent(run.pq.queue().brokerName(), b -> new ArrayList<>()).add(run);
            }
        }
        for (Map.Entry<String, List<QueueRun>> e : byBroker.entrySet()) {
            List<MessageQueue> queues = new ArrayList<>();
            e.getValue().forEach(r -> queues.add(r.pq.queue()));
            long sentAt = nowMillis();
            try {
                var held = locks.lock(e.getKey(), group, queues);
                for (QueueRun run : e.getValue()) {
                    if (held.contains(run.pq.queue())) {
                        run.lockedAt = sentAt;
                    } else {
                        lose(run, "the broker says another member holds its lock");
                    }
                }
            } catch (ClientException | RuntimeException ex) {
                LOG.warn("FMQ-CLIENT-207 {} could not renew its queue locks on {}: {}", group, e.getKey(), ex.getMessage());
            }
        }
        long now = nowMillis();
        for (QueueRun run : runs.values()) {
            if (!run.pq.isDropped() && now - run.lockedAt > settings.lockLocalExpiryMillis()) {
                lose(run, "its lock was not renewed for " + settings.lockLocalExpiryMillis() + " ms");
            }
        }
    }

    /**
     * Stops a queue whose lock is gone. Nothing is committed: another member may own the queue already, and an
     * older offset from here would rewind it; what was consumed since the last commit is consumed again.
     */
    private void lose(QueueRun run, String why) {
        if (runs.remove(run.pq.queue(), run)) {
            LOG.warn("FMQ-CLIENT-208 {} stopped consuming {}: {}", group, run.pq.queue(), why);
            run.pq.drop();
            onLost.accept(run.pq);
            rebalanceSoon();
        }
    }

    private void handOver(QueueRun run) {
        if (!run.consumeLock.tryLock()) {
            // A message of this queue is being consumed: hand over once it is done.
            control.schedule(() -> handOver(run), HANDOVER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            if (runs.get(run.pq.queue()) != run) {
                return;
            }
            if (settings.clustering()) {
                commitNow(run);
                unlockQuietly(run.pq.queue());
            }
            runs.remove(run.pq.queue(), run);
        } finally {
            run.consumeLock.unlock();
        }
    }

    private void commitNow(QueueRun run) {
        if (!settings.clustering() || runs.get(run.pq.queue()) != run) {
            return;
        }
        long offset = run.pq.committableOffset();
        if (offset == run.lastCommitted) {
            return;
        }
        try {
            api.commitOffset(group, run.pq.queue(), offset, false);
            run.lastCommitted = offset;
        } catch (ClientException e) {
            LOG.warn("FMQ-CLIENT-209 {} could not commit offset {} of {}: {}", group, offset, run.pq.queue(),
                    e.getMessage());
        }
    }

    private void unlockQuietly(MessageQueue mq) {
        if (!settings.clustering()) {
            return;
        }
        try {
            locks.unlock(mq.brokerName(), group, List.of(mq));
        } catch (ClientException | RuntimeException e) {
            LOG.info("FMQ-CLIENT-210 {} could not unlock {} (it expires on the broker): {}", group, mq, e.getMessage());
        }
    }

    private void onControlThread(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing: the consumer makes the final commits and unlocks itself.
        }
    }

    private void rebalanceSoon() {
        if (!stopped && rebalanceScheduled.compareAndSet(false, true)) {
            try {
                client.scheduler().schedule(() -> {
                    rebalanceScheduled.set(false);
                    rebalance.run();
                }, REBALANCE_SOON_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                rebalanceScheduled.set(false);
            }
        }
    }

    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /** One queue this client consumes orderly. */
    private static final class QueueRun {
        final ProcessQueue pq;
        /** Pulled, not yet consumed, by queue offset. Guarded by this. */
        final TreeMap<Long, ReceivedMessage> waiting = new TreeMap<>();
        /** Held while a message of the queue is being consumed, and while the queue is handed over. */
        final ReentrantLock consumeLock = new ReentrantLock();
        /** A consume task is queued, running or suspended. Guarded by this. */
        boolean scheduled;
        /** Failed deliveries of the first waiting message; consume task only (under consumeLock). */
        int failures;
        /** When the last lock request that this client holds the queue was sent (monotonic ms). */
        volatile long lockedAt;
        /** Control thread only. */
        long lastCommitted = -1;

        QueueRun(ProcessQueue pq) {
            this.pq = pq;
        }
    }
}
