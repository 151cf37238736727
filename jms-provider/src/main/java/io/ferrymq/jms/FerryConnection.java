package io.ferrymq.jms;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessagingClient;
import io.ferrymq.client.Producer;
import io.ferrymq.jms.message.JmsWireCodec;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JMS connection: one {@link MessagingClient} (routes, broker connections, heartbeats) shared by its sessions, one
 * client producer for all of them, the client id, start/stop and the temporary destinations it created.
 *
 * <p>Thread-safe, as the spec requires of connections. Start/stop/close are serialised on the connection.
 */
class FerryConnection implements Connection, QueueConnection, TopicConnection, TemporaryDestinationOwner {
    private static final Logger LOG = LoggerFactory.getLogger(FerryConnection.class);
    /** Client ids in use by open connections of this JVM (the spec forbids two connections with one id). */
    private static final Set<String> CLIENT_IDS_IN_USE = ConcurrentHashMap.newKeySet();
    /** One thread watches every connection's contact with its cluster. */
    private static final java.util.concurrent.ScheduledExecutorService MONITOR =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    io.ferrymq.common.util.DaemonThreads.factory("ferrymq-jms-monitor"));

    private final FerryConnectionConfig config;
    private final MessagingClient client;
    private final Producer producer;
    private final JmsWireCodec codec;
    /** Names this connection in the messages it sends, so noLocal subscribers can skip them. */
    private final String connectionId = UUID.randomUUID().toString().replace("-", "");
    private final List<FerrySession> sessions = new CopyOnWriteArrayList<>();
    /** Sends with a CompletionListener run here, one at a time, so listeners are called in the order of sends. */
    private final java.util.concurrent.ExecutorService asyncSends =
            java.util.concurrent.Executors.newSingleThreadExecutor(io.ferrymq.common.util.DaemonThreads.factory("ferrymq-jms-send"));
    private final Set<FerryTemporaryDestination> temporaries = ConcurrentHashMap.newKeySet();
    private final Object startLock = new Object();
    private volatile String clientId;
    /** Once anything but setClientID was called, the client id may no longer be set (JMS 6.1.2). */
    private volatile boolean clientIdFixed;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile ExceptionListener exceptionListener;
    private java.util.concurrent.ScheduledFuture<?> monitor;
    /** Consecutive failed checks of the cluster; 0 while in contact. */
    private int failedChecks;

    FerryConnection(FerryConnectionConfig config, MessagingClient client) {
        this.config = config;
        this.client = client;
        this.producer = client.newProducer(config.getGroupPrefix() + "PRODUCER");
        this.codec = new JmsWireCodec(config.toTrustedPackages());
    }

    /**
     * Connects: starts the client and asks a nameserver for the cluster, so a wrong address fails here. Credentials
     * are checked by the brokers (see docs/jms.md).
     */
    static FerryConnection open(FerryConnectionConfig config, String user, String password) throws JMSException {
        return open(config, user, password, FerryConnection::new);
    }

    /** How {@link #open} makes the connection object once the client is connected (a plain or an XA connection). */
    interface Maker<C extends FerryConnection> {
        C make(FerryConnectionConfig config, MessagingClient client);
    }

    static <C extends FerryConnection> C open(FerryConnectionConfig config, String user, String password, Maker<C> maker)
            throws JMSException {
        ClientConfig cc = new ClientConfig().setNamesrvAddr(config.getNamesrvAddr())
                .setInstanceName("jms-" + UUID.randomUUID().toString().substring(0, 8))
                .setRequestTimeoutMillis(config.getRequestTimeoutMillis());
        if (user != null) {
            cc.setCredentials(user, password == null ? "" : password);
        }
        MessagingClient client = new MessagingClient(cc);
        try {
            client.start();
            client.clusterMasters();
        } catch (ClientException e) {
            client.close();
            throw JmsErrors.fromClient("cannot reach the FerryMQ cluster at " + config.getNamesrvAddr(), e);
        }
        try {
            // Brokers with aclEnable=true check every request; asking now makes wrong credentials fail here.
            client.verifyCredentials();
        } catch (io.ferrymq.client.ClientAuthenticationException e) {
            client.close();
            jakarta.jms.JMSSecurityException denied = new jakarta.jms.JMSSecurityException("FMQ-JMS-611 the brokers"
                    + " refused the credentials of user " + user + ": " + e.getMessage(), "FMQ-JMS-611");
            denied.setLinkedException(e);
            denied.initCause(e);
            throw denied;
        } catch (ClientException e) {
            client.close();
            throw JmsErrors.fromClient("checking the credentials with the brokers", e);
        }
        C made = maker.make(config, client);
        FerryConnection c = made;
        try {
            c.producer.setSendTimeoutMillis(config.getSendTimeoutMillis());
            c.producer.start();
            if (config.getClientID() != null) {
                c.claimClientId(config.getClientID());
                c.clientIdFixed = true;
            }
        } catch (ClientException e) {
            client.close();
            throw JmsErrors.fromClient("starting the connection", e);
        } catch (JMSException e) {
            client.close();
            throw e;
        }
        long every = config.getReconnectIntervalMillis();
        c.monitor = MONITOR.scheduleWithFixedDelay(c::checkContact, every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return made;
    }

    /**
     * Runs on the monitor thread: asks a nameserver for the cluster's masters. Requests fail over between nameservers
     * and reconnect to brokers by themselves; when the cluster cannot be reached at all, the exception listener hears
     * it once (and once more if {@code reconnectAttempts} run out), and contact coming back is logged.
     */
    private void checkContact() {
        if (closed) {
            return;
        }
        String problem;
        try {
            problem = client.clusterMasters().isEmpty() ? "no broker master is registered with the nameservers" : null;
        } catch (ClientException | RuntimeException e) {
            problem = e.getMessage();
        }
        if (closed) {
            // Closed while the check ran: the failure is the close itself (a pool destroying its connections).
            return;
        }
        if (problem == null) {
            if (failedChecks > 0) {
                LOG.info("FMQ-JMS-612 {} is in contact with the cluster again after {} failed checks", this, failedChecks);
            }
            failedChecks = 0;
            return;
        }
        failedChecks++;
        int attempts = config.getReconnectAttempts();
        if (failedChecks == 1) {
            LOG.warn("FMQ-JMS-613 {} lost contact with the cluster at {}: {}; reconnecting", this,
                    config.getNamesrvAddr(), problem);
            onConnectionProblem(new JMSException("FMQ-JMS-613 lost contact with the FerryMQ cluster at "
                    + config.getNamesrvAddr() + ": " + problem + "; reconnecting every "
                    + config.getReconnectIntervalMillis() + " ms", "FMQ-JMS-613"));
        } else if (attempts >= 0 && failedChecks == attempts + 1) {
            onConnectionProblem(new JMSException("FMQ-JMS-614 no contact with the FerryMQ cluster at "
                    + config.getNamesrvAddr() + " after " + attempts + " reconnection attempts: " + problem
                    + "; close this connection and create a new one", "FMQ-JMS-614"));
        }
    }

    FerryConnectionConfig config() {
        return config;
    }

    MessagingClient client() {
        return client;
    }

    Producer producer() {
        return producer;
    }

    JmsWireCodec codec() {
        return codec;
    }

    java.util.concurrent.Executor asyncSends() {
        return asyncSends;
    }

    String connectionId() {
        return connectionId;
    }

    void checkOpen() throws IllegalStateException {
        if (closed) {
            throw JmsErrors.closed("connection");
        }
    }

    boolean isStarted() {
        return started;
    }

    boolean isClosed() {
        return closed;
    }

    /** Blocks while the connection is stopped, up to {@code deadlineNanos}; false if it is still stopped then. */
    boolean awaitStarted(long deadlineNanos) throws InterruptedException {
        synchronized (startLock) {
            while (!started && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                startLock.wait(Math.max(1, left / 1_000_000));
            }
            return started;
        }
    }

    void fixClientId() {
        clientIdFixed = true;
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createFerrySession(transacted, acknowledgeMode);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        if (sessionMode == Session.SESSION_TRANSACTED) {
            return createFerrySession(true, Session.SESSION_TRANSACTED);
        }
        return createFerrySession(false, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createFerrySession(false, Session.AUTO_ACKNOWLEDGE);
    }

    FerrySession createFerrySession(boolean transacted, int acknowledgeMode) throws JMSException {
        checkOpen();
        fixClientId();
        int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        if (!transacted && mode != Session.AUTO_ACKNOWLEDGE && mode != Session.CLIENT_ACKNOWLEDGE
                && mode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("FMQ-JMS-602 unknown acknowledge mode " + acknowledgeMode
                    + " (AUTO_ACKNOWLEDGE=1, CLIENT_ACKNOWLEDGE=2, DUPS_OK_ACKNOWLEDGE=3, or a transacted session)",
                    "FMQ-JMS-602");
        }
        return register(new FerrySession(this, mode));
    }

    /** Tracks a new session so closing the connection closes it. */
    <S extends FerrySession> S register(S s) {
        sessions.add(s);
        return s;
    }

    void sessionClosed(FerrySession s) {
        sessions.remove(s);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createFerrySession(transacted, acknowledgeMode);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createFerrySession(transacted, acknowledgeMode);
    }

    // ------------------------------------------------------------------ client id, metadata, listener

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public void setClientID(String id) throws JMSException {
        checkOpen();
        if (clientIdFixed) {
            throw new IllegalStateException("FMQ-JMS-603 the client id can only be set right after the connection is"
                    + " created, before it is used" + (clientId != null ? " (it is " + clientId + ")" : ""), "FMQ-JMS-603");
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidClientIDException("FMQ-JMS-604 a client id must not be empty", "FMQ-JMS-604");
        }
        claimClientId(id);
        clientIdFixed = true;
    }

    private void claimClientId(String id) throws InvalidClientIDException {
        if (!CLIENT_IDS_IN_USE.add(id)) {
            throw new InvalidClientIDException("FMQ-JMS-605 client id " + id + " is in use by another connection",
                    "FMQ-JMS-605");
        }
        clientId = id;
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        fixClientId();
        return FerryMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        fixClientId();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        fixClientId();
        this.exceptionListener = listener;
    }

    // ------------------------------------------------------------------ start, stop, close

    @Override
    public void start() throws JMSException {
        checkOpen();
        fixClientId();
        synchronized (startLock) {
            started = true;
            startLock.notifyAll();
        }
        sessions.forEach(FerrySession::deliveryMayResume);
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        fixClientId();
        FerrySession.checkNotInListener(this, "stop");
        synchronized (startLock) {
            started = false;
        }
        for (FerrySession s : sessions) {
            s.awaitListenerIdle();
        }
    }

    @Override
    public void close() throws JMSException {
        FerrySession.checkNotInListener(this, "close");
        synchronized (this) {
            if (closed) {
                return;
            }
            synchronized (startLock) {
                started = false;
            }
            if (monitor != null) {
                monitor.cancel(false);
            }
            JMSException first = null;
            for (FerrySession s : sessions) {
                try {
                    s.close();
                } catch (JMSException e) {
                    first = first == null ? e : first;
                }
            }
            for (FerryTemporaryDestination t : temporaries) {
                deleteQuietly(t);
            }
            closed = true;
            synchronized (startLock) {
                startLock.notifyAll();
            }
            asyncSends.shutdown();
            try {
                // Sends already handed to the client finish (and call their listeners) before the connection goes.
                asyncSends.awaitTermination(config.getCloseTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close();
            client.close();
            if (clientId != null) {
                CLIENT_IDS_IN_USE.remove(clientId);
            }
            if (first != null) {
                throw first;
            }
        }
    }

    // ------------------------------------------------------------------ temporary destinations

    TemporaryQueue createTemporaryQueue() throws JMSException {
        checkOpen();
        FerryTemporaryQueue q = new FerryTemporaryQueue("TMPQ-" + UUID.randomUUID(), this);
        temporaries.add(q);
        return q;
    }

    TemporaryTopic createTemporaryTopic() throws JMSException {
        checkOpen();
        FerryTemporaryTopic t = new FerryTemporaryTopic("TMPT-" + UUID.randomUUID(), this);
        temporaries.add(t);
        return t;
    }

    /** A consumer may read a temporary destination only through the connection that created it (JMS 6.2.10). */
    void checkMayConsume(Destination destination) throws JMSException {
        if (destination instanceof FerryTemporaryDestination t && !temporaries.contains(t)) {
            throw new jakarta.jms.InvalidDestinationException("FMQ-JMS-606 " + t + " belongs to another connection"
                    + (t.isOwnedBy(this) ? " or was deleted" : ""), "FMQ-JMS-606");
        }
    }

    @Override
    public void deleteTemporaryDestination(FerryTemporaryDestination destination) throws JMSException {
        checkOpen();
        for (FerrySession s : sessions) {
            if (s.hasConsumerOn(destination)) {
                throw new IllegalStateException("FMQ-JMS-607 " + destination + " still has consumers", "FMQ-JMS-607");
            }
        }
        if (temporaries.remove(destination)) {
            deleteQuietly(destination);
        }
    }

    private void deleteQuietly(FerryTemporaryDestination t) {
        try {
            SubscriptionNames names = new SubscriptionNames(config.getGroupPrefix(), clientId);
            client.deleteSubscription(names.queueGroup(t.topicName()), t.topicName());
        } catch (ClientException | RuntimeException e) {
            LOG.debug("FMQ-JMS-608 cleaning up {} failed: {}", t, e.toString());
        }
    }

    // ------------------------------------------------------------------ not supported

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw optional("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw optional("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                              String messageSelector, ServerSessionPool sessionPool,
                                                              int maxMessages) throws JMSException {
        throw optional("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages)
            throws JMSException {
        throw optional("createSharedDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw optional("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw optional("createConnectionConsumer");
    }

    /** Connection consumers are the optional application-server facility JMS 8 describes; the resource adapter replaces it. */
    private JMSException optional(String method) throws JMSException {
        checkOpen();
        return new JMSException("FMQ-JMS-609 " + method + " (an optional JMS facility for application servers) is not"
                + " supported; use message listeners, or FerryMQ's resource adapter in an application server",
                "FMQ-JMS-609");
    }

    void onConnectionProblem(JMSException problem) {
        ExceptionListener l = exceptionListener;
        if (l != null) {
            try {
                l.onException(problem);
            } catch (RuntimeException e) {
                LOG.warn("FMQ-JMS-610 the exception listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "FerryConnection[" + config.getNamesrvAddr() + (clientId != null ? ", clientID=" + clientId : "") + "]";
    }
}
