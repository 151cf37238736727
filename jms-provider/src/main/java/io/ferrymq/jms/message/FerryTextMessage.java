package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/** A JMS text message. Not thread-safe (see {@link FerryMessage}). */
public class FerryTextMessage extends FerryMessage implements TextMessage {
    private String text;

    public FerryTextMessage() {
    }

    public FerryTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String text) throws JMSException {
        checkBodyWriteable();
        this.text = text;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        text = null;
    }

    @Override
    boolean hasBody() {
        return text != null;
    }

    @Override
    Class<?> bodyClass() {
        return String.class;
    }

    @Override
    Object bodyValue() {
        return text;
    }
}
