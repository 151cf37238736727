package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A JMS object message. The object is serialized when set, so later changes to it do not reach the message, and
 * deserialized afresh on each read, through {@link TrustedPackages}: a class outside them is refused with a
 * {@link MessageFormatException} naming it. Not thread-safe (see {@link FerryMessage}).
 */
public class FerryObjectMessage extends FerryMessage implements ObjectMessage {
    /** Java serialization of the object; null when there is none. */
    private byte[] serialized;
    private TrustedPackages trustedPackages = TrustedPackages.defaults();

    public FerryObjectMessage() {
    }

    public FerryObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    /** A message holding this serialized form (not copied), as received: read-only. */
    FerryObjectMessage(byte[] serialized, TrustedPackages trustedPackages) {
        this.serialized = serialized;
        this.trustedPackages = trustedPackages;
        bodyReadOnly = true;
    }

    /** Set by the provider from its connection factory's configuration; the default is {@link TrustedPackages#defaults()}. */
    public void setTrustedPackages(TrustedPackages trustedPackages) {
        this.trustedPackages = trustedPackages == null ? TrustedPackages.defaults() : trustedPackages;
    }

    public TrustedPackages trustedPackages() {
        return trustedPackages;
    }

    /** The serialized object, or null; for the codec, not to be changed. */
    byte[] serializedBody() {
        return serialized;
    }

    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWriteable();
        if (object == null) {
            serialized = null;
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (IOException e) {
            MessageFormatException failure = new MessageFormatException("FMQ-JMS-402 cannot serialize "
                    + object.getClass().getName() + ": " + e, "FMQ-JMS-402");
            failure.setLinkedException(e);
            failure.initCause(e);
            throw failure;
        }
        serialized = bytes.toByteArray();
    }

    /** @throws MessageFormatException if the body holds an untrusted class or cannot be deserialized */
    @Override
    public Serializable getObject() throws JMSException {
        if (serialized == null) {
            return null;
        }
        TrustedObjectInputStream in = null;
        try {
            in = new TrustedObjectInputStream(serialized, trustedPackages);
            Object o = in.readObject();
            if (!(o instanceof Serializable s)) {
                throw new MessageFormatException("FMQ-JMS-403 the ObjectMessage body is not a Serializable object",
                        "FMQ-JMS-403");
            }
            return s;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw deserializationFailure(in, e);
        }
    }

    private MessageFormatException deserializationFailure(TrustedObjectInputStream in, Exception cause) {
        String refused = in == null ? null : in.refusedClass();
        MessageFormatException failure = refused != null
                ? new MessageFormatException("FMQ-JMS-401 the ObjectMessage body holds " + refused
                        + ", which is not in the trusted packages " + trustedPackages + "; if the sender is trusted,"
                        + " add its package to the connection factory's trusted packages or to the system property "
                        + TrustedPackages.SYSTEM_PROPERTY, "FMQ-JMS-401")
                : new MessageFormatException("FMQ-JMS-403 the ObjectMessage body cannot be deserialized: " + cause,
                        "FMQ-JMS-403");
        failure.setLinkedException(cause);
        failure.initCause(cause);
        return failure;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        serialized = null;
    }

    @Override
    boolean hasBody() {
        return serialized != null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        Serializable object = getObject();
        if (object == null) {
            return null;
        }
        if (c == null || !c.isInstance(object)) {
            throw new MessageFormatException("FMQ-JMS-309 the body of this ObjectMessage is a "
                    + object.getClass().getName() + " and cannot be returned as " + (c == null ? "null" : c.getName()),
                    "FMQ-JMS-309");
        }
        return c.cast(object);
    }

    /** False, not an exception, when the body cannot be deserialized, as the spec says. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        if (serialized == null) {
            return true;
        }
        try {
            return c != null && c.isInstance(getObject());
        } catch (JMSException e) {
            return false;
        }
    }
}
