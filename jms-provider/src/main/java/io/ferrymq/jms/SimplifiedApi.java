package io.ferrymq.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MessageProducer;

/**
 * Pieces of the provider's simplified API for code that builds its own JMSContext over FerryMQ sessions, such as
 * the resource adapter's context over a pooled connection: the same JMSProducer the provider's contexts hand out.
 */
public final class SimplifiedApi {
    /** Opens the unidentified MessageProducer a JMSProducer sends through, on its first send. */
    public interface ProducerSource {
        MessageProducer open() throws JMSException;
    }

    private SimplifiedApi() {
    }

    /**
     * A JMSProducer of {@code context}: its options and properties apply to every send, made through the producer
     * {@code source} opens (once; the caller closes it with its session). One thread at a time, as its context.
     */
    public static JMSProducer producer(JMSContext context, ProducerSource source) {
        return new FerryJMSProducer(context, source);
    }
}
