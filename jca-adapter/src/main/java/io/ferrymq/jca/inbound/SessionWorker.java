package io.ferrymq.jca.inbound;

import io.ferrymq.jms.InboundDelivery;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * One session of an endpoint, delivering its consumer's messages one at a time to endpoint instances: the long-running
 * Work the container's WorkManager runs for as long as the activation's generation is current.
 *
 * <p>Per message: take it unsettled, create an endpoint (bound to the session's XAResource when delivery is
 * transacted), {@code beforeDelivery} (the container begins the transaction and enlists the XAResource),
 * {@code onMessage}, settle the message into the session (so into the branch, when one is associated; else
 * acknowledged, or redelivered when the listener threw), {@code afterDelivery} (commit or rollback), release.
 *
 * <p>Threads: {@link #run} on one work thread; {@link #awaitFinished} and {@link #markRejected} from the activation.
 */
final class SessionWorker implements Work, WorkContextProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
    /** One receive's wait: also how long an idle session takes to notice a stop. */
    static final long RECEIVE_WAIT_MILLIS = 500;
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 5_000;

    private enum State { NEW, RUNNING, FINISHED }

    private final transient EndpointActivation activation;
    private final int generation;
    private final int index;
    private final transient XASession session;
    private final transient MessageConsumer consumer;
    private State state = State.NEW;
    private volatile boolean released;

    SessionWorker(EndpointActivation activation, int generation, int index, XASession session, MessageConsumer consumer) {
        this.activation = activation;
        this.generation = generation;
        this.index = index;
        this.session = session;
        this.consumer = consumer;
    }

    int generation() {
        return generation;
    }

    int index() {
        return index;
    }

    /**
     * A hint to put this Work on the WorkManager's long-running threads (JCA 11.6.1.1): it runs for as long as the
     * endpoint is active, and must not take a short-running thread from other work.
     */
    @Override
    public List<WorkContext> getWorkContexts() {
        HintsContext hints = new HintsContext();
        hints.setName("FerryMQ endpoint session");
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        hints.setHint(HintsContext.NAME_HINT, "ferrymq-mdb-" + index);
        return List.of(hints);
    }

    @Override
    public void run() {
        synchronized (this) {
            if (state != State.NEW) {
                return;
            }
            state = State.RUNNING;
        }
        try {
            loop();
        } finally {
            synchronized (this) {
                state = State.FINISHED;
                notifyAll();
            }
        }
    }

    private void loop() {
        while (!released && activation.running(generation)) {
            InboundDelivery d;
            try {
                d = InboundDelivery.receive(consumer, RECEIVE_WAIT_MILLIS);
            } catch (JMSException | RuntimeException e) {
                if (activation.running(generation) && !released) {
                    activation.connectionFailed(generation, e);
                }
                return;
            }
            if (d != null) {
                deliver(d);
            }
        }
    }

    /** Delivers one message, whatever happens (a stop arriving meanwhile lets it finish). */
    private void deliver(InboundDelivery d) {
        MessageEndpoint endpoint = createEndpoint(d);
        if (endpoint == null) {
            return;
        }
        try {
            try {
                endpoint.beforeDelivery(EndpointActivation.ON_MESSAGE);
            } catch (NoSuchMethodException | ResourceException | RuntimeException e) {
                // Counted as a delivery: a container that always fails here sends the message to the DLQ in the end
                // rather than round and round for ever.
                LOG.warn("FMQ-JCA-422 {}: beforeDelivery failed ({}); message {} will be delivered again",
                        activation.spec(), e.toString(), messageId(d));
                d.settle(true);
                pause(FIRST_RETRY_MILLIS * 10);
                return;
            }
            boolean failed = false;
            try {
                ((MessageListener) endpoint).onMessage(d.message());
            } catch (RuntimeException e) {
                failed = true;
                LOG.warn("FMQ-JCA-423 {}: the endpoint failed on message {} ({}); it will be delivered again or go to"
                        + " the dead-letter queue", activation.spec(), messageId(d), e.toString());
            }
            // After onMessage and before afterDelivery: in a transaction, the session is associated with the
            // endpoint's branch now, so the message is consumed when it commits and redelivered when it rolls back.
            // Without one, it is acknowledged now, or redelivered (counted) when the listener threw.
            d.settle(failed);
            try {
                endpoint.afterDelivery();
            } catch (ResourceException | RuntimeException e) {
                LOG.warn("FMQ-JCA-424 {}: afterDelivery failed on message {} ({}); the transaction's outcome decides"
                        + " whether it comes again", activation.spec(), messageId(d), e.toString());
            }
        } finally {
            try {
                endpoint.release();
            } catch (RuntimeException e) {
                LOG.debug("FMQ-JCA-425 releasing an endpoint failed: {}", e.toString());
            }
        }
    }

    /**
     * An endpoint for the message, waiting (with backoff) while the container has none free; null when the endpoint
     * is stopping meanwhile — then the message goes back to the broker undelivered.
     */
    private MessageEndpoint createEndpoint(InboundDelivery d) {
        long wait = FIRST_RETRY_MILLIS;
        boolean logged = false;
        while (true) {
            try {
                return activation.factory().createEndpoint(activation.transacted() ? session.getXAResource() : null);
            } catch (UnavailableException e) {
                if (!logged) {
                    LOG.info("FMQ-JCA-426 {}: no endpoint instance available ({}); retrying", activation.spec(),
                            e.getMessage());
                    logged = true;
                }
            } catch (RuntimeException e) {
                LOG.warn("FMQ-JCA-427 {}: creating an endpoint failed ({}); retrying", activation.spec(), e.toString());
            }
            if (released || !activation.running(generation)) {
                d.abandon();
                return null;
            }
            pause(wait);
            wait = Math.min(MAX_RETRY_MILLIS, wait * 2);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String messageId(InboundDelivery d) {
        try {
            return d.message().getJMSMessageID();
        } catch (JMSException e) {
            return "?";
        }
    }

    /** The WorkManager shuts down: leave after the current delivery. */
    @Override
    public void release() {
        released = true;
    }

    /** True the first time a rejection of this not yet started Work is reported. */
    synchronized boolean markRejected() {
        return state == State.NEW;
    }

    /** Waits until this worker is not delivering (finished, or never started); false when the deadline passed. */
    synchronized boolean awaitFinished(long deadlineNanos) {
        while (state == State.RUNNING) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Closes the consumer (buffered messages go back); only once this worker is finished. */
    void closeConsumer() {
        try {
            consumer.close();
        } catch (JMSException e) {
            LOG.debug("FMQ-JCA-428 closing a consumer failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "SessionWorker[" + index + " of " + activation + ", generation " + generation + "]";
    }
}
