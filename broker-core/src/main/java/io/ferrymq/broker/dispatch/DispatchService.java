package io.ferrymq.broker.dispatch;

import io.ferrymq.broker.filter.RecordProperties;
import io.ferrymq.broker.retry.SendBackService;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueueEntryFilter;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Per-message delivery over the store's queues: leases messages of a subscription to whichever consumer asks,
 * one consumer per message, and takes acknowledgements and releases message by message in any order. A message
 * delivered {@code maxDeliveries} times without an acknowledgement goes to the group's dead-letter queue.
 *
 * <p>Order: within a queue, ready messages (released or expired) go out before messages never handed out, lowest
 * offset first, so a single consumer sees a queue in order and a redelivered message before what followed it.
 *
 * <p>Thread-safe: any processor thread; the state of each queue is changed under its monitor in {@link DispatchTable}.
 */
public final class DispatchService {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchService.class);
    /** Ready offsets looked at per queue and receive: bounds the work a selective consumer causes. */
    private static final int READY_SCAN_MAX = 1_024;
    /**
     * Messages left ready for consumers with other selectors, per queue, before selective receives stop reading
     * further: a queue nobody's selector matches must not grow the broker's memory without bound.
     */
    private static final int MAX_READY_FOR_OTHERS = 10_000;
    private static final long DEAD_LETTER_HOLD_MILLIS = 60_000;

    /**
     * What a receive asks for. {@code consumerFilter} rejects messages that stay for other consumers; messages
     * carrying {@code groupProperty} (null: none) are message groups, held by one {@code consumerId} at a time.
     */
    public record ReceiveSpec(String group, String topic, List<Integer> queueIds, DispatchTable.StartFrom startFrom,
                              QueueEntryFilter subscriptionFilter, QueueEntryFilter consumerFilter, int maxMessages,
                              int maxBytes, long leaseMillis, int maxDeliveries, String groupProperty,
                              String consumerId) {
    }

    /** Leased records, in the order handed out; {@link #close()} releases the store's buffers. */
    public record Received(List<SelectedBuffer> records, List<Lease> leases) implements AutoCloseable {
        public boolean isEmpty() {
            return records.isEmpty();
        }

        @Override
        public void close() {
            records.forEach(SelectedBuffer::close);
        }
    }

    /**
     * One message named by an ack, release or renew; {@code deliveries} is the consumer's own count of deliveries
     * (0 when it gives none), used by releases.
     */
    public record Entry(int queueId, long offset, long token, int deliveries) {
        public Entry(int queueId, long offset, long token) {
            this(queueId, offset, token, 0);
        }
    }

    private final MessageStore store;
    private final DispatchTable table;
    private final SendBackService deadLetters;
    private final Clock clock;
    /** Tokens grow across restarts (seeded from the clock), so a lease from before a restart never matches. */
    private final AtomicLong tokens;
    private final Consumer<String> readyListener;

    /**
     * @param readyListener told the topic whenever messages of it become ready again (released or expired), so held
     *                      receives can be answered
     */
    public DispatchService(MessageStore store, DispatchTable table, SendBackService deadLetters, Clock clock,
                           Consumer<String> readyListener) {
        this.store = store;
        this.table = table;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.readyListener = readyListener;
        this.tokens = new AtomicLong(clock.millis() << 16);
    }

    public DispatchTable table() {
        return table;
    }

    /** Leases up to {@code spec.maxMessages()} messages, looking at the queues in the order given. */
    public Received receive(ReceiveSpec spec) {
        List<SelectedBuffer> records = new ArrayList<>();
        List<Lease> leases = new ArrayList<>();
        int[] bytes = {0};
        for (int queueId : spec.queueIds()) {
            if (records.size() >= spec.maxMessages() || bytes[0] >= spec.maxBytes()) {
                break;
            }
            table.withQueue(spec.group(), spec.topic(), queueId, spec.startFrom(), q -> {
                receiveFrom(q, spec, records, leases, bytes);
                return null;
            });
        }
        return new Received(records, leases);
    }

    private void receiveFrom(DispatchQueue q, ReceiveSpec spec, List<SelectedBuffer> records,
                             List<Lease> leases, int[] bytes) {
        long now = clock.millis();
        q.expire(now);
        q.skipBelow(store.minOffsetInQueue(q.topic, q.queueId));
        long deadline = now + spec.leaseMillis();
        String groupProperty = spec.groupProperty();
        RecordProperties groups = groupProperty == null ? null : new RecordProperties(List.of(groupProperty));
        for (DispatchQueue.Candidate c : q.readyCandidates(READY_SCAN_MAX)) {
            if (records.size() >= spec.maxMessages() || bytes[0] >= spec.maxBytes()) {
                return;
            }
            GetResult r = store.getMessages(q.topic, q.queueId, c.offset(), 1, Integer.MAX_VALUE, null);
            SelectedBuffer record = r.status() == GetStatus.FOUND ? r.records().get(0) : null;
            if (record == null || record.buffer().getLong(MessageRecord.QUEUE_OFFSET_POSITION) != c.offset()) {
                r.close();
                q.done(c.offset());
                continue;
            }
            if (c.deliveries() >= spec.maxDeliveries()) {
                long commitLogOffset = record.buffer().getLong(MessageRecord.PHYSICAL_OFFSET_POSITION);
                r.close();
                deadLetter(q, c, commitLogOffset, spec.maxDeliveries());
                continue;
            }
            if (spec.consumerFilter() != null && !spec.consumerFilter().acceptRecord(record.buffer())) {
                r.close();
                continue;
            }
            String messageGroup = groupOf(groups, groupProperty, record);
            if (messageGroup != null && q.groupHeldByOther(messageGroup, spec.consumerId())) {
                r.close();
                continue;
            }
            leases.add(q.lease(c.offset(), tokens.incrementAndGet(), deadline, messageGroup, spec.consumerId()));
            records.add(record);
            bytes[0] += record.size();
        }
        boolean selective = spec.consumerFilter() != null;
        while (records.size() < spec.maxMessages() && bytes[0] < spec.maxBytes()) {
            if (selective && q.readyCount() >= MAX_READY_FOR_OTHERS) {
                return;
            }
            long from = q.next();
            GetResult r = store.getMessages(q.topic, q.queueId, from, spec.maxMessages() - records.size(),
                    spec.maxBytes() - bytes[0], spec.subscriptionFilter());
            if (r.status() != GetStatus.FOUND && r.status() != GetStatus.NO_MATCHED_MESSAGE) {
                r.close();
                if (r.status() == GetStatus.OFFSET_FOUND_NULL && r.nextBeginOffset() > from) {
                    q.passed(r.nextBeginOffset(), false);
                    continue;
                }
                return;
            }
            for (SelectedBuffer record : r.records()) {
                long offset = record.buffer().getLong(MessageRecord.QUEUE_OFFSET_POSITION);
                if (q.isLeased(offset)) {
                    // Held by a prepared XA branch restored without its saved state: it is not new.
                    record.close();
                    q.passed(offset + 1, false);
                    continue;
                }
                String messageGroup = groupOf(groups, groupProperty, record);
                if ((selective && !spec.consumerFilter().acceptRecord(record.buffer()))
                        || (messageGroup != null && q.groupHeldByOther(messageGroup, spec.consumerId()))) {
                    // Left for other consumers: another selector may match it, or its group's holder takes it.
                    record.close();
                    q.passed(offset, false);
                    q.passed(offset + 1, true);
                    continue;
                }
                q.passed(offset, false);
                leases.add(q.lease(offset, tokens.incrementAndGet(), deadline, messageGroup, spec.consumerId()));
                records.add(record);
                bytes[0] += record.size();
            }
            q.passed(r.nextBeginOffset(), false);
            if (r.nextBeginOffset() <= from) {
                return;
            }
        }
    }

    private static String groupOf(RecordProperties groups, String property, SelectedBuffer record) {
        if (groups == null || !groups.reset(record.buffer())) {
            return null;
        }
        Object value = groups.get(property);
        return value == null ? null : value.toString();
    }

    private void deadLetter(DispatchQueue q, DispatchQueue.Candidate c, long commitLogOffset, int maxDeliveries) {
        q.hold(c.offset(), clock.millis() + DEAD_LETTER_HOLD_MILLIS, c.deliveries());
        deadLetters.deadLetter(q.group, commitLogOffset, c.deliveries(), maxDeliveries).whenComplete((ok, error) -> {
            boolean stored = error == null && ok;
            table.withQueue(q.group, q.topic, q.queueId, DispatchTable.StartFrom.FIRST, state -> {
                if (stored) {
                    state.done(c.offset());
                } else {
                    state.expire(Long.MAX_VALUE);
                }
                return null;
            });
            if (stored) {
                LOG.info("FMQ-BROKER-402 message at {} of {} dead-lettered after {} deliveries", c.offset(), q,
                        c.deliveries());
            } else {
                LOG.warn("FMQ-BROKER-403 dead-lettering the message at {} of {} failed ({}); it stays ready", c.offset(),
                        q, error != null ? error.toString() : "not stored");
                readyListener.accept(q.topic);
            }
        });
    }

    /** Acknowledges; returns the entries that no longer held their lease (expired and given to someone else). */
    public List<Entry> ack(String group, String topic, List<Entry> entries) {
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            if (!table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST, q -> q.ack(e.offset(), e.token()))) {
                stale.add(e);
            }
        }
        return stale;
    }

    /** Gives leases back; returns the stale entries as {@link #ack} does. */
    public List<Entry> release(String group, String topic, List<Entry> entries, boolean delivered, long delayMillis) {
        long now = clock.millis();
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            if (!table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> q.release(e.offset(), e.token(), delivered, e.deliveries(), now, delayMillis))) {
                stale.add(e);
            }
        }
        if (stale.size() < entries.size() && delayMillis <= 0) {
            readyListener.accept(topic);
        }
        return stale;
    }

    /** Extends leases to now + leaseMillis; returns the stale entries. */
    public List<Entry> renew(String group, String topic, List<Entry> entries, long leaseMillis) {
        long deadline = clock.millis() + leaseMillis;
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            if (!table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> q.renew(e.offset(), e.token(), deadline))) {
                stale.add(e);
            }
        }
        return stale;
    }

    /**
     * Keeps leases for a prepared XA branch until it ends (see {@link DispatchQueue#prepare}); all or nothing: when one
     * entry no longer holds its lease, the others are undone (ordinary leases for {@code leaseMillis} more) and the
     * stale ones returned.
     */
    public List<Entry> prepare(String group, String topic, List<Entry> entries, long leaseMillis) {
        List<Entry> done = new ArrayList<>();
        List<Entry> stale = new ArrayList<>();
        for (Entry e : entries) {
            boolean held = table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> q.prepare(e.offset(), e.token()));
            (held ? done : stale).add(e);
        }
        if (!stale.isEmpty()) {
            unprepare(group, topic, done, leaseMillis);
        }
        return stale;
    }

    /** Undoes {@link #prepare}: ordinary leases again, for {@code leaseMillis} from now. */
    public void unprepare(String group, String topic, List<Entry> entries, long leaseMillis) {
        long deadline = clock.millis() + leaseMillis;
        for (Entry e : entries) {
            table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> q.unprepare(e.offset(), e.token(), deadline));
        }
    }

    /**
     * Ends a prepared branch's leases: acknowledged (commit) or made ready again with the delivery counted (rollback).
     *
     * @return the entries no prepared lease matched (already ended before a restart)
     */
    public List<Entry> endPrepared(String group, String topic, List<Entry> entries, boolean commit) {
        List<Entry> unmatched = new ArrayList<>();
        for (Entry e : entries) {
            boolean ended = table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> commit ? q.ackPrepared(e.offset(), e.token()) : q.releasePrepared(e.offset(), e.token()));
            if (!ended) {
                unmatched.add(e);
            }
        }
        if (!commit && unmatched.size() < entries.size()) {
            readyListener.accept(topic);
        }
        return unmatched;
    }

    /** After a restart: a prepared branch holds these messages again; returns those that were settled already. */
    public List<Entry> restorePrepared(String group, String topic, List<Entry> entries) {
        List<Entry> settled = new ArrayList<>();
        for (Entry e : entries) {
            if (!table.withQueue(group, topic, e.queueId(), DispatchTable.StartFrom.FIRST,
                    q -> q.restorePrepared(e.offset(), e.token(), e.deliveries()))) {
                settled.add(e);
            }
        }
        return settled;
    }

    /** Expires overdue leases everywhere; run every 100 ms or so by the broker. */
    public void expireLeases() {
        table.expireLeases(clock.millis(), q -> readyListener.accept(q.topic));
    }
}
