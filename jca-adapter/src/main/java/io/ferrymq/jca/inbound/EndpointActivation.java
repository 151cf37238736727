package io.ferrymq.jca.inbound;

import io.ferrymq.jca.FerryResourceAdapter;
import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryXAConnectionFactory;
import io.ferrymq.jms.InboundDelivery;
import jakarta.jms.Destination;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One active message endpoint: its XA connection, {@code maxSession} XA sessions with one consumer each, and the
 * {@link SessionWorker}s that deliver on the container's WorkManager. Owns the connection's life: start, reconnect
 * after the provider gave up on it (or a session failed), and the clean stop of deactivation.
 *
 * <p>Threads: start/stop on the container's threads, reconnects on this activation's timer, deliveries on work
 * threads. State changes happen under {@code this}; a worker only compares its generation with the current one.
 */
final class EndpointActivation {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointActivation.class);
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", jakarta.jms.Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final long FIRST_RECONNECT_DELAY_MILLIS = 1_000;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 30_000;

    private final BootstrapContext context;
    private final MessageEndpointFactory factory;
    private final FerryActivationSpec spec;
    private final FerryConnectionConfig config;
    private final boolean transacted;
    private final int sessionCount;
    /**
     * A non-durable, unshared topic endpoint consumes through a shared subscription of its own, so its sessions share
     * one copy of the topic (a subscriber per session would get every message once per session). Named once, so a
     * reconnect resumes where it was; deleted at stop. Null for other endpoints.
     */
    private final String ownSubscription;
    /** How long stop() waits for deliveries running when it is called. */
    private final long stopTimeoutMillis;

    private final Timer timer;
    private XAConnection connection;
    private List<SessionWorker> workers = List.of();
    /** Bumped on every reconnect and at stop: workers of an older generation finish their delivery and leave. */
    private volatile int generation;
    private volatile boolean stopping;
    private long reconnectDelay = FIRST_RECONNECT_DELAY_MILLIS;
    private int failedConnects;

    EndpointActivation(FerryResourceAdapter adapter, BootstrapContext context, MessageEndpointFactory factory,
                       FerryActivationSpec spec) throws ResourceException {
        this.context = context;
        this.factory = factory;
        this.spec = spec;
        try {
            this.config = spec.connectionConfig(adapter);
        } catch (IllegalArgumentException e) {
            throw new jakarta.resource.spi.InvalidPropertyException("FMQ-JCA-405 the connection settings of " + spec
                    + " are not valid: " + e.getMessage(), e);
        }
        try {
            this.transacted = factory.isDeliveryTransacted(ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new jakarta.resource.NotSupportedException("FMQ-JCA-406 the endpoint " + factory
                    + " is not a jakarta.jms.MessageListener", e);
        }
        this.sessionCount = spec.effectiveMaxSession();
        if (sessionCount < spec.getMaxSession()) {
            LOG.info("FMQ-JCA-407 {}: an unshared durable subscription has one consumer; delivering with 1 session"
                    + " instead of maxSession {} (set shared=true to consume it concurrently)", spec, spec.getMaxSession());
        }
        this.ownSubscription = spec.isTopic() && !spec.isDurable() && !spec.isShared()
                ? "fmq-mdb-" + UUID.randomUUID().toString().replace("-", "") : null;
        this.stopTimeoutMillis = config.getCloseTimeoutMillis();
        if (spec.getConnectionFactoryLookup() != null) {
            LOG.info("FMQ-JCA-408 {}: connectionFactoryLookup {} is not used; the endpoint connects with the resource"
                    + " adapter's settings and its activation properties", spec, spec.getConnectionFactoryLookup());
        }
        this.timer = context.createTimer();
    }

    boolean transacted() {
        return transacted;
    }

    MessageEndpointFactory factory() {
        return factory;
    }

    FerryActivationSpec spec() {
        return spec;
    }

    WorkManager workManager() {
        return context.getWorkManager();
    }

    /** True while workers of {@code gen} should go on taking messages. */
    boolean running(int gen) {
        return !stopping && gen == generation;
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * Opens the connection and sessions and schedules the workers. Errors that retrying cannot fix (credentials,
     * destination, selector, client id in use) fail the activation; others (the cluster cannot be reached) are
     * logged and retried in the background, so an endpoint deployed before its brokers start still gets its messages.
     */
    void start() throws ResourceException {
        try {
            synchronized (this) {
                connect();
            }
            LOG.info("FMQ-JCA-409 {} active: {} sessions, {} delivery", spec, sessionCount,
                    transacted ? "transacted (XA)" : "non-transacted");
        } catch (JMSSecurityException | InvalidDestinationException | InvalidSelectorException
                 | InvalidClientIDException e) {
            closeQuietly();
            timer.cancel();
            throw new ResourceException("FMQ-JCA-403 cannot activate " + spec + ": " + e.getMessage(), e);
        } catch (JMSException | RuntimeException e) {
            closeQuietly();
            LOG.warn("FMQ-JCA-410 {} cannot connect to the cluster at {} now ({}); retrying in the background",
                    spec, config.getNamesrvAddr(), e.getMessage());
            scheduleReconnect();
        }
    }

    /** Under {@code this}: a new connection, its sessions and consumers, and their workers scheduled. */
    private void connect() throws JMSException {
        XAConnection c = new FerryXAConnectionFactory(config).createXAConnection();
        connection = c;
        int gen = generation;
        c.setExceptionListener(e -> onConnectionProblem(gen, e));
        Destination destination = destination(c);
        List<SessionWorker> made = new ArrayList<>();
        for (int i = 0; i < sessionCount; i++) {
            XASession session = c.createXASession();
            if (!spec.getOrderedByGroup()) {
                InboundDelivery.disableMessageGroups(session);
            }
            made.add(new SessionWorker(this, gen, i, session, consumer(session, destination)));
        }
        c.start();
        workers = made;
        for (SessionWorker w : made) {
            submit(w);
        }
    }

    private Destination destination(XAConnection c) throws JMSException {
        if (spec.getDestination() == null) {
            Object found;
            try {
                found = new InitialContext().lookup(spec.getDestinationLookup());
            } catch (NamingException e) {
                throw new InvalidDestinationException("FMQ-JCA-411 destinationLookup " + spec.getDestinationLookup()
                        + " cannot be looked up: " + e.getMessage());
            }
            // A destination of another provider (or a plain name) is used by its name.
            try (Session s = c.createSession()) {
                if (spec.isTopic() && found instanceof Topic t) {
                    return s.createTopic(t.getTopicName());
                }
                if (!spec.isTopic() && found instanceof Queue q) {
                    return s.createQueue(q.getQueueName());
                }
            }
            throw new InvalidDestinationException("FMQ-JCA-411 destinationLookup " + spec.getDestinationLookup()
                    + " names " + found + ", not a " + (spec.isTopic() ? "Topic" : "Queue"));
        }
        try (Session s = c.createSession()) {
            return spec.isTopic() ? s.createTopic(spec.getDestination()) : s.createQueue(spec.getDestination());
        }
    }

    private MessageConsumer consumer(XASession session, Destination destination) throws JMSException {
        String selector = spec.getMessageSelector();
        if (!spec.isTopic()) {
            return session.createConsumer(destination, selector);
        }
        Topic topic = (Topic) destination;
        if (spec.isDurable()) {
            return spec.isShared() ? session.createSharedDurableConsumer(topic, spec.getSubscriptionName(), selector)
                    : session.createDurableConsumer(topic, spec.getSubscriptionName(), selector, false);
        }
        return session.createSharedConsumer(topic, spec.isShared() ? spec.getSubscriptionName() : ownSubscription,
                selector);
    }

    private void submit(SessionWorker w) {
        try {
            workManager().scheduleWork(w, WorkManager.INDEFINITE, null, new WorkListener() {
                @Override
                public void workAccepted(WorkEvent e) {
                }

                @Override
                public void workRejected(WorkEvent e) {
                    rejected(w, e.getException());
                }

                @Override
                public void workStarted(WorkEvent e) {
                }

                @Override
                public void workCompleted(WorkEvent e) {
                }
            });
        } catch (WorkException e) {
            rejected(w, e);
        }
    }

    /** The WorkManager would not run a worker (no thread free): try again in a second, while it is current. */
    private void rejected(SessionWorker w, Exception cause) {
        if (!w.markRejected()) {
            return;
        }
        LOG.warn("FMQ-JCA-412 the WorkManager rejected session {} of {} ({}); resubmitting in 1 s — give the"
                + " WorkManager at least as many (long-running) threads as the endpoints' maxSession add up to",
                w.index(), spec, cause == null ? "no reason given" : cause.getMessage());
        schedule(() -> {
            if (running(w.generation())) {
                submit(w);
            }
        }, 1_000);
    }

    /** The connection's ExceptionListener: the provider reconnects by itself until its reconnectAttempts run out. */
    private void onConnectionProblem(int gen, JMSException e) {
        if ("FMQ-JMS-614".equals(e.getErrorCode())) {
            connectionFailed(gen, e);
        } else {
            LOG.warn("FMQ-JCA-413 {}: {}; deliveries resume when the cluster is reachable again", spec, e.getMessage());
        }
    }

    /**
     * The connection of {@code gen} cannot go on (the provider gave up reconnecting, or a session failed): its
     * workers finish what they deliver and leave, and a new connection is made, retrying with backoff.
     */
    void connectionFailed(int gen, Exception cause) {
        synchronized (this) {
            if (stopping || gen != generation) {
                return;
            }
            generation++;
        }
        LOG.warn("FMQ-JCA-414 {} lost its connection ({}); reconnecting", spec, cause.toString());
        schedule(this::reconnect, 0);
    }

    /** On the timer: waits for the old workers, closes the old connection, connects again or schedules a retry. */
    private void reconnect() {
        List<SessionWorker> old;
        synchronized (this) {
            old = workers;
        }
        awaitWorkers(old, stopTimeoutMillis);
        synchronized (this) {
            if (stopping) {
                return;
            }
            closeQuietly();
            try {
                connect();
            } catch (JMSException | RuntimeException e) {
                closeQuietly();
                failedConnects++;
                if (failedConnects == 1 || LOG.isDebugEnabled()) {
                    LOG.warn("FMQ-JCA-415 {}: reconnecting to {} failed ({}); retrying every {} ms at most", spec,
                            config.getNamesrvAddr(), e.getMessage(), MAX_RECONNECT_DELAY_MILLIS);
                }
                scheduleReconnect();
                return;
            }
            if (failedConnects > 0 || generation > 0) {
                LOG.info("FMQ-JCA-416 {} reconnected after {} failed attempts", spec, failedConnects);
            }
            failedConnects = 0;
            reconnectDelay = FIRST_RECONNECT_DELAY_MILLIS;
        }
    }

    private synchronized void scheduleReconnect() {
        if (stopping) {
            return;
        }
        long delay = reconnectDelay;
        reconnectDelay = Math.min(MAX_RECONNECT_DELAY_MILLIS, reconnectDelay * 2);
        schedule(this::reconnect, delay);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(new TimerTask() {
                @Override
                public void run() {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.error("FMQ-JCA-417 {}: a reconnect or resubmit task failed", spec, e);
                    }
                }
            }, delayMillis);
        } catch (IllegalStateException cancelled) {
            // The activation stopped meanwhile: nothing more to schedule.
        }
    }

    /**
     * Deactivation: no new messages are taken; deliveries running now finish (waiting up to the connection's
     * closeTimeoutMillis, 30 s by default); then the connection closes, which gives every buffered message back to
     * the brokers undelivered. A message is either processed (its transaction or acknowledgement completed) or back
     * in the broker, never both.
     */
    void stop() {
        List<SessionWorker> running;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            generation++;
            running = workers;
        }
        timer.cancel();
        if (!awaitWorkers(running, stopTimeoutMillis)) {
            LOG.warn("FMQ-JCA-418 {}: deliveries still running after {} ms; closing the connection under them (their"
                    + " transactions end as their container decides; unsettled messages come back after the lease)",
                    spec, stopTimeoutMillis);
        }
        synchronized (this) {
            if (ownSubscription != null && connection != null) {
                for (SessionWorker w : running) {
                    w.closeConsumer();
                }
                try (Session s = connection.createSession()) {
                    InboundDelivery.deleteSharedSubscription(s, ownSubscription);
                } catch (JMSException | RuntimeException e) {
                    LOG.debug("FMQ-JCA-419 deleting subscription {} of {} failed: {}", ownSubscription, spec,
                            e.toString());
                }
            }
            closeQuietly();
        }
        LOG.info("FMQ-JCA-420 {} deactivated", spec);
    }

    private static boolean awaitWorkers(List<SessionWorker> list, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (SessionWorker w : list) {
            if (!w.awaitFinished(deadline)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void closeQuietly() {
        XAConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("FMQ-JCA-421 closing the connection of {} failed: {}", spec, e.toString());
            }
        }
    }

    /** The current generation (tests). */
    int generation() {
        return generation;
    }

    @Override
    public String toString() {
        return "EndpointActivation[" + spec + "]";
    }
}
