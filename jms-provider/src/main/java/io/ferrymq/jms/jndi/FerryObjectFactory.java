package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import io.ferrymq.jms.FerryDestination;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTopic;
import jakarta.jms.InvalidDestinationRuntimeException;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NamingException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.naming.spi.ObjectFactory;
import java.util.Hashtable;
import java.util.Set;

/**
 * Rebuilds FerryMQ objects from JNDI {@link Reference}s: {@link FerryQueue} and {@link FerryTopic} (one
 * {@value #DESTINATION_NAME} address), and connection factories. A connection factory's reference names its class
 * (which must implement {@code jakarta.jms.ConnectionFactory} and have a public {@code (FerryConnectionConfig)}
 * constructor) and holds its options as written by {@link FerryConnectionConfig#toReference(String)}: one string
 * address per option, optionally a {@value #URL} address with a whole {@code ferrymq://} URL that the others
 * override. Stateless; safe from any thread.
 */
public final class FerryObjectFactory implements ObjectFactory {
    /** The address holding a destination's JMS name. */
    public static final String DESTINATION_NAME = "name";
    /** An optional address holding a whole {@code ferrymq://} URL, applied before the option addresses. */
    public static final String URL = "url";
    /**
     * Addresses that application servers add to resource references (Tomcat's {@code ResourceRef}) and that carry no
     * connection option; they are skipped. Any other unknown address is an error.
     */
    public static final Set<String> CONTAINER_ADDRESSES =
            Set.of("description", "scope", "auth", "singleton", "factory", "closeMethod");

    public FerryObjectFactory() {
    }

    /**
     * The object a reference describes, or null when it is not a reference this factory understands (JNDI then tries
     * other factories). Connection factories are only built from references that name this factory.
     *
     * @throws NamingException FMQ-JMS-906 for a bad reference, FMQ-JMS-907 when the factory class cannot be created
     */
    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws NamingException {
        if (!(obj instanceof Reference reference)) {
            return null;
        }
        String className = reference.getClassName();
        if (FerryQueue.class.getName().equals(className) || FerryTopic.class.getName().equals(className)) {
            return destination(reference);
        }
        if (!FerryObjectFactory.class.getName().equals(reference.getFactoryClassName())) {
            return null;
        }
        return ConnectionFactoryClass.load(className).newInstance(configOf(reference));
    }

    /** A reference to a queue or topic, which {@link #getObjectInstance} turns back into an equal one. */
    public static Reference referenceTo(FerryDestination destination) {
        if (destination.kind() != FerryDestination.Kind.QUEUE && destination.kind() != FerryDestination.Kind.TOPIC) {
            throw new IllegalArgumentException("FMQ-JMS-906 only queues and topics can be bound in JNDI, not "
                    + destination);
        }
        return new Reference(destination.getClass().getName(), new StringRefAddr(DESTINATION_NAME, destination.name()),
                FerryObjectFactory.class.getName(), null);
    }

    /**
     * The connection options a reference holds: its {@value #URL} address if any, then each option address;
     * {@link #CONTAINER_ADDRESSES} are skipped.
     *
     * @throws ConfigurationException FMQ-JMS-906 (with the FMQ-JMS-901/902/903 message) for bad addresses
     */
    public static FerryConnectionConfig configOf(Reference reference) throws NamingException {
        try {
            RefAddr url = reference.get(URL);
            FerryConnectionConfig config =
                    url == null ? new FerryConnectionConfig() : FerryConnectionConfig.fromUrl(text(reference, url));
            for (int i = 0; i < reference.size(); i++) {
                RefAddr address = reference.get(i);
                String type = address.getType();
                if (!URL.equals(type) && !CONTAINER_ADDRESSES.contains(type)) {
                    config.set(type, text(reference, address));
                }
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw badReference(reference, e.getMessage(), e);
        }
    }

    private static Object destination(Reference reference) throws NamingException {
        RefAddr address = reference.get(DESTINATION_NAME);
        String name = address == null ? null : text(reference, address);
        if (name == null) {
            throw badReference(reference, "no '" + DESTINATION_NAME + "' address with the destination's name", null);
        }
        try {
            return FerryQueue.class.getName().equals(reference.getClassName())
                    ? new FerryQueue(name) : new FerryTopic(name);
        } catch (InvalidDestinationRuntimeException e) {
            throw badReference(reference, e.getMessage(), e);
        }
    }

    private static String text(Reference reference, RefAddr address) throws ConfigurationException {
        Object content = address.getContent();
        if (content != null && !(content instanceof String)) {
            throw badReference(reference, "address '" + address.getType() + "' holds a " + content.getClass().getName()
                    + ", expected a String", null);
        }
        return (String) content;
    }

    private static ConfigurationException badReference(Reference reference, String why, Throwable cause) {
        ConfigurationException e = new ConfigurationException("FMQ-JMS-906 bad JNDI reference to "
                + reference.getClassName() + ": " + why);
        e.setRootCause(cause);
        return e;
    }
}
