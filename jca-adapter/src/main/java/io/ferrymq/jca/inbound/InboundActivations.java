package io.ferrymq.jca.inbound;

import io.ferrymq.jca.FerryResourceAdapter;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * The resource adapter's active message endpoints. Inbound delivery is being built (issue 9): until then an
 * activation is refused with a clear error rather than accepted and never delivered to.
 */
public final class InboundActivations {
    private final FerryResourceAdapter adapter;
    private final BootstrapContext context;

    public InboundActivations(FerryResourceAdapter adapter, BootstrapContext context) {
        this.adapter = adapter;
        this.context = context;
    }

    public void activate(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("FMQ-JCA-100 inbound delivery is not available in this build of " + adapter
                + " (" + context + ")");
    }

    public void deactivate(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    public void stopAll() {
    }
}
