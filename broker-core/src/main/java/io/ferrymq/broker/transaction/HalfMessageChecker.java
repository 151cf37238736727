package io.ferrymq.broker.transaction;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ClientRegistry;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.CheckTransactionStateRequestHeader;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The back-check: every {@code transactionCheckInterval} it reads newly stored half messages into the
 * {@link HalfMessageTable}, forgets those retention deleted, and asks a live producer of each unresolved half's group
 * (any instance) about every half older than {@code transactionTimeOut}, with a oneway CHECK_TRANSACTION_STATE. After
 * {@code transactionCheckMax} unanswered checks it applies {@code transactionCheckMaxPolicy}. Every check and park goes
 * to the op log, so counts survive a restart.
 *
 * <p>Runs on the one checker thread ({@link #scan}); the table makes it safe against END_TRANSACTIONs and operators
 * resolving the same halves meanwhile.
 */
final class HalfMessageChecker {
    private static final Logger LOG = LoggerFactory.getLogger(HalfMessageChecker.class);
    private static final long NO_PRODUCER_LOG_INTERVAL_MILLIS = 60_000;

    private final BrokerConfig config;
    private final MessageStore store;
    private final HalfMessageTable table;
    private final TransactionOpLog ops;
    private final HalfMessageResolver resolver;
    private final ClientRegistry clients;
    private final Clock clock;
    private final InetSocketAddress storeHost;
    private final SystemQueueReader halfQueue;
    /** When FMQ-TX-022 was last logged per group: once a minute is enough to tell a group has no producer. */
    private final Map<String, Long> noProducerLogged = new HashMap<>();

    HalfMessageChecker(BrokerConfig config, MessageStore store, HalfMessageTable table, TransactionOpLog ops,
                       HalfMessageResolver resolver, ClientRegistry clients, Clock clock, InetSocketAddress storeHost) {
        this.config = config;
        this.store = store;
        this.table = table;
        this.ops = ops;
        this.resolver = resolver;
        this.clients = clients;
        this.clock = clock;
        this.storeHost = storeHost;
        this.halfQueue = new SystemQueueReader(store, TransactionTopics.HALF_TOPIC);
    }

    /** One round: read new halves, drop expired ones, check (or give up on) those due. */
    void scan() {
        readNewHalves();
        expire();
        checkDue();
    }

    private void readNewHalves() {
        long next = halfQueue.readFrom(table.nextQueueOffset(), record -> {
            HalfMessage m = HalfMessage.of(record);
            if (m == null) {
                LOG.warn("FMQ-TX-032 record at commit-log offset {} in {} is not a usable half message; skipped",
                        record.physicalOffset(), TransactionTopics.HALF_TOPIC);
                table.advanceTo(record.queueOffset() + 1);
            } else {
                table.admit(m);
            }
        });
        table.advanceTo(next);
    }

    private void expire() {
        for (HalfMessage m : table.expireBelow(store.commitLogMinOffset())) {
            LOG.warn("FMQ-TX-031 half message of transaction {} ({}, producer group {}) was deleted with its commit-log"
                    + " file before it was resolved; it will never be delivered", m.transactionId, m.topic, m.producerGroup);
        }
    }

    private void checkDue() {
        long now = clock.millis();
        Map<String, Integer> waitingForProducer = new TreeMap<>();
        for (HalfMessageTable.Due due : table.due(now, config.getTransactionTimeOut())) {
            HalfMessage m = due.half();
            if (due.checks() >= config.getTransactionCheckMax()) {
                giveUp(m, due.checks());
                continue;
            }
            ClientChannel producer = pickProducer(m.producerGroup);
            if (producer == null) {
                table.noteNoProducer(m, now);
                waitingForProducer.merge(m.producerGroup, 1, Integer::sum);
                continue;
            }
            check(m, producer, now);
        }
        waitingForProducer.forEach((group, count) -> {
            Long last = noProducerLogged.get(group);
            if (last == null || now - last >= NO_PRODUCER_LOG_INTERVAL_MILLIS) {
                noProducerLogged.put(group, now);
                LOG.info("FMQ-TX-022 {} half message(s) of producer group {} are due for a check, but no producer of that"
                        + " group is connected; they are not counted as checked", count, group);
            }
        });
    }

    private ClientChannel pickProducer(String group) {
        List<ClientChannel> live = clients.producersOf(group).stream().filter(c -> c.channel().isActive()).toList();
        return live.isEmpty() ? null : live.get(ThreadLocalRandom.current().nextInt(live.size()));
    }

    private void check(HalfMessage m, ClientChannel producer, long now) {
        byte[] body;
        try (SelectedBuffer record = store.lookupMessage(m.commitLogOffset)) {
            if (record == null) {
                LOG.warn("FMQ-TX-033 half message of transaction {} is no longer readable at commit-log offset {};"
                        + " not checked", m.transactionId, m.commitLogOffset);
                return;
            }
            body = HalfMessageCodec.checkRequestBody(record.buffer(), m.topic, m.queueId);
        }
        String addr = producer.channel().remoteAddressText();
        int number = table.noteCheckSent(m, now, addr);
        if (number < 0) {
            return;
        }
        CheckTransactionStateRequestHeader h = new CheckTransactionStateRequestHeader();
        h.tranStateTableOffset = m.queueOffset;
        h.commitLogOffset = m.commitLogOffset;
        h.msgId = m.transactionId;
        h.transactionId = m.transactionId;
        h.offsetMsgId = MessageIds.offsetMessageId(storeHost, m.commitLogOffset);
        h.topic = m.topic;
        h.bname = config.getBrokerName();
        producer.channel().invokeOneway(RemotingCommand.request(RequestCode.CHECK_TRANSACTION_STATE).header(h).body(body));
        LOG.info("FMQ-TX-020 check {}/{} of transaction {} ({} queue {}, {} ms old) sent to {} of producer group {}",
                number, config.getTransactionCheckMax(), m.transactionId, m.topic, m.queueId, now - m.storeTimestamp,
                addr, m.producerGroup);
        ops.append(TransactionOp.of(TransactionOp.Kind.CHECK, m, number)).whenComplete((r, e) -> {
            if (e != null || !r.isAppended()) {
                LOG.warn("FMQ-TX-034 check {} of transaction {} not recorded ({}); after a restart it is not counted",
                        number, m.transactionId, e != null ? e.toString() : r.detail());
            }
        });
    }

    /** The checks ran out: park (kept, listed, resumable) or commit, as configured. */
    private void giveUp(HalfMessage m, int checks) {
        if (config.getTransactionCheckMaxPolicy() == CheckMaxPolicy.COMMIT) {
            HalfMessageRef ref = HalfMessageRef.read(store, m.commitLogOffset);
            if (ref == null) {
                LOG.warn("FMQ-TX-033 half message of transaction {} is no longer readable at commit-log offset {}",
                        m.transactionId, m.commitLogOffset);
            } else {
                LOG.warn("FMQ-TX-035 transaction {} got no answer in {} checks; committing it as transactionCheckMaxPolicy"
                        + "=COMMIT says", m.transactionId, checks);
                resolver.resolve(ref, TransactionOutcome.COMMIT, ResolvedBy.POLICY);
            }
            return;
        }
        if (!table.park(m)) {
            return;
        }
        LOG.warn("FMQ-TX-030 transaction {} ({}, producer group {}) parked after {} checks without an answer: not"
                + " delivered, kept and listed; resume its checks or resolve it by hand (docs/transactions.md)",
                m.transactionId, m.topic, m.producerGroup, checks);
        ops.append(TransactionOp.of(TransactionOp.Kind.PARK, m, checks)).whenComplete((r, e) -> {
            if (e != null || !r.isAppended()) {
                LOG.warn("FMQ-TX-036 park of transaction {} not recorded ({}); after a restart it is parked again",
                        m.transactionId, e != null ? e.toString() : r.detail());
            }
        });
    }
}
