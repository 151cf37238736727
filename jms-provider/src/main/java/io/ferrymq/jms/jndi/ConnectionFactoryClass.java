package io.ferrymq.jms.jndi;

import io.ferrymq.jms.FerryConnectionConfig;
import jakarta.jms.ConnectionFactory;

import javax.naming.NamingException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * A connection factory class found by name, and its public {@code (FerryConnectionConfig)} constructor. Only classes
 * implementing {@link ConnectionFactory} are accepted, so a reference cannot make us instantiate anything else; the
 * class is not initialized before that check. Immutable; safe from any thread.
 */
final class ConnectionFactoryClass {
    private final String className;
    private final Constructor<?> constructor;

    private ConnectionFactoryClass(String className, Constructor<?> constructor) {
        this.className = className;
        this.constructor = constructor;
    }

    /** Loads {@code className} through the thread's context class loader, then this module's. */
    static ConnectionFactoryClass load(String className) throws NamingException {
        Class<?> type = null;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, ConnectionFactoryClass.class.getClassLoader()}) {
            if (loader != null && type == null) {
                try {
                    type = Class.forName(className, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // tried with the next loader, reported below
                }
            }
        }
        if (type == null) {
            throw failure(className, "the class is not on the class path", null);
        }
        if (!ConnectionFactory.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            throw failure(className, "it is not a concrete jakarta.jms.ConnectionFactory", null);
        }
        try {
            return new ConnectionFactoryClass(className, type.getConstructor(FerryConnectionConfig.class));
        } catch (NoSuchMethodException e) {
            throw failure(className, "it has no public constructor taking a FerryConnectionConfig", e);
        }
    }

    String className() {
        return className;
    }

    /** A new factory with a copy of {@code config}. */
    Object newInstance(FerryConnectionConfig config) throws NamingException {
        try {
            return constructor.newInstance(config.copy());
        } catch (InvocationTargetException e) {
            throw failure(className, "its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw failure(className, e.toString(), e);
        }
    }

    private static NamingException failure(String className, String why, Throwable cause) {
        NamingException e = new NamingException("FMQ-JMS-907 cannot create connection factory " + className
                + ": " + why);
        e.setRootCause(cause);
        return e;
    }
}
