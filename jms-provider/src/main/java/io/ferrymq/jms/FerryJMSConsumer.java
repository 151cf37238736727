package io.ferrymq.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;

/** The simplified API's consumer: a {@link MessageConsumer} with unchecked exceptions and receiveBody. */
final class FerryJMSConsumer implements JMSConsumer {
    private final FerryMessageConsumer consumer;

    FerryJMSConsumer(MessageConsumer consumer) {
        this.consumer = (FerryMessageConsumer) consumer;
    }


    @Override
    public String getMessageSelector() {
        return JmsErrors.unchecked(consumer::getMessageSelector);
    }

    @Override
    public MessageListener getMessageListener() throws JMSRuntimeException {
        return JmsErrors.unchecked(consumer::getMessageListener);
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSRuntimeException {
        JmsErrors.unchecked(() -> {
            consumer.setMessageListener(listener);
            return null;
        });
    }

    @Override
    public Message receive() {
        return JmsErrors.unchecked(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return JmsErrors.unchecked(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return JmsErrors.unchecked(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        JmsErrors.unchecked(() -> {
            consumer.close();
            return null;
        });
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(c, 0, false);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(c, timeout, false);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(c, 0, true);
    }

    private <T> T body(Class<T> c, long timeout, boolean noWait) {
        return JmsErrors.unchecked(() -> {
            Message m = consumer.receive(timeout, noWait, c);
            return m == null ? null : m.getBody(c);
        });
    }
}
