package io.ferrymq.jca.inbound;

import io.ferrymq.jca.FerryResourceAdapter;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource adapter's active message endpoints: one {@link EndpointActivation} per (endpoint factory, activation
 * spec) the container activated, until it deactivates it or the adapter stops.
 *
 * <p>Thread-safe: containers may activate and deactivate endpoints from several threads.
 */
public final class InboundActivations {
    private static final Logger LOG = LoggerFactory.getLogger(InboundActivations.class);

    /** The container passes the same two objects to activation and deactivation (JCA 13.4.4): identity keys. */
    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.factory == factory && k.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    private final FerryResourceAdapter adapter;
    private final BootstrapContext context;
    private final Map<Key, EndpointActivation> active = new ConcurrentHashMap<>();

    public InboundActivations(FerryResourceAdapter adapter, BootstrapContext context) {
        this.adapter = adapter;
        this.context = context;
    }

    /**
     * Validates {@code spec} and starts consuming for the endpoint: its connection and sessions are open when this
     * returns (or, when the cluster cannot be reached now, are being retried in the background).
     *
     * @throws ResourceException the spec is not FerryMQ's or not valid, the endpoint is no MessageListener, or the
     *                           destination, selector, client id or credentials were refused
     */
    public void activate(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof FerryActivationSpec ferrySpec)) {
            throw new NotSupportedException("FMQ-JCA-400 FerryMQ activates endpoints with a FerryActivationSpec, not "
                    + (spec == null ? "null" : spec.getClass().getName()));
        }
        ferrySpec.validate();
        if (context == null || context.getWorkManager() == null) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-401 the container gave the resource adapter"
                    + " no WorkManager to deliver with");
        }
        Key key = new Key(factory, spec);
        EndpointActivation activation = new EndpointActivation(adapter, context, factory, ferrySpec);
        if (active.putIfAbsent(key, activation) != null) {
            throw new jakarta.resource.spi.IllegalStateException("FMQ-JCA-402 " + spec + " is active already for "
                    + factory);
        }
        try {
            activation.start();
        } catch (ResourceException | RuntimeException e) {
            active.remove(key);
            throw e;
        }
    }

    /** Stops the endpoint's deliveries cleanly (see {@link EndpointActivation#stop()}); unknown pairs are ignored. */
    public void deactivate(MessageEndpointFactory factory, ActivationSpec spec) {
        EndpointActivation activation = active.remove(new Key(factory, spec));
        if (activation == null) {
            LOG.debug("FMQ-JCA-404 deactivation of {} which is not active; ignored", spec);
            return;
        }
        activation.stop();
    }

    /** The adapter stops: every endpoint stops as on deactivation. */
    public void stopAll() {
        List<EndpointActivation> all = new ArrayList<>(active.values());
        active.clear();
        for (EndpointActivation a : all) {
            a.stop();
        }
    }

    /** The running activation of a pair, or null (tests). */
    EndpointActivation activation(MessageEndpointFactory factory, ActivationSpec spec) {
        return active.get(new Key(factory, spec));
    }
}
