package io.ferrymq.jms;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.SendResult;
import io.ferrymq.client.TransactionCheckListener;
import io.ferrymq.client.TransactionProducer;
import io.ferrymq.client.TransactionState;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.UniqueMessageIds;
import io.ferrymq.jms.message.JmsWireCodec;
import io.ferrymq.remoting.ResponseCode;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Sends JMS messages in half-message transactions (made by {@link FerryTransactions#createProducer}): each
 * {@link #send} stores the message as a half message (invisible to every consumer), runs the
 * {@link FerryLocalTransaction}, and reports its outcome — COMMIT makes the message visible once, as an ordinary send
 * to the destination would have (same tag, headers and properties, so consumers and selectors see no difference),
 * ROLLBACK discards it, UNKNOWN leaves it to the broker's back-check of the producer group.
 *
 * <p>Halves travel over the session's connection; back-checks, when this producer answers them, over connections of
 * its own registered as the producer group with every broker, open until {@link #close()} or until the session closes
 * (noticed within a second). Without a checker, nothing of this process is registered as the group, so the group's
 * back-checks go only to its other producers (the tx-checker service), also while this application is down.
 *
 * <p>Not thread-safe, like a {@code MessageProducer}: used by its session's thread; {@link #close()} from any thread.
 */
public final class FerryTransactionalProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FerryTransactionalProducer.class);

    private final FerrySession session;
    private final FerryDestination destination;
    private final String group;
    /** Answers this group's back-checks; null when this producer does not answer them. */
    private final TransactionProducer checks;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private volatile boolean closed;

    private FerryTransactionalProducer(FerrySession session, FerryDestination destination, String group,
                                       TransactionProducer checks) {
        this.session = session;
        this.destination = destination;
        this.group = group;
        this.checks = checks;
    }

    static FerryTransactionalProducer start(FerrySession session, FerryDestination destination, String group,
                                            FerryTransactionChecker checker) throws JMSException {
        FerryConnection connection = session.connection();
        TransactionProducer checks = null;
        if (checker != null) {
            checks = new TransactionProducer(group, checkClientConfig(connection.client().config(), group),
                    checkListener(checker, connection.codec()));
            try {
                checks.start();
            } catch (ClientException | RuntimeException e) {
                checks.close();
                JMSException failed = new JMSException("FMQ-JMS-711 the back-check answerer of producer group " + group
                        + " could not register with the brokers: " + e.getMessage(), "FMQ-JMS-711");
                failed.setLinkedException(e);
                failed.initCause(e);
                throw failed;
            }
        }
        FerryTransactionalProducer p = new FerryTransactionalProducer(session, destination, group, checks);
        if (checks != null) {
            session.onClose(p::sessionClosed);
        }
        LOG.info("FMQ-JMS-714 transactional producer of group {} for {} created; back-checks answered {}", group,
                destination, checks != null ? "by this producer's checker while it is open"
                        : "by the group's other producers (tx-checker service), never by this producer");
        return p;
    }

    /** The connection's client settings (nameservers, credentials, timeouts) under an instance name of the group. */
    private static ClientConfig checkClientConfig(ClientConfig connection, String group) {
        ClientConfig c = new ClientConfig().setNamesrvAddr(connection.getNamesrvAddr())
                .setInstanceName("jms-tx-" + group)
                .setRequestTimeoutMillis(connection.getRequestTimeoutMillis())
                .setHeartbeatBrokerIntervalMillis(connection.getHeartbeatBrokerIntervalMillis())
                .setPollNameServerIntervalMillis(connection.getPollNameServerIntervalMillis());
        if (connection.hasCredentials()) {
            c.setCredentials(connection.getAccessKey(), connection.getSecretKey());
        }
        return c;
    }

    /** The client's check listener: the half decoded for a JMS checker, or as it came for {@link FerryTransactions#checkerOf}. */
    private static TransactionCheckListener checkListener(FerryTransactionChecker checker, JmsWireCodec codec) {
        if (checker instanceof FerryTransactions.HalfMessageChecker raw) {
            return raw.listener();
        }
        return half -> {
            FerryTransactionState state = checker.check(codec.decode(half));
            return state == null ? TransactionState.UNKNOWN : toClient(state);
        };
    }

    private static TransactionState toClient(FerryTransactionState state) {
        return switch (state) {
            case COMMIT -> TransactionState.COMMIT;
            case ROLLBACK -> TransactionState.ROLLBACK;
            case UNKNOWN -> TransactionState.UNKNOWN;
        };
    }

    // ------------------------------------------------------------------ settings

    /** The destination every message of this producer goes to. */
    public Destination getDestination() {
        return destination;
    }

    /** The producer group the broker checks back with. */
    public String getProducerGroup() {
        return group;
    }

    /** True while this producer answers the group's back-checks with its checker (one was given, and it is open). */
    public boolean answersBackChecks() {
        return checks != null && !closed;
    }

    /** Delivery mode of messages sent without one (default PERSISTENT). */
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        FerryMessageProducer.checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    public int getDeliveryMode() {
        return deliveryMode;
    }

    /** Priority of messages sent without one (default 4). */
    public void setPriority(int priority) throws JMSException {
        checkOpen();
        FerryMessageProducer.checkPriority(priority);
        this.priority = priority;
    }

    public int getPriority() {
        return priority;
    }

    /**
     * Time to live of messages sent without one (default 0, unlimited), counted from the send: a message committed
     * late by a back-check may already have expired.
     */
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        this.timeToLive = timeToLive;
    }

    public long getTimeToLive() {
        return timeToLive;
    }

    // ------------------------------------------------------------------ send

    /** {@link #send(Message, int, int, long, FerryLocalTransaction)} with this producer's defaults. */
    public FerryTransactionResult send(Message message, FerryLocalTransaction localTransaction) throws JMSException {
        return send(message, deliveryMode, priority, timeToLive, localTransaction);
    }

    /**
     * Stores {@code message} as a half message, runs {@code localTransaction}, and reports its outcome. Sets the
     * message's headers as an ordinary send does (JMSDestination, JMSDeliveryMode, JMSPriority, JMSTimestamp,
     * JMSExpiration, JMSDeliveryTime, and always a JMSMessageID: it carries the transaction id). A message with a
     * JMSXGroupID goes to its group's queue, as with an ordinary send. There is no delivery delay: a half message is
     * delivered when it is committed.
     *
     * @return the transaction id and the outcome reported
     * @throws JMSException {@code FMQ-JMS-708} the half message was not stored: the local transaction did not run;
     *     {@code FMQ-JMS-709} the local transaction threw (its exception is the cause): UNKNOWN was reported, so the
     *     back-check decides whether the message is delivered; {@code FMQ-JMS-702} the producer or session is closed
     */
    public FerryTransactionResult send(Message message, int deliveryMode, int priority, long timeToLive,
                                       FerryLocalTransaction localTransaction) throws JMSException {
        checkOpen();
        if (message == null) {
            throw new MessageFormatException("FMQ-JMS-706 the message must not be null", "FMQ-JMS-706");
        }
        if (localTransaction == null) {
            throw new IllegalArgumentException("FMQ-JMS-706 the local transaction must not be null");
        }
        FerryMessageProducer.checkDeliveryMode(deliveryMode);
        FerryMessageProducer.checkPriority(priority);
        FerryConnection connection = session.connection();
        long now = System.currentTimeMillis();
        message.setJMSDestination(destination);
        message.setJMSDeliveryMode(deliveryMode);
        message.setJMSPriority(priority);
        message.setJMSTimestamp(now);
        message.setJMSExpiration(timeToLive > 0 ? now + timeToLive : 0);
        message.setJMSDeliveryTime(now);
        message.setJMSMessageID("ID:" + UniqueMessageIds.next());
        // What FerryMessageProducer sends for this destination, plus the two properties that make it a half.
        io.ferrymq.client.Message out = FerryMessageProducer.encode(session, message, destination);
        out.putProperty(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        out.putProperty(MessageConst.PROPERTY_PRODUCER_GROUP, group);

        SendResult half;
        try {
            // One attempt, never retried elsewhere: after a timeout the half may exist, and a second one with the
            // same transaction id could be delivered twice.
            half = connection.producer().send(out, FerryMessageProducer.queueSelector(session, message));
        } catch (ClientException e) {
            throw notStored(e);
        }
        String transactionId = half.msgId();

        FerryTransactionState state;
        Exception failure = null;
        try {
            state = localTransaction.execute(message, transactionId);
            if (state == null) {
                state = FerryTransactionState.UNKNOWN;
            }
        } catch (Exception | LinkageError e) {
            state = FerryTransactionState.UNKNOWN;
            failure = e instanceof Exception x ? x : new RuntimeException(e);
        }
        boolean reported = report(connection, half, state, failure);
        if (failure != null) {
            LOG.warn("FMQ-JMS-709 local transaction {} of group {} failed; UNKNOWN reported, the back-check decides",
                    transactionId, group, failure);
            JMSException j = new JMSException("FMQ-JMS-709 the local transaction of message ID:" + transactionId
                    + " (group " + group + ") failed: " + failure + "; UNKNOWN was reported, so the broker's back-check"
                    + " decides whether the message is delivered", "FMQ-JMS-709");
            j.setLinkedException(failure);
            j.initCause(failure);
            throw j;
        }
        return new FerryTransactionResult(transactionId, "ID:" + transactionId, state, reported);
    }

    /** Sends the outcome (oneway); false when it could not be sent, leaving the transaction to the back-check. */
    private boolean report(FerryConnection connection, SendResult half, FerryTransactionState state, Exception failure) {
        try {
            connection.client().endTransaction(group, half, toClient(state),
                    failure == null ? null : "local transaction failed: " + failure);
            return true;
        } catch (ClientException | RuntimeException e) {
            LOG.warn("FMQ-JMS-710 the outcome {} of transaction {} (group {}) could not be sent: {}; the broker's"
                    + " back-check settles it", state, half.msgId(), group, e.getMessage());
            return false;
        }
    }

    private JMSException notStored(ClientException e) {
        String text = "FMQ-JMS-708 the half message to " + destination + " (group " + group + ") was not stored, so"
                + " the local transaction did not run: " + e.getMessage();
        JMSException j = switch (e.responseCode()) {
            case ResponseCode.TOPIC_NOT_EXIST -> new InvalidDestinationException(text, "FMQ-JMS-708");
            case ResponseCode.NO_PERMISSION -> new JMSSecurityException(text, "FMQ-JMS-708");
            default -> new JMSException(text, "FMQ-JMS-708");
        };
        j.setLinkedException(e);
        j.initCause(e);
        return j;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("FMQ-JMS-702 the transactional producer is closed", "FMQ-JMS-702");
        }
        if (session.isClosed() || session.connection().isClosed()) {
            throw new IllegalStateException("FMQ-JMS-702 the session of this transactional producer is closed",
                    "FMQ-JMS-702");
        }
    }

    // ------------------------------------------------------------------ close

    private void sessionClosed() {
        if (!closed) {
            LOG.info("FMQ-JMS-712 the session of transactional producer {} closed; it stops answering back-checks",
                    group);
            close();
        }
    }

    /**
     * Stops sending and, if it answered back-checks, stops answering them (checks under way finish). Transactions
     * still unresolved are checked back with the group's other producers, or wait for one. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (checks != null) {
            checks.close();
        }
    }

    @Override
    public String toString() {
        return "FerryTransactionalProducer[" + destination + ", group " + group
                + (checks != null ? ", answers back-checks" : "") + "]";
    }
}
