package io.ferrymq.broker.transaction;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.broker.offset.ConsumerOffsetTable;
import io.ferrymq.common.config.ConfigException;
import io.ferrymq.common.message.DeliveryConst;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.util.DaemonThreads;
import io.ferrymq.remoting.protocol.header.EndTransactionRequestHeader;
import io.ferrymq.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The broker's transactional messages on a master: END_TRANSACTION, the back-check, and what operators may do with
 * unresolved half messages (list, resolve by hand, resume checks). Wires the {@link HalfMessageTable}, the op log, the
 * resolver, the checker and the recovery.
 *
 * <p>Lifecycle from the broker's starting thread: {@link #recover()} before requests are served, {@link #start()},
 * {@link #shutdown()}. Everything else is safe from any thread.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    private static final int MAX_LISTED = 10_000;

    private final BrokerConfig config;
    private final MessageStore store;
    private final ConsumerOffsetTable offsets;
    private final Clock clock;
    private final HalfMessageTable table = new HalfMessageTable();
    private final TransactionOpLog ops;
    private final HalfMessageResolver resolver;
    private final HalfMessageChecker checker;
    private final ScheduledExecutorService checkerThread =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("ferrymq-tx-checker"));

    /** @param storeHost the broker's address as stored in records (its offset message ids name it) */
    public TransactionService(BrokerConfig config, MessageStore store, ClientRegistry clients,
                              ConsumerOffsetTable offsets, Clock clock, InetSocketAddress storeHost) {
        validate(config);
        this.config = config;
        this.store = store;
        this.offsets = offsets;
        this.clock = clock;
        this.ops = new TransactionOpLog(store, storeHost, clock);
        this.resolver = new HalfMessageResolver(store, table, ops, storeHost);
        this.checker = new HalfMessageChecker(config, store, table, ops, resolver, clients, clock, storeHost);
    }

    private static void validate(BrokerConfig c) {
        if (c.getTransactionCheckMax() < 1) {
            throw new ConfigException("FMQ-TX-005 transactionCheckMax must be at least 1, not " + c.getTransactionCheckMax());
        }
        if (c.getTransactionCheckInterval() < 10) {
            throw new ConfigException("FMQ-TX-006 transactionCheckInterval must be at least 10 ms, not "
                    + c.getTransactionCheckInterval());
        }
        if (c.getTransactionTimeOut() < 0) {
            throw new ConfigException("FMQ-TX-007 transactionTimeOut must not be negative, not " + c.getTransactionTimeOut());
        }
    }

    /** Rebuilds the unresolved half messages from the store; call once, before END_TRANSACTION is served. */
    public void recover() {
        new HalfMessageRecovery(store, table, ops)
                .recover(offsets.query(TransactionTopics.CHECK_GROUP, TransactionTopics.HALF_TOPIC, 0));
    }

    /** Starts the back-check thread. */
    public void start() {
        long every = config.getTransactionCheckInterval();
        checkerThread.scheduleWithFixedDelay(this::scanQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("FMQ-TX-004 back-check every {} ms of half messages older than {} ms, at most {} checks, then {}",
                every, config.getTransactionTimeOut(), config.getTransactionCheckMax(), config.getTransactionCheckMaxPolicy());
    }

    private void scanQuietly() {
        try {
            checker.scan();
            saveSettlePoint();
        } catch (RuntimeException e) {
            LOG.error("FMQ-TX-039 back-check round failed; retrying in {} ms", config.getTransactionCheckInterval(), e);
        }
    }

    /** Where the next start reads the half queue from: kept as the offset of the internal group, persisted with offsets. */
    private void saveSettlePoint() {
        offsets.commit(TransactionTopics.CHECK_GROUP, TransactionTopics.HALF_TOPIC, 0, table.settledBelow());
    }

    /** Stops checking and saves the settle point (the broker persists offsets afterwards). */
    public void shutdown() {
        checkerThread.shutdownNow();
        try {
            checkerThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveSettlePoint();
    }

    /**
     * END_TRANSACTION: commits or rolls back the half message the header names, after checking that it is one and
     * belongs to the sender's group; notes an "unknown" answer to a check.
     *
     * @return null when accepted, else why not (only a logged warning for oneway senders)
     */
    public String endTransaction(EndTransactionRequestHeader h, String from) {
        int type = h.commitOrRollback;
        boolean fromCheck = Boolean.TRUE.equals(h.fromTransactionCheck);
        if (type == MessageSysFlag.TRANSACTION_NOT_TYPE) {
            if (fromCheck && table.noteUnknownAnswer(h.commitLogOffset) != null) {
                LOG.info("FMQ-TX-021 producer {} answered UNKNOWN to the check of transaction {}; asking again later", from,
                        h.transactionId != null ? h.transactionId : h.msgId);
            }
            return null;
        }
        if (type != MessageSysFlag.TRANSACTION_COMMIT_TYPE && type != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            return refuse(from, h, "commitOrRollback " + type + " is none of 0 (unknown), 8 (commit), 12 (rollback)");
        }
        HalfMessageRef half = HalfMessageRef.read(store, h.commitLogOffset);
        if (half == null) {
            return refuse(from, h, "no half message at commit-log offset " + h.commitLogOffset);
        }
        if (!half.producerGroup().equals(h.producerGroup)) {
            return refuse(from, h, "the half message belongs to producer group " + half.producerGroup() + ", not "
                    + h.producerGroup);
        }
        if (half.queueOffset() != h.tranStateTableOffset) {
            return refuse(from, h, "tranStateTableOffset " + h.tranStateTableOffset + " does not match the half message's "
                    + half.queueOffset());
        }
        TransactionOutcome outcome = type == MessageSysFlag.TRANSACTION_COMMIT_TYPE
                ? TransactionOutcome.COMMIT : TransactionOutcome.ROLLBACK;
        resolver.resolve(half, outcome, fromCheck ? ResolvedBy.CHECK : ResolvedBy.PRODUCER);
        return null;
    }

    private static String refuse(String from, EndTransactionRequestHeader h, String why) {
        String text = "FMQ-TX-050 END_TRANSACTION from " + from + " for transaction "
                + (h.transactionId != null ? h.transactionId : h.msgId) + " ignored: " + why;
        LOG.warn(text);
        return text;
    }

    /** Unresolved half messages, oldest first, optionally of one producer group and/or real topic. */
    public List<HalfMessageStatus> list(String producerGroup, String topic, int limit) {
        int max = limit <= 0 ? MAX_LISTED : Math.min(limit, MAX_LISTED);
        return table.statuses(m -> (producerGroup == null || producerGroup.equals(m.producerGroup))
                && (topic == null || topic.equals(m.topic)), max, clock.millis());
    }

    /** An operator commits or rolls back one unresolved (pending or parked) half message. */
    public CompletableFuture<Resolution> resolveByHand(String id, TransactionOutcome outcome) {
        HalfMessage m = find(id);
        if (m == null) {
            return CompletableFuture.completedFuture(Resolution.NOT_FOUND);
        }
        HalfMessageRef half = HalfMessageRef.read(store, m.commitLogOffset);
        if (half == null) {
            return CompletableFuture.completedFuture(Resolution.NOT_FOUND);
        }
        LOG.info("FMQ-TX-015 operator asks to {} transaction {}", outcome, m.transactionId);
        return resolver.resolve(half, outcome, ResolvedBy.ADMIN);
    }

    /**
     * Puts parked half messages back to checking from zero: the one named by {@code id}, else those of
     * {@code producerGroup}, else all.
     *
     * @return how many were resumed
     */
    public int resume(String id, String producerGroup) {
        Predicate<HalfMessage> which;
        if (id != null && !id.isBlank()) {
            HalfMessage one = find(id);
            if (one == null) {
                return 0;
            }
            which = m -> m == one;
        } else {
            which = m -> producerGroup == null || producerGroup.isBlank() || producerGroup.equals(m.producerGroup);
        }
        List<HalfMessage> resumed = table.resume(which);
        for (HalfMessage m : resumed) {
            LOG.info("FMQ-TX-014 transaction {} ({}, producer group {}) resumed by an operator: checked again from zero",
                    m.transactionId, m.topic, m.producerGroup);
            ops.append(TransactionOp.of(TransactionOp.Kind.RESUME, m, 0)).whenComplete((r, e) -> {
                if (e != null || !r.isAppended()) {
                    LOG.warn("FMQ-TX-037 resume of transaction {} not recorded ({}); after a restart it is parked again",
                            m.transactionId, e != null ? e.toString() : r.detail());
                }
            });
        }
        return resumed.size();
    }

    /**
     * Commits or rolls back the half stored at {@code commitLogOffset} for an XA branch (or its policy), exactly once as
     * every resolution is; NOT_FOUND when no half message is stored there.
     */
    public CompletableFuture<Resolution> resolveHalf(long commitLogOffset, TransactionOutcome outcome, ResolvedBy by) {
        HalfMessageRef half = HalfMessageRef.read(store, commitLogOffset);
        if (half == null) {
            return CompletableFuture.completedFuture(Resolution.NOT_FOUND);
        }
        return resolver.resolve(half, outcome, by);
    }

    /** The XA branch of the half message stored at {@code commitLogOffset}; null when there is none, or no branch. */
    public String xaBranchOfHalf(long commitLogOffset) {
        HalfMessageRef half = HalfMessageRef.read(store, commitLogOffset);
        return half == null ? null : half.record().property(DeliveryConst.PROPERTY_XA_BRANCH);
    }

    /** Unresolved half messages of XA branches the checker has read so far, oldest first. */
    public List<HalfMessageStatus> unresolvedXaHalves() {
        return table.statuses(m -> m.xaBranch != null, MAX_LISTED, clock.millis());
    }

    /** A tracked half by transaction id, or by the offset message id of its half record. */
    private HalfMessage find(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        HalfMessage m = table.find(id.trim());
        if (m != null) {
            return m;
        }
        try {
            return table.get(MessageIds.commitLogOffsetOf(id.trim()));
        } catch (IllegalArgumentException notAnOffsetId) {
            return null;
        }
    }

    /**
     * Every half message stored below this half-queue offset has been read by the checker and is resolved, or is
     * listed as unresolved; a half message sent before is settled once this passes its offset and it is not listed.
     */
    public long settledBelow() {
        return table.settledBelow();
    }

    /** Half-queue offset up to which the checker has read half messages. */
    public long halfMessagesRead() {
        return table.nextQueueOffset();
    }

    /** Unresolved half messages now tracked, parked ones included. */
    public int unresolvedCount() {
        return table.size();
    }

    public int parkedCount() {
        return table.parkedCount();
    }
}
