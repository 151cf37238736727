package io.ferrymq.client;

import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.client.impl.TransactionCheckResponder;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageIds;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.EndTransactionRequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * FerryMQ's transactional producer: sends a half message (stored, invisible), runs the local transaction, then commits
 * or rolls the message back; its {@link TransactionCheckListener} answers the broker's back-checks of half messages
 * whose outcome never arrived (this process crashed, or the outcome was lost). Give every instance of a producer group
 * a check listener that can tell from durable state how a transaction ended: any instance may be asked about any
 * transaction of the group.
 *
 * <p>It registers with every broker of the cluster, not only with those of the topics it sends to: a broker holding a
 * half message of the group must find a producer to ask even after it restarted, and even when this producer sends
 * nothing any more. So a producer that only answers back-checks lets a separate process resolve the group's
 * transactions while the application is down; see the tx-checker service. Thread-safe.
 */
public final class TransactionProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);
    /** Refusals after which nothing was stored, so another broker may be tried. */
    private static final Set<Integer> SAFE_TO_RETRY = Set.of(ResponseCode.TOPIC_NOT_EXIST,
            ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.SYSTEM_BUSY, ResponseCode.NO_PERMISSION);

    private final String group;
    private final Producer producer;
    private final ClientInstance client;
    private final TransactionCheckListener checkListener;
    private final AtomicInteger roundRobin = new AtomicInteger();
    /** Brokers this producer has sent a half to since it announced itself to them. */
    private final Set<String> announcedTo = ConcurrentHashMap.newKeySet();
    private int checkThreads = 1;
    private int retryTimes = 2;
    private TransactionCheckResponder responder;

    public TransactionProducer(String group, ClientConfig config, TransactionCheckListener checkListener) {
        this.group = Objects.requireNonNull(group, "group");
        this.checkListener = Objects.requireNonNull(checkListener, "checkListener");
        this.producer = new Producer(group, config);
        this.client = producer.clientInstance();
    }

    /** Threads answering back-checks (default 1, as RocketMQ); set before {@link #start()}. */
    public TransactionProducer setCheckThreads(int threads) {
        this.checkThreads = Math.max(1, threads);
        return this;
    }

    /** Other brokers tried after a refusal that stored nothing (default 2). */
    public TransactionProducer setRetryTimes(int retryTimes) {
        this.retryTimes = Math.max(0, retryTimes);
        return this;
    }

    public TransactionProducer setSendTimeoutMillis(long millis) {
        producer.setSendTimeoutMillis(millis);
        return this;
    }

    public synchronized void start() throws ClientException {
        responder = new TransactionCheckResponder(group, checkListener, checkThreads);
        client.registerProcessor(responder, RequestCode.CHECK_TRANSACTION_STATE);
        client.heartbeatWholeCluster();
        producer.start();
        // Announce the group at once: back-checks only go to producers the broker knows.
        client.heartbeatAll().join();
    }

    /**
     * Sends {@code message} as a half message, runs {@code localTransaction}, and reports its outcome to the broker.
     * If the report is lost, or the transaction's state is UNKNOWN, the broker checks back later.
     *
     * @throws ClientException the half message was not stored (the local transaction did not run), or its outcome could
     *     not be sent (the back-check settles it)
     */
    public TransactionSendResult sendInTransaction(Message message, LocalTransaction localTransaction)
            throws ClientException {
        SendResult half = sendHalf(message);
        TransactionState state;
        Throwable failure = null;
        try {
            state = localTransaction.execute(message, half.msgId());
            if (state == null) {
                state = TransactionState.UNKNOWN;
            }
        } catch (Exception | LinkageError e) {
            state = TransactionState.UNKNOWN;
            failure = e;
            LOG.warn("FMQ-CLIENT-076 local transaction {} of group {} failed; reporting UNKNOWN so the back-check decides",
                    half.msgId(), group, e);
        }
        endTransaction(half, state, failure);
        return new TransactionSendResult(half, state, failure);
    }

    /**
     * Stores {@code message} as a half message (the first step of {@link #sendInTransaction}). Another broker is tried
     * only after a refusal that stored nothing: after a timeout the first half may exist, and a second one with the
     * same transaction id could be committed twice by the back-check.
     *
     * @return the stored half; its {@code msgId()} is the transaction id
     */
    public SendResult sendHalf(Message message) throws ClientException {
        message.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        message.putProperty(MessageConst.PROPERTY_PRODUCER_GROUP, group);
        message.properties().remove(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
        String avoid = null;
        for (int attempt = 0; ; attempt++) {
            MessageQueue queue = pick(producer.writableQueues(message.topic()), avoid);
            try {
                SendResult half = producer.send(message, queues -> queue);
                if (announcedTo.add(queue.brokerName())) {
                    // A broker checks back only producers it has heard from; heartbeats otherwise wait 30 s.
                    client.heartbeatAll();
                }
                return half;
            } catch (ClientException e) {
                if (attempt >= retryTimes || !SAFE_TO_RETRY.contains(e.responseCode())) {
                    throw e;
                }
                avoid = queue.brokerName();
                LOG.debug("FMQ-CLIENT-077 half message refused by {} ({}); trying another broker", avoid, e.getMessage());
            }
        }
    }

    /** Round-robin over the queues, skipping the broker that just refused while another remains. */
    private MessageQueue pick(List<MessageQueue> queues, String avoidBroker) {
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue q = queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
            if (!q.brokerName().equals(avoidBroker)) {
                return q;
            }
        }
        return queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
    }

    /**
     * Reports a local transaction's outcome for a half message {@link #sendHalf} stored (oneway: nothing confirms it;
     * a lost report is settled by the back-check).
     */
    public void endTransaction(SendResult half, TransactionState state, Throwable localError) throws ClientException {
        endTransaction(client, group, half, state, localError == null ? null : "local transaction failed: " + localError);
    }

    /**
     * END_TRANSACTION for {@code half}, a half message of {@code group}, over {@code client}'s connections (oneway).
     * Whoever sends it need not be a producer of the group: the broker checks the half's group, not the sender's.
     */
    static void endTransaction(ClientInstance client, String group, SendResult half, TransactionState state,
                               String remark) throws ClientException {
        String addr = client.masterAddr(half.queue().brokerName());
        if (addr == null) {
            client.refreshRoute(half.queue().topic());
            addr = client.masterAddr(half.queue().brokerName());
        }
        if (addr == null) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE, "FMQ-CLIENT-078 broker group "
                    + half.queue().brokerName() + " has no master now; transaction " + half.msgId()
                    + " is settled by the back-check");
        }
        EndTransactionRequestHeader h = new EndTransactionRequestHeader();
        h.producerGroup = group;
        h.tranStateTableOffset = half.queueOffset();
        h.commitLogOffset = MessageIds.commitLogOffsetOf(half.offsetMsgId());
        h.commitOrRollback = state.wireType();
        h.fromTransactionCheck = false;
        h.msgId = half.msgId();
        h.transactionId = half.msgId();
        h.topic = half.queue().topic();
        h.bname = half.queue().brokerName();
        client.invokeBrokerOneway(addr, RemotingCommand.request(RequestCode.END_TRANSACTION).header(h).remark(remark));
    }

    @Override
    public synchronized void close() {
        // Checks under way finish and answer over the still open connections; then the connections close.
        if (responder != null) {
            responder.shutdown();
        }
        producer.close();
    }
}
