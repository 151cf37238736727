package io.ferrymq.jms;

import io.ferrymq.client.TransactionCheckListener;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Half-message transactions from JMS (docs/jms.md, "Half-message transactions from JMS"): a message stored invisibly,
 * the application's local transaction, then the message committed (delivered once) or rolled back (discarded) as that
 * transaction ended — and, when the application cannot say any more, the broker's back-check answered by a checker of
 * the producer group: this producer's {@link FerryTransactionChecker}, another instance's, or the tx-checker service
 * ({@code bin/txchecker}) reading the transaction log while the application is down.
 *
 * <pre>{@code
 * FerryTransactionalProducer orders = FerryTransactions.createProducer(session, ordersQueue, "order-service", null);
 * orders.send(session.createTextMessage(json), (message, transactionId) -> {
 *     transactionLog.inTransaction(dataSource, transactionId, c -> insertOrder(c, order));  // one JDBC commit
 *     return FerryTransactionState.COMMIT;
 * });
 * }</pre>
 *
 * Stateless.
 */
public final class FerryTransactions {
    /** RocketMQ's producer group names: letters, digits, {@code _ - % |}, at most 255. */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_%|-]{1,255}");

    private FerryTransactions() {
    }

    /**
     * A transactional producer for {@code destination} on a session of FerryMQ's connection factory.
     *
     * @param session a non-transacted session created by a FerryMQ connection: the half-message transaction is its own
     *     unit of work, ended by the local transaction's answer, while a transacted session would hold the send until
     *     {@code Session.commit()} — after the local transaction has already decided
     * @param destination the queue or topic the committed message goes to
     * @param producerGroup the group the broker checks back with; every process that may answer for these transactions
     *     (other instances, the tx-checker service) uses the same group
     * @param checker answers back-checks from this process while the producer is open; {@code null} when this process
     *     must not answer them: the group's checks then go only to its other producers, typically the tx-checker
     *     service, and wait (not counted as checks) while none is connected
     * @throws IllegalArgumentException {@code FMQ-JMS-701} the session is not FerryMQ's; {@code FMQ-JMS-705} a bad group
     * @throws IllegalStateException {@code FMQ-JMS-702} the session is closed; {@code FMQ-JMS-703} it is transacted
     * @throws InvalidDestinationException {@code FMQ-JMS-704} no destination, or one that is neither queue nor topic
     * @throws JMSException {@code FMQ-JMS-711} the checker could not register with the brokers
     */
    public static FerryTransactionalProducer createProducer(Session session, Destination destination,
                                                            String producerGroup, FerryTransactionChecker checker)
            throws JMSException {
        if (!(session instanceof FerrySession s)) {
            throw new IllegalArgumentException("FMQ-JMS-701 half-message transactions need a session created by"
                    + " FerryMQ's connection factory (io.ferrymq.jms.FerryConnectionFactory), not "
                    + (session == null ? "null" : session.getClass().getName()));
        }
        return create(s, destination, producerGroup, checker);
    }

    /**
     * {@link #createProducer(Session, Destination, String, FerryTransactionChecker)} for a {@link JMSContext} of
     * FerryMQ's connection factory; errors are the unchecked equivalents.
     */
    public static FerryTransactionalProducer createProducer(JMSContext context, Destination destination,
                                                            String producerGroup, FerryTransactionChecker checker) {
        if (!(context instanceof FerryJMSContext c)) {
            throw new IllegalArgumentException("FMQ-JMS-701 half-message transactions need a JMSContext created by"
                    + " FerryMQ's connection factory (io.ferrymq.jms.FerryConnectionFactory), not "
                    + (context == null ? "null" : context.getClass().getName()));
        }
        FerrySession session;
        try {
            session = c.session();
        } catch (jakarta.jms.IllegalStateRuntimeException closed) {
            throw new jakarta.jms.IllegalStateRuntimeException("FMQ-JMS-702 the JMSContext is closed", "FMQ-JMS-702",
                    closed);
        }
        try {
            return create(session, destination, producerGroup, checker);
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
    }

    private static FerryTransactionalProducer create(FerrySession session, Destination destination,
                                                     String producerGroup, FerryTransactionChecker checker)
            throws JMSException {
        if (session.isClosed() || session.connection().isClosed()) {
            throw new IllegalStateException("FMQ-JMS-702 the session is closed", "FMQ-JMS-702");
        }
        if (session.isTransacted()) {
            throw new IllegalStateException("FMQ-JMS-703 half-message transactions need a non-transacted session: the"
                    + " local transaction's answer commits or rolls back the message, while a transacted session would"
                    + " hold the send until Session.commit(), after that answer. Create the producer on a session"
                    + " with AUTO_ACKNOWLEDGE (or another acknowledge mode)", "FMQ-JMS-703");
        }
        if (destination == null) {
            throw new InvalidDestinationException("FMQ-JMS-704 the destination must not be null", "FMQ-JMS-704");
        }
        FerryDestination to;
        try {
            to = FerryDestination.from(destination);
        } catch (JMSException e) {
            InvalidDestinationException bad = new InvalidDestinationException("FMQ-JMS-704 " + destination
                    + " cannot take transactional messages: " + e.getMessage(), "FMQ-JMS-704");
            bad.setLinkedException(e);
            bad.initCause(e);
            throw bad;
        }
        checkGroup(producerGroup, session.connection().config().getGroupPrefix() + "PRODUCER");
        return FerryTransactionalProducer.start(session, to, producerGroup, checker);
    }

    private static void checkGroup(String group, String connectionGroup) {
        if (group == null || !GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("FMQ-JMS-705 producer group '" + group + "' is not valid: expected 1 to"
                    + " 255 letters, digits, '_', '-', '%' or '|'");
        }
        if (group.equals(connectionGroup)) {
            throw new IllegalArgumentException("FMQ-JMS-705 producer group '" + group + "' is the group of every JMS"
                    + " connection's plain sends; back-checks would go to connections that cannot answer them."
                    + " Name the group after the application");
        }
    }

    /**
     * A checker that answers with a check listener of FerryMQ's client, given the half message as the broker sent it
     * (no JMS decoding) — above all the tx-checker's {@code new TxCheckerListener(txChecker)}, which answers from the
     * transaction log exactly as the {@code bin/txchecker} service does:
     *
     * <pre>{@code
     * FerryTransactions.createProducer(session, orders, "order-service",
     *         FerryTransactions.checkerOf(new TxCheckerListener(txChecker)));
     * }</pre>
     *
     * The result is only for {@code createProducer}: its own {@code check(Message)} throws
     * {@link UnsupportedOperationException} ({@code FMQ-JMS-713}).
     */
    public static FerryTransactionChecker checkerOf(TransactionCheckListener halfMessageChecker) {
        return new HalfMessageChecker(Objects.requireNonNull(halfMessageChecker, "halfMessageChecker"));
    }

    /**
     * The transaction id of a message a {@link FerryTransactionalProducer} sent: its JMSMessageID without
     * {@code "ID:"}, the id its local transaction was given and the transaction log holds. For checkers.
     *
     * @return the id, or null when the message has no JMSMessageID
     */
    public static String transactionId(Message message) throws JMSException {
        String id = Objects.requireNonNull(message, "message").getJMSMessageID();
        return id == null ? null : id.startsWith("ID:") ? id.substring(3) : id;
    }

    /** See {@link #checkerOf}: the producer hands such a checker the raw half message. */
    record HalfMessageChecker(TransactionCheckListener listener) implements FerryTransactionChecker {
        @Override
        public FerryTransactionState check(Message message) {
            throw new UnsupportedOperationException("FMQ-JMS-713 a checker made by FerryTransactions.checkerOf answers"
                    + " only the back-checks of the transactional producer it was given to");
        }
    }
}
