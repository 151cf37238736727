package io.ferrymq.jms;

import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;

/**
 * The simplified API's unchecked form of each JMSException (Jakarta Messaging 3.1: JMSContext and friends throw
 * {@code InvalidDestinationRuntimeException} where the classic API throws {@code InvalidDestinationException}, and so
 * on), for code that builds its own JMSContext over FerryMQ, such as the resource adapter's. Stateless.
 */
public final class UncheckedJms {
    private UncheckedJms() {
    }

    /** The unchecked equivalent of {@code e}, with its message, error code and {@code e} as the cause. */
    public static JMSRuntimeException of(JMSException e) {
        return JmsErrors.toRuntime(e);
    }
}
