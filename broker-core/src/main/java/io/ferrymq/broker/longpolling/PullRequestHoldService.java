package io.ferrymq.broker.longpolling;

import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueueEntryFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Long polling: pulls that found nothing new wait here, per (topic, queue), until a matching message is
 * dispatched to that queue or their suspend time passes; then they are re-run once without suspending
 * and answered. Exactly one waker wins each held pull (removal from a concurrent queue decides).
 *
 * <p>Threads: pull executors hold; the store's dispatcher thread reports arrivals; a scheduler thread
 * expires; re-runs go to {@code rerun}, which the pull processor supplies.
 */
public final class PullRequestHoldService {
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestHoldService.class);

    /** A pull waiting for messages at {@code offset}. */
    public record HeldPull(RemotingChannel channel, RemotingCommand request, String topic, int queueId, long offset,
                           long deadlineMillis, QueueEntryFilter filter) {
    }

    private final Map<String, ConcurrentLinkedQueue<HeldPull>> held = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final Consumer<HeldPull> rerun;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-pull-hold"));

    public PullRequestHoldService(MessageStore store, Consumer<HeldPull> rerun) {
        this.store = store;
        this.rerun = rerun;
    }

    public void start() {
        store.addArrivalListener(this::onArrival);
        scheduler.scheduleWithFixedDelay(this::expireAndRecheck, 200, 200, TimeUnit.MILLISECONDS);
    }

    public void shutdown() {
        scheduler.shutdownNow();
    }

    private static String key(String topic, int queueId) {
        return topic + '@' + queueId;
    }

    public void hold(HeldPull pull) {
        ConcurrentLinkedQueue<HeldPull> queue = held.computeIfAbsent(key(pull.topic(), pull.queueId()),
                k -> new ConcurrentLinkedQueue<>());
        queue.add(pull);
        // A message may have arrived between the pull's read and now: check once more.
        if (store.maxOffsetInQueue(pull.topic(), pull.queueId()) > pull.offset()) {
            wake(queue, pull);
        }
    }

    private void onArrival(String topic, int queueId, long nextQueueOffset, long tagsCode, long storeTimestamp) {
        ConcurrentLinkedQueue<HeldPull> queue = held.get(key(topic, queueId));
        if (queue == null || queue.isEmpty()) {
            return;
        }
        for (HeldPull p : queue) {
            if (nextQueueOffset > p.offset() && (p.filter() == null || p.filter().accept(tagsCode))) {
                wake(queue, p);
            }
        }
    }

    private void expireAndRecheck() {
        long now = System.currentTimeMillis();
        try {
            for (ConcurrentLinkedQueue<HeldPull> queue : held.values()) {
                for (HeldPull p : queue) {
                    if (now >= p.deadlineMillis() || !p.channel().isActive()
                            || store.maxOffsetInQueue(p.topic(), p.queueId()) > p.offset()) {
                        wake(queue, p);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("FMQ-BROKER-060 long-polling check failed", e);
        }
    }

    private void wake(ConcurrentLinkedQueue<HeldPull> queue, HeldPull p) {
        if (queue.remove(p) && p.channel().isActive()) {
            rerun.accept(p);
        }
    }
}
