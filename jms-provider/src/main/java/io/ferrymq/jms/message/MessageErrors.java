package io.ferrymq.jms.message;

import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

/** The exceptions the message model throws, each with its stable FMQ-JMS code. Stateless. */
final class MessageErrors {
    private MessageErrors() {
    }

    static MessageNotWriteableException propertiesNotWriteable() {
        return new MessageNotWriteableException("FMQ-JMS-301 the properties of a received message are read-only;"
                + " call clearProperties() first", "FMQ-JMS-301");
    }

    static MessageNotWriteableException bodyNotWriteable() {
        return new MessageNotWriteableException("FMQ-JMS-302 the message body is read-only;"
                + " call clearBody() to write a new one", "FMQ-JMS-302");
    }

    static MessageNotReadableException bodyNotReadable() {
        return new MessageNotReadableException("FMQ-JMS-303 the message body is write-only; call reset() to read it",
                "FMQ-JMS-303");
    }

    static MessageFormatException conversion(Object value, String target) {
        String type = value == null ? "null" : value instanceof byte[] ? "byte[]" : value.getClass().getSimpleName();
        return new MessageFormatException("FMQ-JMS-304 a " + type + " value cannot be read as " + target,
                "FMQ-JMS-304");
    }

    static MessageFormatException unsupportedValue(Object value, String allowed) {
        return new MessageFormatException("FMQ-JMS-305 values of class " + value.getClass().getName()
                + " are not allowed here; allowed: " + allowed, "FMQ-JMS-305");
    }

    static MessageFormatException malformed(String what) {
        return new MessageFormatException("FMQ-JMS-501 malformed message on the wire: " + what, "FMQ-JMS-501");
    }
}
