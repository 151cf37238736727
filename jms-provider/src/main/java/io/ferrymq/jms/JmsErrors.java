package io.ferrymq.jms;

import io.ferrymq.client.ClientException;
import io.ferrymq.remoting.ResponseCode;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/**
 * Turns FerryMQ client failures into the JMS exceptions the spec names, and checked JMS exceptions into the unchecked
 * ones of the simplified API (its table of equivalents). Stateless.
 */
final class JmsErrors {
    private JmsErrors() {
    }

    /** A JMS exception for a client failure, keeping it as the linked exception and cause. */
    static JMSException fromClient(String what, ClientException e) {
        String text = "FMQ-JMS-600 " + what + ": " + e.getMessage();
        JMSException jms = switch (e.responseCode()) {
            case ResponseCode.TOPIC_NOT_EXIST -> new InvalidDestinationException(text, "FMQ-JMS-600");
            case ResponseCode.SUBSCRIPTION_PARSE_FAILED -> new InvalidSelectorException(text, "FMQ-JMS-600");
            case ResponseCode.NO_PERMISSION -> new JMSSecurityException(text, "FMQ-JMS-600");
            default -> new JMSException(text, "FMQ-JMS-600");
        };
        jms.setLinkedException(e);
        jms.initCause(e);
        return jms;
    }

    static IllegalStateException closed(String what) {
        return new IllegalStateException("FMQ-JMS-601 the " + what + " is closed", "FMQ-JMS-601");
    }

    /** A call of the classic API, for the simplified API to make unchecked. */
    @FunctionalInterface
    interface JmsCall<T> {
        T call() throws JMSException;
    }

    /** Runs {@code call}, turning a checked JMS exception into its unchecked equivalent. */
    static <T> T unchecked(JmsCall<T> call) {
        try {
            return call.call();
        } catch (JMSException e) {
            throw toRuntime(e);
        }
    }

    /** The unchecked equivalent of a checked JMS exception, as JMSContext and friends throw them. */
    static JMSRuntimeException toRuntime(JMSException e) {
        String m = e.getMessage();
        String c = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, c, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, c, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, c, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, c, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, c, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, c, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, c, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, c, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(m, c, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, c, e);
        } else {
            r = new JMSRuntimeException(m, c, e);
        }
        return r;
    }
}
