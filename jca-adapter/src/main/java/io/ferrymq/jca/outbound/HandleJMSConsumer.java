package io.ferrymq.jca.outbound;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;

/**
 * A consumer of a {@link HandleJMSContext}: a handle session's consumer with unchecked exceptions and receiveBody.
 * Listener methods are forbidden in a container (§12.2). One thread at a time.
 */
final class HandleJMSConsumer implements JMSConsumer {
    private final HandleJMSContext context;
    private final MessageConsumer consumer;

    HandleJMSConsumer(HandleJMSContext context, MessageConsumer consumer) {
        this.context = context;
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return RuntimeErrors.unchecked(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() throws JMSRuntimeException {
        return RuntimeErrors.unchecked(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSRuntimeException {
        RuntimeErrors.uncheckedRun(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return context.delivered(RuntimeErrors.unchecked(consumer::receive));
    }

    @Override
    public Message receive(long timeout) {
        return context.delivered(RuntimeErrors.unchecked(() -> consumer.receive(timeout)));
    }

    @Override
    public Message receiveNoWait() {
        return context.delivered(RuntimeErrors.unchecked(consumer::receiveNoWait));
    }

    @Override
    public void close() {
        RuntimeErrors.uncheckedRun(consumer::close);
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(receive(), c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(receive(timeout), c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(receiveNoWait(), c);
    }

    private static <T> T body(Message m, Class<T> c) {
        return m == null ? null : RuntimeErrors.unchecked(() -> m.getBody(c));
    }
}
